package dev.mamori.lab.train;

import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.labels.LabelView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Trains a model from a tenant's own decision log and fraud labels over a period: every logged
 * authorization is replayed in time order through the live feature code with the outcome the host
 * gave it, and labelled as it was known at the end of the training period (a chargeback that arrived
 * later counts as good in training and as fraud in the measures of the later periods).
 */
public final class DecisionLogTraining {

    /**
     * @param from start of the period (inclusive); to its end (exclusive)
     * @param maxDecisions the most decisions one run reads (its features are held in memory: about
     *     0.6 KB per decision)
     */
    public record Request(TenantId tenant, Instant from, Instant to, TrainingRun.Split split, XgboostTrainer.Params params,
                          int maxDecisions) {
        public Request {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("the period's start must be before its end");
            }
            if (maxDecisions < 20) {
                throw new IllegalArgumentException("a run reads at least 20 decisions");
            }
        }

        public Request(TenantId tenant, Instant from, Instant to, TrainingRun.Split split, XgboostTrainer.Params params) {
            this(tenant, from, to, split, params, 1_000_000);
        }
    }

    /** Thrown when the period holds more decisions than one run may read. */
    public static final class TooManyDecisionsException extends IllegalArgumentException {
        TooManyDecisionsException(int max) {
            super("the period holds more than " + max + " decisions; choose a shorter period");
        }
    }

    private DecisionLogTraining() {
    }

    /**
     * @param now the labels' "known now" instant (the measures of the validation and test periods use them)
     * @throws IllegalArgumentException when the period holds too few decisions or no fraud known by the cut-off
     */
    public static TrainingRun.Report train(DecisionLog log, LabelView labels, List<Duration> windows, FeatureSettings settings,
                                           Request request, Instant now) {
        List<LoggedDecision> decisions = new ArrayList<>();
        log.forEach(request.tenant(), request.from(), request.to(), d -> {
            if (decisions.size() == request.maxDecisions()) {
                throw new TooManyDecisionsException(request.maxDecisions());
            }
            decisions.add(d);
        });
        if (decisions.size() < 20) {
            throw new IllegalArgumentException("the period holds " + decisions.size() + " decisions; at least 20 are needed");
        }
        // The log streams in time order, as TrainingRun orders rows: its training rows are these first ones.
        int trainEnd = TrainingRun.trainEnd(decisions.size(), request.split());
        Instant cutoff = decisions.get(trainEnd - 1).receivedAt();
        Map<UUID, Boolean> atCutoff = labels.known(request.tenant(), request.from(), request.to(), cutoff);
        Map<UUID, Boolean> atNow = labels.known(request.tenant(), request.from(), request.to(), now);
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new IdentityHashMap<>();
        List<LabelledTransaction> history = new ArrayList<>(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            LoggedDecision d = decisions.get(i);
            boolean fraudThen = Boolean.TRUE.equals(atCutoff.get(d.id()));
            boolean fraudNow = Boolean.TRUE.equals(atNow.get(d.id()));
            boolean fraud;
            Instant knownAt;
            if (i < trainEnd) {
                // Training sees exactly the labels known at the cut-off; one that came later is dated later.
                fraud = fraudThen || fraudNow;
                knownAt = fraudThen ? cutoff : now;
            } else {
                fraud = fraudNow;
                knownAt = now;
            }
            LabelledTransaction t = transaction(d, fraud, knownAt);
            history.add(t);
            outcomes.put(t, new FeatureReplay.Outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed()));
        }
        return TrainingRun.run(history, new FeatureReplay(windows, settings), request.split(), request.params(), outcomes::get);
    }

    /** A logged decision as a history row, with the values the host gave its feature engine. */
    public static LabelledTransaction transaction(LoggedDecision d, boolean fraud, Instant labelKnownAt) {
        int digits = Math.max(0, Currency.getInstance(d.currency()).getDefaultFractionDigits());
        double major = digits == 0 ? d.amountMinor() : d.amountMinor() / Math.pow(10, digits);
        return new LabelledTransaction(d.cardFingerprint(), d.bin(), d.receivedAt(), d.amountMinor(), major, d.currency(), d.merchantId(),
                d.terminalId(), d.mcc(), d.merchantCountry(), d.channel(), d.deviceId(), d.ip(),
                d.email() == null ? null : d.email().toLowerCase(java.util.Locale.ROOT), d.deliveryAddress(), fraud, labelKnownAt,
                Map.of());
    }
}
