package dev.mamori.lab.train;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a binary gradient-boosted tree model with XGBoost4J and exports it as XGBoost JSON, the
 * form the risk module scores in plain Java ({@code GradientBoostedTrees}). Offline only.
 */
public final class XgboostTrainer {

    /**
     * @param rounds boosting rounds (trees)
     * @param maxDepth the deepest a tree grows
     * @param learningRate eta
     * @param positiveWeight weight of a fraud row relative to a good one ({@code scale_pos_weight}):
     *     fraud is rare, so without it the trees learn to say "good"
     * @param seed the random seed (row and column sampling), so a training run can be repeated
     */
    public record Params(int rounds, int maxDepth, double learningRate, double positiveWeight, double subsample, long seed) {
        public Params {
            if (rounds < 1 || rounds > 5_000 || maxDepth < 1 || maxDepth > 16 || !(learningRate > 0 && learningRate <= 1)
                    || !(positiveWeight > 0) || !(subsample > 0 && subsample <= 1)) {
                throw new IllegalArgumentException("rounds 1–5000, max depth 1–16, learning rate (0, 1], positive weight > 0, "
                        + "subsample (0, 1]");
            }
        }

        public static Params defaults() {
            return new Params(200, 6, 0.1, 1.0, 0.8, 42);
        }

        public Params withPositiveWeight(double weight) {
            return new Params(rounds, maxDepth, learningRate, weight, subsample, seed);
        }
    }

    /** A training set: row-major features ({@code NaN} = missing), 0/1 labels, the features' names. */
    public record Dataset(float[] features, int rows, int columns, float[] labels, List<String> names) {
        public Dataset {
            if (rows < 1 || columns < 1 || features.length != rows * columns || labels.length != rows
                    || names.size() != columns) {
                throw new IllegalArgumentException("a dataset has rows × columns features, one label per row, one name per column");
            }
        }
    }

    private XgboostTrainer() {
    }

    /** Trains and answers the model as XGBoost JSON (UTF-8). */
    public static byte[] train(Dataset data, Params params) {
        try {
            DMatrix matrix = matrix(data);
            try {
                Booster booster = XGBoost.train(matrix, parameters(params), params.rounds(), Map.of(), null, null);
                try {
                    return booster.toByteArray("json");
                } finally {
                    booster.dispose();
                }
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not train: " + e.getMessage(), e);
        }
    }

    static DMatrix matrix(Dataset data) throws XGBoostError {
        DMatrix matrix = new DMatrix(data.features(), data.rows(), data.columns(), Float.NaN);
        matrix.setLabel(data.labels());
        matrix.setFeatureNames(data.names().toArray(String[]::new));
        return matrix;
    }

    static Map<String, Object> parameters(Params params) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "binary:logistic");
        p.put("booster", "gbtree");
        p.put("tree_method", "hist");
        p.put("max_depth", params.maxDepth());
        p.put("eta", params.learningRate());
        p.put("scale_pos_weight", params.positiveWeight());
        p.put("subsample", params.subsample());
        p.put("seed", params.seed());
        p.put("eval_metric", "aucpr");
        p.put("nthread", Math.min(2, Runtime.getRuntime().availableProcessors()));
        p.put("verbosity", 0);
        return p;
    }

    static String json(byte[] model) {
        return new String(model, StandardCharsets.UTF_8);
    }
}
