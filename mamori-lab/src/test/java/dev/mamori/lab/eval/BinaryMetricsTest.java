package dev.mamori.lab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The measures against scikit-learn's documented examples and against brute-force definitions on
 * random data (every pair for ROC AUC, every threshold for recall at a false-positive rate).
 */
class BinaryMetricsTest {

    static List<ScoredOutcome> outcomes(double[] scores, int[] labels) {
        List<ScoredOutcome> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new ScoredOutcome(scores[i], labels[i] == 1, 1000));
        }
        return out;
    }

    @Test
    void scikitLearnsDocumentedExamples() {
        // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...; roc_auc_score == 0.75
        BinaryMetrics m = BinaryMetrics.of(outcomes(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}));
        assertThat(m.averagePrecision()).isCloseTo(0.8333333333, within(1e-9));
        assertThat(m.rocAuc()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void rocAucIsTheShareOfFraudGoodPairsOrderedRightWithTiesCountedHalf() {
        SplittableRandom random = new SplittableRandom(3);
        List<ScoredOutcome> data = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean fraud = random.nextDouble() < 0.2;
            // Coarse scores, so there are many ties.
            double score = Math.round((fraud ? random.nextDouble(0.3, 1) : random.nextDouble(0, 0.7)) * 20) / 20.0;
            data.add(new ScoredOutcome(score, fraud, random.nextDouble(100, 50_000)));
        }
        double pairs = 0;
        double right = 0;
        for (ScoredOutcome f : data) {
            for (ScoredOutcome g : data) {
                if (f.fraud() && !g.fraud()) {
                    pairs++;
                    right += f.score() > g.score() ? 1 : f.score() == g.score() ? 0.5 : 0;
                }
            }
        }
        assertThat(BinaryMetrics.of(data).rocAuc()).isCloseTo(right / pairs, within(1e-12));
    }

    @Test
    void recallAtAFalsePositiveRateIsTheBestRecallWithinIt() {
        SplittableRandom random = new SplittableRandom(5);
        List<ScoredOutcome> data = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean fraud = random.nextDouble() < 0.05;
            data.add(new ScoredOutcome(fraud ? random.nextDouble(0.2, 1) : random.nextDouble(0, 0.9), fraud, 1000));
        }
        BinaryMetrics m = BinaryMetrics.of(data);
        for (double limit : new double[] {0, 0.001, 0.01, 0.1, 1}) {
            double best = 0;
            for (ScoredOutcome t : data) {
                long fp = data.stream().filter(o -> !o.fraud() && o.score() >= t.score()).count();
                long tp = data.stream().filter(o -> o.fraud() && o.score() >= t.score()).count();
                if ((double) fp / m.negatives() <= limit) {
                    best = Math.max(best, (double) tp / m.positives());
                }
            }
            assertThat(m.recallAtFalsePositiveRate(limit)).as("at FPR %s", limit).isCloseTo(best, within(1e-12));
            assertThat(m.atFalsePositiveRate(limit).falsePositiveRate()).isLessThanOrEqualTo(limit);
        }
        assertThat(m.recallAtFalsePositiveRate(1)).isEqualTo(1.0);
    }

    @Test
    void theMoneyViewCountsFraudCaughtAndGoodPaymentsStopped() {
        List<ScoredOutcome> data = List.of(new ScoredOutcome(0.9, true, 50_000), new ScoredOutcome(0.8, false, 3_000),
                new ScoredOutcome(0.7, true, 20_000), new ScoredOutcome(0.2, false, 1_000), new ScoredOutcome(0.1, true, 30_000));
        BinaryMetrics.Operating at = BinaryMetrics.of(data).atThreshold(0.7);
        assertThat(at.fraudAmountCaught()).isEqualTo(70_000);
        assertThat(at.fraudAmountShare()).isCloseTo(0.7, within(1e-12));
        assertThat(at.goodAmountStopped()).isEqualTo(3_000);
        assertThat(at.goodPaymentsStopped()).isEqualTo(1);
        assertThat(at.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(at.precision()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void degenerateInputsAreRefusedOrNaN() {
        assertThatThrownBy(() -> BinaryMetrics.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoredOutcome(Double.NaN, true, 1)).isInstanceOf(IllegalArgumentException.class);
        BinaryMetrics noFraud = BinaryMetrics.of(outcomes(new double[] {0.1, 0.2}, new int[] {0, 0}));
        assertThat(noFraud.averagePrecision()).isNaN();
        assertThat(noFraud.rocAuc()).isNaN();
        assertThatThrownBy(() -> noFraud.recallAtFalsePositiveRate(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
