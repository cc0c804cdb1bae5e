package dev.mamori.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The scorer on hand-written XGBoost JSON, where every answer can be worked out on paper (the
 * equality with XGBoost itself on trained models is proven in mamori-lab).
 */
class GradientBoostedTreesTest {

    /**
     * Tree 0 splits feature 0 at 10 (missing goes right): leaves -1 (cover 30) and +1 (cover 10).
     * Tree 1 splits feature 1 at 0.5 (missing goes left): leaves 0.5 (cover 20) and -0.5 (cover 20).
     */
    static String model(String baseScore) {
        return """
                {"learner":{"feature_names":["amount","new_device"],
                  "gradient_booster":{"name":"gbtree","model":{"trees":[
                    {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[0,0,0],
                     "split_conditions":[10.0,-1.0,1.0],"default_left":[0,0,0],"sum_hessian":[40,30,10],"split_type":[0,0,0]},
                    {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[1,0,0],
                     "split_conditions":[0.5,0.5,-0.5],"default_left":[1,0,0],"sum_hessian":[40,20,20],"split_type":[0,0,0]}]}},
                  "learner_model_param":{"base_score":"%s","num_feature":"2"},
                  "objective":{"name":"binary:logistic"}}}
                """.formatted(baseScore);
    }

    static GradientBoostedTrees trees(String baseScore) {
        return GradientBoostedTrees.fromXgboostJson(model(baseScore).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValueBelowTheSplitGoesLeftAndOneEqualToItGoesRight() {
        GradientBoostedTrees trees = trees("5E-1");
        assertThat(trees.margin(new float[] {9.99f, 0})).isEqualTo(-1f + 0.5f);
        assertThat(trees.margin(new float[] {10f, 0})).isEqualTo(1f + 0.5f);
        assertThat(trees.margin(new float[] {10f, 1})).isEqualTo(1f - 0.5f);
        assertThat(trees.score(new float[] {10f, 0})).isCloseTo(1 / (1 + Math.exp(-1.5)), within(1e-7));
    }

    @Test
    void aMissingValueTakesTheNodesDefaultDirection() {
        GradientBoostedTrees trees = trees("5E-1");
        assertThat(trees.margin(new float[] {Float.NaN, Float.NaN})).isEqualTo(1f + 0.5f);
    }

    @Test
    void theBaseScoreIsAProbabilityTurnedIntoLogOddsInEitherSpelling() {
        float shift = (float) Math.log(0.2 / 0.8);
        assertThat(trees("2E-1").margin(new float[] {0, 0})).isCloseTo(-0.5f + shift, within(1e-6f));
        assertThat(trees("[2E-1]").margin(new float[] {0, 0})).isCloseTo(-0.5f + shift, within(1e-6f));
    }

    @Test
    void contributionsAreTheShapleyValuesOfEachSplitAndSumToTheMargin() {
        GradientBoostedTrees trees = trees("5E-1");
        double[] phi = new double[3];
        trees.contributions(new float[] {3, 1}, phi);
        // Tree 0: expected (30·-1 + 10·1)/40 = -0.5, this row gets -1: amount contributes -0.5.
        // Tree 1: expected 0, this row gets -0.5: new_device contributes -0.5.
        assertThat(phi[0]).isCloseTo(-0.5, within(1e-12));
        assertThat(phi[1]).isCloseTo(-0.5, within(1e-12));
        assertThat(phi[2]).as("bias: expected margin").isCloseTo(-0.5, within(1e-12));
        assertThat(phi[0] + phi[1] + phi[2]).isCloseTo(trees.margin(new float[] {3, 1}), within(1e-6));
    }

    @Test
    void pathAttributionCreditsEachSplitWithTheChangeInExpectedValue() {
        GradientBoostedTrees trees = trees("5E-1");
        double[] phi = new double[3];
        trees.pathContributions(new float[] {12, Float.NaN}, phi);
        // Tree 0: -0.5 → +1 at the amount split; tree 1: 0 → +0.5 (missing goes left) at the device split.
        assertThat(phi[0]).isCloseTo(1.5, within(1e-12));
        assertThat(phi[1]).isCloseTo(0.5, within(1e-12));
        assertThat(phi[2]).isCloseTo(-0.5, within(1e-12));
        assertThat(phi[0] + phi[1] + phi[2]).isCloseTo(trees.margin(new float[] {12, Float.NaN}), within(1e-6));
    }

    @Test
    void brokenModelsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> trees("1.5")).isInstanceOf(InvalidModelException.class).hasMessageContaining("base_score");
        String json = model("5E-1");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson(json.replace("\"split_indices\":[1,0,0]", "\"split_indices\":[7,0,0]")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidModelException.class).hasMessageContaining("feature 7 of 2");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson(json.replace("\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[1",
                "\"left_children\":[0,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[1").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson(json.replace("\"split_type\":[0,0,0]}]", "\"split_type\":[1,0,0]}]")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidModelException.class).hasMessageContaining("categorical");
        assertThatThrownBy(() -> GradientBoostedTrees.fromXgboostJson(json.replace("\"gbtree\"", "\"dart\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("dart");
    }
}
