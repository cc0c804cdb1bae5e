package dev.mamori.lab.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.eval.BinaryMetrics;
import dev.mamori.lab.train.TrainingRun;
import dev.mamori.lab.train.XgboostTrainer;
import dev.mamori.risk.Action;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small benchmark run (two weeks, 200 cardholders, 2,500 payments): the host really decided the
 * traffic with the starter rules, the figures are consistent with each other, and the model learnt
 * only the labels known at its training cut-off.
 */
class QualityBenchmarkTest {
    static final QualityBenchmark.Options SMALL = new QualityBenchmark.Options(7, 200, 2_500, 14, LocalDate.of(2026, 4, 1),
            TrainingRun.Split.defaults(), new XgboostTrainer.Params(20, 3, 0.3, 1, 1.0, 5), LabelDelays.defaults());

    static SimulatedHistory.Result history;
    static QualityBenchmark.Outcome outcome;

    @BeforeAll
    static void run() {
        history = SimulatedHistory.run(SMALL.seed(), SMALL.cards(), SMALL.transactions(), SMALL.days(), SMALL.start(), SMALL.delays());
        outcome = QualityBenchmark.evaluate(SMALL, history, System.nanoTime());
    }

    @Test
    void everyPaymentWasDecidedByTheHostWithTheStarterRulesActive() {
        assertThat(history.rows()).hasSize(2_500);
        assertThat(history.ruleVersion()).isPositive();
        List<String> reasons = history.rows().stream().filter(SimulatedHistory.Row::stopped).map(SimulatedHistory.Row::reasons).toList();
        assertThat(reasons).as("payments stopped by the starter rules, by name")
                .anyMatch(r -> r.contains("shared-delivery-address") || r.contains("new-device-new-address")
                        || r.contains("device-and-address-changed") || r.contains("new-device-high-risk"));
        assertThat(history.rows()).as("ordinary cardholders are mostly approved")
                .filteredOn(r -> !r.payment().fraud()).filteredOn(r -> r.action() == Action.APPROVE).hasSizeGreaterThan(1_500);
        for (int i = 1; i < history.rows().size(); i++) {
            assertThat(history.rows().get(i).payment().time()).isAfterOrEqualTo(history.rows().get(i - 1).payment().time());
        }
    }

