package dev.mamori.lab.train;

import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.RiskLists;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.features.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a history into model inputs with the live engine's own feature code: each payment, in time
 * order, is given to the risk module's {@link FeatureEngine} exactly as the authorization host gives
 * it a request (compute from the state before the payment, then record it), so a feature means the
 * same offline as online. The model's inputs are the catalog's numeric and yes/no features except
 * those the host supplies at decision time (lists, CVC, 3-D Secure, card status, the score itself),
 * which a history does not have.
 */
public final class FeatureReplay {
    private static final TenantId TENANT = new TenantId(new UUID(0, 1));
    private static final Set<String> LEFT_OUT = Set.of("score");

    private final StandardFeatureCatalog catalog;
    private final List<FeatureSlot> inputs;

    public FeatureReplay(List<Duration> windows) {
        this.catalog = StandardFeatureCatalog.create(windows);
        List<FeatureSlot> slots = new ArrayList<>();
        for (FeatureSlot slot : catalog.slots()) {
            if (slot.type() != ValueType.TEXT && !catalog.suppliedFactNames().contains(slot.name()) && !LEFT_OUT.contains(slot.name())) {
                slots.add(slot);
            }
        }
        this.inputs = List.copyOf(slots);
    }

    /** The model's input names, in column order (the catalog's canonical names, e.g. {@code card.count(1h)}). */
    public List<String> names() {
        return inputs.stream().map(FeatureSlot::name).toList();
    }

    /** The rows in time order and their features, row-major. */
    public record Replayed(List<LabelledTransaction> ordered, float[] features, int columns) {
    }

    public Replayed replay(List<LabelledTransaction> history) {
        List<LoggedPayment> rows = new ArrayList<>(history.size());
        for (LabelledTransaction t : history) {
            // A history is what happened: each payment counts as approved.
            rows.add(new LoggedPayment(t, true, false));
        }
        return replayLogged(rows);
    }

    /**
     * A payment of a decision log and the host's answer to it, which the engine records as the
     * live host did: a declined payment counts in {@code declines}, not in approved sums.
     *
     * @param declinedForCvcOrExpiry the decline was for a wrong CVC2 or expiry date
     */
    public record LoggedPayment(LabelledTransaction payment, boolean approved, boolean declinedForCvcOrExpiry) {
    }

    /** Replays a decision log with its outcomes; payments of the same instant keep the order given. */
    public Replayed replayLogged(List<LoggedPayment> history) {
        List<LoggedPayment> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparing(p -> p.payment().time()));
        FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.defaults());
        FeatureInput in = new FeatureInput();
        FeatureVector vector = new FeatureVector(catalog);
        int columns = inputs.size();
        List<LabelledTransaction> ordered = new ArrayList<>(sorted.size());
        float[] features = new float[sorted.size() * columns];
        for (int r = 0; r < sorted.size(); r++) {
            LoggedPayment p = sorted.get(r);
            LabelledTransaction t = p.payment();
            ordered.add(t);
            fill(in, t);
            vector.clear();
            engine.compute(in, vector);
            double[] numbers = vector.numbers();
            for (int c = 0; c < columns; c++) {
                features[r * columns + c] = (float) numbers[inputs.get(c).index()];
            }
            in.outcome(p.approved(), p.declinedForCvcOrExpiry());
            engine.record(in);
        }
        return new Replayed(ordered, features, columns);
    }

    /** What the host's fillInput sets, from a history row (no card number: no account body). */
    static void fill(FeatureInput in, LabelledTransaction t) {
        in.reset();
        in.tenant(TENANT);
        in.card(t.cardKey());
        in.bin(t.bin());
        in.device(t.device());
        in.ip(t.ip());
        in.email(t.email());
        // The host keys addresses by their normalized form, so spellings of one address are one entity.
        var address = RiskLists.parseAddress(t.deliveryAddress());
        in.address(address == null ? null : address.key());
        in.merchant(t.merchantId());
        in.amount(t.amountMinor(), t.amount());
        in.currency(t.currency());
        in.mcc(t.mcc());
        in.merchantCountry(t.merchantCountry());
        in.channel(t.channel());
        in.eventTime(t.time().toEpochMilli());
    }
}
