package dev.mamori.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.Channel;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.model.GradientBoostedTrees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training from a labelled history: the model never learns a label that became known after the
 * training period, it learns fraud from the live engine's features, and the pure-Java scorer
 * evaluates what it trained.
 */
public class TrainingRunTest {
    static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    static final XgboostTrainer.Params PARAMS = new XgboostTrainer.Params(40, 4, 0.2, 1, 1.0, 11);

    /**
     * 150 cardholders paying at their usual shops for 60 days; 15 of their cards are stolen on a
     * random day and then used for bursts of large EC payments from a new device. Fraud labels
     * arrive 5 to 40 days after the payment.
     */
    public static List<LabelledTransaction> history(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledTransaction> rows = new ArrayList<>();
        for (int card = 0; card < 150; card++) {
            String id = "C" + card;
            String device = "dev-" + card;
            boolean stolen = card % 10 == 0;
            long stolenDay = 10 + random.nextInt(45);
            for (int day = 0; day < 60; day++) {
                int payments = random.nextInt(3);
                for (int p = 0; p < payments; p++) {
                    Instant time = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(8 * 60 + random.nextInt(12 * 60)));
                    rows.add(new LabelledTransaction(id, null, time, 500 + random.nextInt(8_000), 0, "JPY", "shop-" + (card % 7), null,
                            "5411", "JP", Channel.FACE_TO_FACE, null, null, null, null, false, time.plus(Duration.ofDays(30)), Map.of()));
                }
                if (stolen && day >= stolenDay && day < stolenDay + 3) {
                    for (int p = 0; p < 3 + random.nextInt(4); p++) {
                        Instant time = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(60 + random.nextInt(180) + p));
                        rows.add(new LabelledTransaction(id, null, time, 40_000 + random.nextInt(150_000), 0, "JPY", "game-" + random.nextInt(3),
                                null, "5816", "JP", Channel.ECOMMERCE, "evil-" + random.nextInt(2), "203.0.113." + random.nextInt(9), null, null, true,
                                time.plus(Duration.ofDays(5 + random.nextInt(36))), Map.of()));
                    }
                }
            }
        }
        // Amounts in major units are what rules and features compare (JPY has no minor unit).
        return rows.stream().map(t -> new LabelledTransaction(t.cardKey(), t.bin(), t.time(), t.amountMinor(), t.amountMinor(),
                t.currency(), t.merchantId(), t.terminalId(), t.mcc(), t.merchantCountry(), t.channel(), t.device(), t.ip(), t.email(), t.deliveryAddress(),
                t.fraud(), t.labelKnownAt(), t.extra())).toList();
    }

    @Test
    void labelsThatBecameKnownAfterTheCutOffCountAsGoodInTraining() {
        Instant cutoff = START.plus(Duration.ofDays(20));
        LabelledTransaction knownBefore = fraud(START.plus(Duration.ofDays(1)), cutoff.minusSeconds(1));
        LabelledTransaction knownAfter = fraud(START.plus(Duration.ofDays(2)), cutoff.plusSeconds(1));
        assertThat(TrainingRun.trainingLabels(List.of(knownBefore, knownAfter), cutoff)).containsExactly(1f, 0f);
    }

    @Test
    void changingLabelsThatArriveAfterTheTrainingPeriodDoesNotChangeTheModel() {
        List<LabelledTransaction> history = history(1);
        TrainingRun.Report report = TrainingRun.run(history, StandardFeatureCatalog.DEFAULT_WINDOWS, TrainingRun.Split.defaults(), PARAMS);
        assertThat(report.fraudKnownOnlyLater()).as("some fraud of the training period was reported only later").isPositive();
        Instant cutoff = report.trainTo();
        // Rewrite history: every label that arrived after the cut-off flips. Training must not notice.
        List<LabelledTransaction> rewritten = history.stream().map(t -> t.labelKnownAt().isAfter(cutoff)
                ? new LabelledTransaction(t.cardKey(), t.bin(), t.time(), t.amountMinor(), t.amount(), t.currency(), t.merchantId(),
                        t.terminalId(), t.mcc(), t.merchantCountry(), t.channel(), t.device(), t.ip(), t.email(), t.deliveryAddress(), !t.fraud(), t.labelKnownAt(),
                        t.extra())
                : t).toList();
        TrainingRun.Report again = TrainingRun.run(rewritten, StandardFeatureCatalog.DEFAULT_WINDOWS, TrainingRun.Split.defaults(), PARAMS);
        assertThat(again.trainFraud()).isEqualTo(report.trainFraud());
        assertThat(new String(again.model())).isEqualTo(new String(report.model()));
    }

    @Test
    void theModelLearnsFraudFromTheEnginesFeaturesAndJavaScoringEvaluatesIt() {
        List<LabelledTransaction> history = history(2);
        TrainingRun.Report report = TrainingRun.run(history, StandardFeatureCatalog.DEFAULT_WINDOWS, TrainingRun.Split.defaults(), PARAMS);
        TrainingRun.Measures test = report.test();
        double baseRate = (double) test.fraud() / test.rows();
        assertThat(test.fraud()).isPositive();
        assertThat(test.averagePrecision()).as("far better than the fraud rate %s", baseRate).isGreaterThan(Math.max(0.5, 5 * baseRate));
        assertThat(test.rocAuc()).isGreaterThan(0.9);
        assertThat(report.features()).contains("amount", "card.count(1h)", "card.newDevice").doesNotContain("score", "cvc.matched");

        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(report.model());
        TrainingRun.Measures onAnotherHistory = TrainingRun.evaluate(trees, history(3), StandardFeatureCatalog.DEFAULT_WINDOWS);
        assertThat(onAnotherHistory.averagePrecision()).isGreaterThan(0.5);
    }

    @Test
    void aHistoryWithoutKnownFraudCannotTrain() {
        List<LabelledTransaction> good = history(4).stream().filter(t -> !t.fraud()).toList();
        assertThatThrownBy(() -> TrainingRun.run(good, StandardFeatureCatalog.DEFAULT_WINDOWS, TrainingRun.Split.defaults(), PARAMS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no fraud");
    }

    static LabelledTransaction fraud(Instant time, Instant known) {
        return new LabelledTransaction("C", null, time, 1000, 1000, "JPY", "M", null, "5411", "JP", Channel.ECOMMERCE, null, null, null, null, true,
                known, Map.of());
    }
}