    @Test
    void theFiguresAreConsistent() {
        QualityBenchmark.Report r = outcome.report();
        assertThat(r.train().payments() + r.validation().payments() + r.test().payments()).isEqualTo(r.payments());
        assertThat(r.test().fraud()).as("the held-out period has fraud to catch").isPositive();
        assertThat(r.systems()).extracting(QualityBenchmark.SystemResult::name).containsExactly("rules only", "model only", "rules + model");
        for (QualityBenchmark.SystemResult s : r.systems()) {
            assertThat(s.averagePrecision()).isBetween(0.0, 1.0);
            assertThat(s.rocAuc()).isBetween(0.0, 1.0);
            assertThat(s.recallAt01PercentFpr()).isBetween(0.0, 1.0);
            assertThat(s.recallAt1PercentFpr()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(s.recallAt01PercentFpr());
            for (QualityBenchmark.Point p : s.points()) {
                BinaryMetrics.Operating o = p.at();
                assertThat(o.recall()).isBetween(0.0, 1.0);
                assertThat(o.falsePositiveRate()).isBetween(0.0, 1.0);
                assertThat(o.fraudAmountCaught()).isBetween(0.0, r.test().fraudAmount() + 1e-6);
                assertThat(o.goodAmountStopped()).isBetween(0.0, r.test().goodAmount() + 1e-6);
            }
            assertThat(s.caughtByScenario().values().stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(r.test().fraud());
        }
        // The rules' operating point is exactly what the host stopped in the held-out period.
        List<SimulatedHistory.Row> test = history.rows().subList((int) (r.train().payments() + r.validation().payments()), history.rows().size());
        long stoppedFraud = test.stream().filter(x -> x.stopped() && x.payment().fraud()).count();
        BinaryMetrics.Operating rules = r.systems().get(0).points().get(0).at();
        assertThat(rules.recall()).isCloseTo((double) stoppedFraud / r.test().fraud(), within(1e-12));
        // Rules + model stops everything the rules stop, and more.
        for (int k = 0; k < 2; k++) {
            BinaryMetrics.Operating combined = r.systems().get(2).points().get(k).at();
            assertThat(combined.recall()).isGreaterThanOrEqualTo(rules.recall());
            assertThat(combined.fraudAmountCaught()).isGreaterThanOrEqualTo(rules.fraudAmountCaught());
        }
    }

    @Test
    void theModelTrainsOnlyOnLabelsKnownAtTheCutOff() {
        QualityBenchmark.Report r = outcome.report();
        Instant cutoff = r.cutoff();
        float[] labels = outcome.trainingLabels();
        assertThat(labels).hasSize((int) r.train().payments());
        assertThat(r.fraudKnownOnlyLater()).as("some fraud of the training period was reported only after it").isPositive();
        for (int i = 0; i < labels.length; i++) {
            LabelledTransaction t = history.rows().get(i).payment();
            assertThat(labels[i] == 1).isEqualTo(t.fraud() && !t.labelKnownAt().isAfter(cutoff));
        }
        // Rewrite history: every label that became known after the cut-off flips. The model must not change.
        List<SimulatedHistory.Row> rewritten = new ArrayList<>();
        int flipped = 0;
        for (SimulatedHistory.Row row : history.rows()) {
            LabelledTransaction t = row.payment();
            if (t.labelKnownAt().isAfter(cutoff)) {
                flipped++;
                t = new LabelledTransaction(t.cardKey(), t.bin(), t.time(), t.amountMinor(), t.amount(), t.currency(), t.merchantId(),
                        t.terminalId(), t.mcc(), t.merchantCountry(), t.channel(), t.device(), t.ip(), t.email(), t.deliveryAddress(),
                        !t.fraud(), t.labelKnownAt(), t.extra());
            }
            rewritten.add(new SimulatedHistory.Row(t, row.outcome(), row.scenario(), row.action(), row.responseCode(), row.reasons()));
        }
        assertThat(flipped).as("every later payment, and late fraud").isGreaterThan((int) r.validation().payments());
        QualityBenchmark.Outcome again = QualityBenchmark.evaluate(SMALL,
                new SimulatedHistory.Result(rewritten, history.ruleVersion(), 0, 0), System.nanoTime());
        assertThat(again.model()).as("the trained model, byte for byte").isEqualTo(outcome.model());
        assertThat(again.report().test().fraud()).as("while the held-out truth did change").isNotEqualTo(r.test().fraud());
    }

    @Test
    void labelDatesFollowTheStatedDelays() {
        LabelDelays d = LabelDelays.defaults();
        for (SimulatedHistory.Row row : history.rows()) {
            LabelledTransaction t = row.payment();
            if (!t.fraud()) {
                continue;
            }
            java.time.Duration delay = java.time.Duration.between(t.time(), t.labelKnownAt());
            if (row.outcome().approved()) {
                boolean reported = delay.compareTo(d.reportMin()) >= 0 && delay.compareTo(d.reportMax()) <= 0;
                boolean chargeback = delay.compareTo(d.chargebackMin()) >= 0 && delay.compareTo(d.chargebackMax()) <= 0;
                assertThat(reported || chargeback).isTrue();
            } else {
                assertThat(delay).isBetween(d.stoppedMin(), d.stoppedMax());
            }
        }
    }

    @Test
    void theCombinationRanksRuleStoppedPaymentsFirst() {
        assertThat(QualityBenchmark.combinedScore(true, 0.0)).isGreaterThan(QualityBenchmark.combinedScore(false, 1.0));
        assertThat(QualityBenchmark.combinedScore(true, 0.9)).isGreaterThan(QualityBenchmark.combinedScore(true, 0.1));
        assertThat(QualityBenchmark.combinedScore(false, 0.3)).isEqualTo(0.3);
    }

    @Test
    void theSameSeedDecidesTheSameWay() {
        SimulatedHistory.Result a = SimulatedHistory.run(3, 60, 600, 7, LocalDate.of(2026, 4, 1), LabelDelays.defaults());
        SimulatedHistory.Result b = SimulatedHistory.run(3, 60, 600, 7, LocalDate.of(2026, 4, 1), LabelDelays.defaults());
        assertThat(a.rows()).hasSameSizeAs(b.rows());
        for (int i = 0; i < a.rows().size(); i++) {
            SimulatedHistory.Row x = a.rows().get(i);
            SimulatedHistory.Row y = b.rows().get(i);
            assertThat(y.payment()).isEqualTo(x.payment());
            assertThat(y.action()).isEqualTo(x.action());
            assertThat(y.reasons()).isEqualTo(x.reasons());
        }
    }
}
