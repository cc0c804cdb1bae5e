package dev.mamori.lab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The risk module scores models in pure Java; this proves it gives XGBoost's own answers: the
 * probability to 1e-6 and every TreeSHAP contribution to 1e-4 on a held-out test set with missing
 * values, for a model trained here by XGBoost4J on fraud-shaped data (rare positives, skewed amounts).
 */
class JavaScoringEqualsXgboostTest {
    static final int COLUMNS = 8;
    static final List<String> NAMES = List.of("amount", "card_count_1h", "distinct_devices_24h", "new_device", "ip_country_mismatch",
            "hour_of_day", "decline_ratio_1h", "amount_vs_card_median");
    static XgboostTrainer.Dataset training;
    static XgboostTrainer.Dataset test;
    static byte[] model;

    @BeforeAll
    static void train() {
        training = synthetic(6_000, 1);
        test = synthetic(2_000, 2);
        model = XgboostTrainer.train(training, new XgboostTrainer.Params(60, 5, 0.15, 10.0, 0.8, 7));
    }

    /** Fraud-shaped rows: about 3 % positives driven by a few features, noise elsewhere, 5 % missing values. */
    static XgboostTrainer.Dataset synthetic(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * COLUMNS];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            float amount = (float) Math.exp(random.nextDouble(4, 12));
            float count = random.nextInt(0, 12);
            float devices = random.nextInt(1, 6);
            float newDevice = random.nextInt(2);
            float mismatch = random.nextDouble() < 0.1 ? 1 : 0;
            float hour = random.nextInt(24);
            float declines = (float) random.nextDouble();
            float ratio = (float) random.nextDouble(0, 8);
            float[] row = {amount, count, devices, newDevice, mismatch, hour, declines, ratio};
            double risk = -8 + 1.2 * newDevice + 1.5 * mismatch + 0.25 * count + 2.0 * declines * declines + 0.3 * ratio
                    + (hour < 5 ? 0.8 : 0);
            y[r] = random.nextDouble() < 1 / (1 + Math.exp(-risk)) ? 1 : 0;
            for (int c = 0; c < COLUMNS; c++) {
                x[r * COLUMNS + c] = random.nextDouble() < 0.05 ? Float.NaN : row[c];
            }
        }
        return new XgboostTrainer.Dataset(x, rows, COLUMNS, y, NAMES);
    }

    @Test
    void javaProbabilitiesEqualXgboostsOwnPredictionsOnTheTestSet() throws Exception {
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(model);
        assertThat(trees.treeCount()).isEqualTo(60);
        assertThat(trees.featureNames()).isEqualTo(NAMES);
        Booster booster = XGBoost.loadModel(model);
        DMatrix matrix = XgboostTrainer.matrix(test);
        float[][] expected = booster.predict(matrix);
        double worst = 0;
        int positives = 0;
        for (int r = 0; r < test.rows(); r++) {
            double java = trees.score(row(test, r));
            worst = Math.max(worst, Math.abs(java - expected[r][0]));
            positives += test.labels()[r] > 0 ? 1 : 0;
        }
        assertThat(worst).as("largest difference over %d rows", test.rows()).isLessThan(1e-6);
        assertThat(positives).as("the test set has some fraud, not much").isBetween(20, 200);
        booster.dispose();
        matrix.dispose();
    }

    @Test
    void treeShapContributionsEqualXgboostsAndSumToTheMargin() throws Exception {
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(model);
        Booster booster = XGBoost.loadModel(model);
        DMatrix matrix = XgboostTrainer.matrix(test);
        float[][] expected = booster.predictContrib(matrix, 0);
        float[][] margins = booster.predict(matrix, true);
        double[] out = new double[COLUMNS + 1];
        double worst = 0;
        for (int r = 0; r < test.rows(); r++) {
            trees.contributions(row(test, r), out);
            double sum = 0;
            for (int c = 0; c <= COLUMNS; c++) {
                worst = Math.max(worst, Math.abs(out[c] - expected[r][c]));
                sum += out[c];
            }
            assertThat(sum).isCloseTo(margins[r][0], org.assertj.core.data.Offset.offset(1e-4));
            trees.pathContributions(row(test, r), out);
            assertThat(java.util.Arrays.stream(out).sum()).as("path attribution sums to the margin too")
                    .isCloseTo(margins[r][0], org.assertj.core.data.Offset.offset(1e-4));
            assertThat((double) trees.margin(row(test, r))).isCloseTo(margins[r][0], org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(worst).as("largest contribution difference").isLessThan(1e-4);
        booster.dispose();
        matrix.dispose();
    }

    @Test
    void aModelThatIsNotABinaryTreeModelIsRefusedNamingWhy() {
        String json = new String(model, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("learner");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson(json.replace("binary:logistic", "reg:squarederror")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidModelException.class).hasMessageContaining("objective");
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(model);
        assertThatThrownBy(() -> trees.score(new float[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 features");
    }

    static float[] row(XgboostTrainer.Dataset data, int r) {
        float[] row = new float[data.columns()];
        System.arraycopy(data.features(), r * data.columns(), row, 0, data.columns());
        return row;
    }

    static List<float[]> rows(XgboostTrainer.Dataset data) {
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            rows.add(row(data, r));
        }
        return rows;
    }
}
