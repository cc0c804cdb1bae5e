package dev.mamori.lab.train;

import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.RiskLists;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.model.ModelInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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

    private final StandardFeatureCatalog catalog;
    private final ModelInputs inputs;

    private final FeatureSettings settings;

    public FeatureReplay(List<Duration> windows) {
        this(windows, FeatureSettings.defaults());
    }

    /** @param settings the live host's feature settings (e.g. what counts as a small amount), so values match */
    public FeatureReplay(List<Duration> windows, FeatureSettings settings) {
        this.catalog = StandardFeatureCatalog.create(windows);
        this.inputs = ModelInputs.resolve(catalog, ModelInputs.trainable(catalog));
        this.settings = settings;
    }

    /** The model's input names, in column order (the catalog's canonical names, e.g. {@code card.count(1h)}). */
    public List<String> names() {
        return inputs.names();
    }

    /** The rows in time order and their features, row-major. */
    public record Replayed(List<LabelledTransaction> ordered, float[] features, int columns) {
    }

    /** How the host answered a payment: what the outcome-dependent features (declines, approved sums) learn from. */
    public record Outcome(boolean approved, boolean cvcFailed) {
        public static final Outcome APPROVED = new Outcome(true, false);
    }

    /** Replays a history in which every payment counts as approved (a labelled export of what happened). */
    public Replayed replay(List<LabelledTransaction> history) {
        return replay(history, t -> Outcome.APPROVED);
    }

    /**
     * Replays a history with each payment's own outcome (the decision log's), as the host recorded it.
     * Rows of equal time keep their order in {@code history}.
     */
    public Replayed replay(List<LabelledTransaction> history, Function<LabelledTransaction, Outcome> outcomes) {
        List<LabelledTransaction> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(LabelledTransaction::time));
        FeatureEngine engine = new FeatureEngine(catalog, settings);
        FeatureInput in = new FeatureInput();
        FeatureVector vector = new FeatureVector(catalog);
        int columns = inputs.size();
        float[] row = new float[columns];
        float[] features = new float[ordered.size() * columns];
        for (int r = 0; r < ordered.size(); r++) {
            LabelledTransaction t = ordered.get(r);
            fill(in, t);
            vector.clear();
            engine.compute(in, vector);
            inputs.fill(vector, row);
            System.arraycopy(row, 0, features, r * columns, columns);
            Outcome outcome = outcomes.apply(t);
            in.outcome(outcome.approved(), outcome.cvcFailed());
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
