package dev.mamori.lab.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.lab.drift.DriftCheck.Level;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftCheckTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = FROM.plusSeconds(86_400);
    /** Half the reference below 10, half from 10 up. */
    private static final Distribution HALVES = new Distribution(new double[] {10}, new double[] {0.5, 0.5}, 0);

    @Test
    void levelsFollowTheConventionalCutOffs() {
        assertThat(Level.of(0.0, 100)).isEqualTo(Level.STABLE);
        assertThat(Level.of(0.0999, 100)).isEqualTo(Level.STABLE);
        assertThat(Level.of(0.1, 100)).isEqualTo(Level.MODERATE);
        assertThat(Level.of(0.2499, 100)).isEqualTo(Level.MODERATE);
        assertThat(Level.of(0.25, 100)).isEqualTo(Level.MAJOR);
        assertThat(Level.of(3, DriftCheck.MIN_ROWS - 1)).as("too few values to judge").isEqualTo(Level.INSUFFICIENT);
        assertThat(Level.of(Double.NaN, 0)).isEqualTo(Level.INSUFFICIENT);
        assertThat(Level.fromId("major")).isEqualTo(Level.MAJOR);
    }

    @Test
    void indicesComputedByHandAndSortedWorstFirst() {
        Baseline baseline = new Baseline(Map.of("a", HALVES, "b", HALVES), HALVES);
        // Columns in another order than the inputs, plus one the model does not read.
        List<String> columns = List.of("b", "x", "a");
        int rows = 100;
        float[] table = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            table[r * 3] = r < 70 ? 1 : 20; // b: 70 % below 10
            table[r * 3 + 1] = 1000;
            table[r * 3 + 2] = r < 52 ? 1 : 20; // a: 52 % below 10
        }
        double[] scores = new double[100];
        Arrays.fill(scores, 0, 90, 5);
        Arrays.fill(scores, 90, 100, 50);
        DriftCheck.Result result = DriftCheck.compare(baseline, 3, FROM, TO, scores, List.of("a", "b", "c"), columns, table, rows);

        // (0.7 − 0.5)·ln(0.7/0.5) + (0.3 − 0.5)·ln(0.3/0.5)
        double b = 0.2 * Math.log(1.4) + 0.2 * Math.log(0.5 / 0.3);
        double a = 0.02 * Math.log(1.04) + 0.02 * Math.log(0.5 / 0.48);
        double score = 0.4 * Math.log(1.8) + 0.4 * Math.log(5);
        assertThat(b).isCloseTo(0.1695, within(1e-4));
        assertThat(result.features()).extracting(DriftCheck.Item::name).containsExactly("b", "a");
        assertThat(result.features().get(0).psi()).isCloseTo(b, within(1e-9));
        assertThat(result.features().get(0).level()).isEqualTo(Level.MODERATE);
        assertThat(result.features().get(1).psi()).isCloseTo(a, within(1e-9));
        assertThat(result.features().get(1).level()).isEqualTo(Level.STABLE);
        assertThat(result.score().psi()).isCloseTo(score, within(1e-9));
        assertThat(result.score().level()).isEqualTo(Level.MAJOR);
        assertThat(result.score().rows()).isEqualTo(100);
        assertThat(result.unmeasured()).containsExactly("c");
        assertThat(result.decisions()).isEqualTo(100);
        assertThat(result.level()).isEqualTo(Level.MAJOR);
        assertThat(DriftCheck.summary(result)).contains("major drift", "score PSI 0.879");
    }

    @Test
    void withoutScoresTheFeaturesDecideAndFewRowsAreNotJudged() {
        Baseline baseline = new Baseline(Map.of("a", HALVES), HALVES);
        float[] few = new float[10];
        Arrays.fill(few, 20); // all above: a huge index, but ten values
        DriftCheck.Result result = DriftCheck.compare(baseline, 1, FROM, TO, new double[0], List.of("a"), List.of("a"), few, 10);
        assertThat(result.score().psi()).isNaN();
        assertThat(result.features().get(0).psi()).isGreaterThan(1);
        assertThat(result.level()).isEqualTo(Level.INSUFFICIENT);
        assertThat(DriftCheck.summary(result)).contains("score PSI n/a");
    }

    @Test
    void aShiftedPopulationIsDetectedAndAFreshSampleOfTheSameIsNot() {
        SplittableRandom random = new SplittableRandom(11);
        double[] training = amounts(random, 5000, 1);
        Baseline baseline = new Baseline(Map.of("amount", Distribution.of(training)), Distribution.of(training));
        DriftCheck.Result same = check(baseline, amounts(random, 2000, 1));
        DriftCheck.Result shifted = check(baseline, amounts(random, 2000, 5));
        assertThat(same.level()).as("psi %s", same.features().get(0).psi()).isEqualTo(Level.STABLE);
        assertThat(same.features().get(0).psi()).isLessThan(0.05);
        assertThat(shifted.level()).as("psi %s", shifted.features().get(0).psi()).isEqualTo(Level.MAJOR);
        assertThat(shifted.features().get(0).psi()).isGreaterThan(1);
    }

    /** Log-normal amounts (yen), times a factor. */
    private static double[] amounts(SplittableRandom random, int n, double factor) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.round(Math.exp(6 + random.nextDouble() * 5) * factor);
        }
        return a;
    }

    private static DriftCheck.Result check(Baseline baseline, double[] live) {
        float[] table = new float[live.length];
        for (int i = 0; i < live.length; i++) {
            table[i] = (float) live[i];
        }
        return DriftCheck.compare(baseline, 1, FROM, TO, live, List.of("amount"), List.of("amount"), table, live.length);
    }
}
