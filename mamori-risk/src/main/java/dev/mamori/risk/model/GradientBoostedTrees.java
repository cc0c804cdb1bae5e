package dev.mamori.risk.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A binary gradient-boosted tree model scored in plain Java: XGBoost's JSON export
 * ({@code Booster.toByteArray("json")}, objective {@code binary:logistic}) read into flat arrays, so an
 * authorization is scored without a JNI call and without allocating. Scores equal XGBoost's own
 * predictions: features are compared as {@code float} ({@code value < split} goes left), a missing
 * value ({@code NaN}) takes the node's default direction, leaf values are summed in {@code float} in
 * tree order, as XGBoost's CPU predictor does.
 *
 * <p>Reasons: {@link #pathContributions} credits each split on the row's path with the change in
 * the expected score it caused (Saabas's path attribution, XGBoost's {@code approx_contribs}):
 * one pass down each tree, cheap enough for every authorization. {@link #contributions} gives the
 * exact Shapley values (TreeSHAP, path-dependent, Lundberg et al. 2018, XGBoost's
 * {@code pred_contribs}), quadratic in depth, for an analyst's drill-down and offline evaluation.
 */
public final class GradientBoostedTrees {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final int featureCount;
    private final float baseMargin;
    private final List<String> featureNames;
    // All trees' nodes in flat arrays; tree t's nodes start at roots[t].
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] defaultLeft;
    private final float[] value;
    private final float[] cover;
    /** Each node's expected leaf value under the training cover; a leaf's is its value. */
    private final double[] mean;
    private final int maxDepth;

    private GradientBoostedTrees(int featureCount, float baseMargin, List<String> featureNames, int[] roots, int[] left, int[] right,
                                 int[] feature, float[] threshold, boolean[] defaultLeft, float[] value, float[] cover, int maxDepth) {
        this.featureCount = featureCount;
        this.baseMargin = baseMargin;
        this.featureNames = featureNames;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.threshold = threshold;
        this.defaultLeft = defaultLeft;
        this.value = value;
        this.cover = cover;
        this.maxDepth = maxDepth;
        this.mean = new double[value.length];
        for (int root : roots) {
            fillMean(root);
        }
    }

    private double fillMean(int node) {
        mean[node] = left[node] < 0 ? value[node]
                : (cover[left[node]] * fillMean(left[node]) + cover[right[node]] * fillMean(right[node])) / cover[node];
        return mean[node];
    }

    /** Reads an XGBoost JSON model. @throws InvalidModelException naming what is wrong */
    public static GradientBoostedTrees fromXgboostJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidModelException("the model is not JSON", e);
        }
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw new InvalidModelException("the model has no learner object: not an XGBoost JSON model");
        }
        String objective = learner.path("objective").path("name").asString("");
        if (!objective.equals("binary:logistic")) {
            throw new InvalidModelException("objective " + objective + " is not supported; train with binary:logistic");
        }
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.path("name").asString("").equals("gbtree")) {
            throw new InvalidModelException("booster " + booster.path("name").asString("?") + " is not supported; train with gbtree");
        }
        JsonNode params = learner.path("learner_model_param");
        int featureCount = integer(params.path("num_feature"), "num_feature");
        double baseScore = number(params.path("base_score"), "base_score");
        if (!(baseScore > 0 && baseScore < 1)) {
            throw new InvalidModelException("base_score " + baseScore + " is not a probability");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : learner.path("feature_names")) {
            names.add(name.asString());
        }
        if (!names.isEmpty() && names.size() != featureCount) {
            throw new InvalidModelException(names.size() + " feature names for " + featureCount + " features");
        }
        JsonNode trees = booster.path("model").path("trees");
        if (!trees.isArray() || trees.isEmpty()) {
            throw new InvalidModelException("the model has no trees");
        }
        int total = 0;
        for (JsonNode tree : trees) {
            total += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] feature = new int[total];
        float[] threshold = new float[total];
        boolean[] defaultLeft = new boolean[total];
        float[] value = new float[total];
        float[] cover = new float[total];
        int offset = 0;
        int maxDepth = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            int n = tree.path("left_children").size();
            if (n == 0 || tree.path("right_children").size() != n || tree.path("split_indices").size() != n
                    || tree.path("split_conditions").size() != n || tree.path("default_left").size() != n
                    || tree.path("sum_hessian").size() != n) {
                throw new InvalidModelException("tree " + t + " has arrays of different lengths");
            }
            if (tree.path("split_type").isArray()) {
                for (JsonNode type : tree.path("split_type")) {
                    if (type.asInt() != 0) {
                        throw new InvalidModelException("tree " + t + " has a categorical split; only numerical splits are supported");
                    }
                }
            }
            roots[t] = offset;
            for (int i = 0; i < n; i++) {
                int l = tree.path("left_children").get(i).asInt();
                int r = tree.path("right_children").get(i).asInt();
                int node = offset + i;
                boolean leaf = l == -1;
                if (!leaf && (l <= i || r <= i || l >= n || r >= n)) {
                    throw new InvalidModelException("tree " + t + " node " + i + " has children out of order");
                }
                left[node] = leaf ? -1 : offset + l;
                right[node] = leaf ? -1 : offset + r;
                int split = tree.path("split_indices").get(i).asInt();
                if (!leaf && (split < 0 || split >= featureCount)) {
                    throw new InvalidModelException("tree " + t + " node " + i + " splits on feature " + split + " of " + featureCount);
                }
                feature[node] = split;
                // A leaf's value is in split_conditions (learning rate applied).
                float condition = (float) tree.path("split_conditions").get(i).asDouble();
                threshold[node] = condition;
                value[node] = leaf ? condition : 0f;
                JsonNode dl = tree.path("default_left").get(i);
                defaultLeft[node] = dl.isBoolean() ? dl.asBoolean() : dl.asInt() != 0;
                cover[node] = (float) tree.path("sum_hessian").get(i).asDouble();
            }
            maxDepth = Math.max(maxDepth, depth(left, right, offset, 0));
            offset += n;
        }
        float baseMargin = (float) Math.log(baseScore / (1 - baseScore));
        return new GradientBoostedTrees(featureCount, baseMargin, List.copyOf(names), roots, left, right, feature, threshold, defaultLeft,
                value, cover, maxDepth);
    }

    private static int depth(int[] left, int[] right, int node, int depth) {
        if (left[node] < 0) {
            return depth;
        }
        return Math.max(depth(left, right, left[node], depth + 1), depth(left, right, right[node], depth + 1));
    }

    /** {@code base_score} is a number written as a string, e.g. "5E-1", or a one-element vector "[5E-1]" (XGBoost 3). */
    private static double number(JsonNode node, String name) {
        String text = node.asString("").trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidModelException(name + " is not a number: " + node);
        }
    }

    private static int integer(JsonNode node, String name) {
        double v = number(node, name);
        if (v < 1 || v != Math.rint(v)) {
            throw new InvalidModelException(name + " is not a positive integer: " + node);
        }
        return (int) v;
    }

    public int featureCount() {
        return featureCount;
    }

    public int treeCount() {
        return roots.length;
    }

    /** The feature names the model was trained with, or empty when it was trained without names. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The probability of fraud for one feature vector ({@code NaN} = missing). */
    public double score(float[] features) {
        return sigmoid(margin(features));
    }

    /** The log-odds before the sigmoid, as XGBoost's {@code output_margin}. */
    public float margin(float[] features) {
        checkLength(features);
        float sum = 0f;
        for (int root : roots) {
            sum += value[leaf(root, features)];
        }
        return sum + baseMargin;
    }

    /** XGBoost's logistic transform, in float as it computes it. */
    static double sigmoid(float margin) {
        return 1.0f / (1.0f + (float) Math.exp(-margin));
    }

    private int leaf(int node, float[] features) {
        while (left[node] >= 0) {
            float x = features[feature[node]];
            node = Float.isNaN(x) ? (defaultLeft[node] ? left[node] : right[node]) : (x < threshold[node] ? left[node] : right[node]);
        }
        return node;
    }

    private void checkLength(float[] features) {
        if (features.length != featureCount) {
            throw new IllegalArgumentException("the model takes " + featureCount + " features, not " + features.length);
        }
    }

    /**
     * Each feature's contribution to the margin (TreeSHAP): {@code out[i]} for feature {@code i},
     * {@code out[featureCount]} the bias (the expected margin), so that the sum is {@link #margin}.
     * Same layout as XGBoost's {@code predictContrib}.
     */
    public void contributions(float[] features, double[] out) {
        checkLength(features);
        if (out.length != featureCount + 1) {
            throw new IllegalArgumentException("contributions take an array of " + (featureCount + 1));
        }
        java.util.Arrays.fill(out, 0);
        Path path = new Path(maxDepth + 2);
        for (int root : roots) {
            recurse(root, features, out, path, 0, 1, 1, -1);
            out[featureCount] += mean[root];
        }
        out[featureCount] += baseMargin;
    }

    /**
     * Path attribution: walking each tree from the root to the row's leaf, every split's feature is
     * credited with how much the expected value changed at that step; {@code out[featureCount]} is
     * the bias. Sums to {@link #margin}, like {@link #contributions}, without allocating.
     */
    public void pathContributions(float[] features, double[] out) {
        checkLength(features);
        if (out.length != featureCount + 1) {
            throw new IllegalArgumentException("contributions take an array of " + (featureCount + 1));
        }
        java.util.Arrays.fill(out, 0);
        for (int root : roots) {
            int node = root;
            out[featureCount] += mean[root];
            while (left[node] >= 0) {
                float x = features[feature[node]];
                int child = Float.isNaN(x) ? (defaultLeft[node] ? left[node] : right[node]) : (x < threshold[node] ? left[node] : right[node]);
                out[feature[node]] += mean[child] - mean[node];
                node = child;
            }
        }
        out[featureCount] += baseMargin;
    }

    /** The unique path of Lundberg et al.'s Algorithm 2: feature, zero fraction, one fraction, weight per element. */
    private static final class Path {
        final int[] feature;
        final double[] zero;
        final double[] one;
        final double[] weight;

        Path(int capacity) {
            // Each recursion level copies its path into the next slice, as the reference implementation does.
            int size = capacity * (capacity + 1) / 2 + capacity;
            feature = new int[size];
            zero = new double[size];
            one = new double[size];
            weight = new double[size];
        }
    }

    private void recurse(int node, float[] x, double[] phi, Path path, int start, double zeroFraction, double oneFraction, int splitFeature) {
        recurse(node, x, phi, path, start, 0, zeroFraction, oneFraction, splitFeature);
    }

    /**
     * Algorithm 2 over the slice of {@code path} that begins at {@code start} and holds {@code depth}
     * elements; a child's slice follows its parent's.
     */
    private void recurse(int node, float[] x, double[] phi, Path p, int start, int depth, double zeroFraction, double oneFraction,
                         int splitFeature) {
        // extend
        int at = start + depth;
        p.feature[at] = splitFeature;
        p.zero[at] = zeroFraction;
        p.one[at] = oneFraction;
        p.weight[at] = depth == 0 ? 1 : 0;
        for (int i = depth - 1; i >= 0; i--) {
            p.weight[start + i + 1] += oneFraction * p.weight[start + i] * (i + 1) / (depth + 1);
            p.weight[start + i] = zeroFraction * p.weight[start + i] * (depth - i) / (depth + 1);
        }
        if (left[node] < 0) {
            for (int i = 1; i <= depth; i++) {
                double w = unwoundSum(p, start, depth, i);
                phi[p.feature[start + i]] += w * (p.one[start + i] - p.zero[start + i]) * value[node];
            }
            return;
        }
        float v = x[feature[node]];
        int hot = Float.isNaN(v) ? (defaultLeft[node] ? left[node] : right[node]) : (v < threshold[node] ? left[node] : right[node]);
        int cold = hot == left[node] ? right[node] : left[node];
        double hotZero = cover[hot] / cover[node];
        double coldZero = cover[cold] / cover[node];
        double incomingZero = 1;
        double incomingOne = 1;
        int depthHere = depth;
        // A feature already on the path is undone first (each feature appears once on the path).
        int k = 1;
        while (k <= depthHere && p.feature[start + k] != feature[node]) {
            k++;
        }
        if (k <= depthHere) {
            incomingZero = p.zero[start + k];
            incomingOne = p.one[start + k];
            unwind(p, start, depthHere, k);
            depthHere--;
        }
        int next = start + depthHere + 1;
        copy(p, start, next, depthHere + 1);
        recurse(hot, x, phi, p, next, depthHere + 1, hotZero * incomingZero, incomingOne, feature[node]);
        copy(p, start, next, depthHere + 1);
        recurse(cold, x, phi, p, next, depthHere + 1, coldZero * incomingZero, 0, feature[node]);
    }

    private static void copy(Path p, int from, int to, int length) {
        System.arraycopy(p.feature, from, p.feature, to, length);
        System.arraycopy(p.zero, from, p.zero, to, length);
        System.arraycopy(p.one, from, p.one, to, length);
        System.arraycopy(p.weight, from, p.weight, to, length);
    }

    private static void unwind(Path p, int start, int depth, int index) {
        double oneFraction = p.one[start + index];
        double zeroFraction = p.zero[start + index];
        double next = p.weight[start + depth];
        for (int i = depth - 1; i >= 0; i--) {
            if (oneFraction != 0) {
                double tmp = p.weight[start + i];
                p.weight[start + i] = next * (depth + 1) / ((i + 1) * oneFraction);
                next = tmp - p.weight[start + i] * zeroFraction * (depth - i) / (depth + 1);
            } else {
                p.weight[start + i] = p.weight[start + i] * (depth + 1) / (zeroFraction * (depth - i));
            }
        }
        for (int i = index; i < depth; i++) {
            p.feature[start + i] = p.feature[start + i + 1];
            p.zero[start + i] = p.zero[start + i + 1];
            p.one[start + i] = p.one[start + i + 1];
        }
    }

    private static double unwoundSum(Path p, int start, int depth, int index) {
        double oneFraction = p.one[start + index];
        double zeroFraction = p.zero[start + index];
        double next = p.weight[start + depth];
        double total = 0;
        for (int i = depth - 1; i >= 0; i--) {
            if (oneFraction != 0) {
                double tmp = next * (depth + 1) / ((i + 1) * oneFraction);
                total += tmp;
                next = p.weight[start + i] - tmp * zeroFraction * ((depth - i) / (double) (depth + 1));
            } else {
                total += (p.weight[start + i] / zeroFraction) / ((depth - i) / (double) (depth + 1));
            }
        }
        return total;
    }
}
