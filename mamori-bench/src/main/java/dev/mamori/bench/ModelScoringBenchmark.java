package dev.mamori.bench;

import dev.mamori.risk.model.GradientBoostedTrees;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java tree ensemble on the authorization path: one probability ({@code score}), one set
 * of path-attribution reasons ({@code pathContributions}) and exact TreeSHAP ({@code contributions}) for a model the size fraud teams train
 * ({@code trees} full binary trees of depth {@code depth} over {@code features} inputs, 5 % of
 * inputs missing). The model is generated from a seed in XGBoost's JSON layout, so the benchmark
 * needs no native library.
 *
 * <pre>
 * java -jar mamori-bench/target/mamori-bench.jar ModelScoring -bm avgt -tu us -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelScoringBenchmark {
    @Param({"300"})
    int trees;
    @Param({"6"})
    int depth;
    @Param({"60"})
    int features;

    GradientBoostedTrees model;
    float[][] rows;
    double[] contributions;
    int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(17);
        model = GradientBoostedTrees.fromXgboostJson(json(random, trees, depth, features, null).getBytes(StandardCharsets.UTF_8));
        rows = new float[4096][features];
        for (float[] row : rows) {
            for (int i = 0; i < features; i++) {
                row[i] = random.nextDouble() < 0.05 ? Float.NaN : (float) random.nextDouble(0, 100);
            }
        }
        contributions = new double[features + 1];
    }

    @Benchmark
    public double score() {
        return model.score(rows[next++ & 4095]);
    }

    @Benchmark
    public double[] pathContributions() {
        model.pathContributions(rows[next++ & 4095], contributions);
        return contributions;
    }

    @Benchmark
    public double[] contributions() {
        model.contributions(rows[next++ & 4095], contributions);
        return contributions;
    }

    /**
     * Full binary trees: node i has children 2i+1 and 2i+2; covers halve (roughly) at each split.
     *
     * @param names the features' names, or null for none
     */
    static String json(SplittableRandom random, int trees, int depth, int features, java.util.List<String> names) {
        StringBuilder sb = new StringBuilder("{\"learner\":{");
        if (names != null) {
            sb.append("\"feature_names\":[");
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
            }
            sb.append("],");
        }
        sb.append("\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[");
        int nodes = (1 << (depth + 1)) - 1;
        for (int t = 0; t < trees; t++) {
            StringBuilder l = new StringBuilder();
            StringBuilder r = new StringBuilder();
            StringBuilder f = new StringBuilder();
            StringBuilder c = new StringBuilder();
            StringBuilder d = new StringBuilder();
            StringBuilder h = new StringBuilder();
            double[] cover = new double[nodes];
            cover[0] = 10_000;
            for (int i = 0; i < nodes; i++) {
                boolean leaf = 2 * i + 1 >= nodes;
                if (!leaf) {
                    double share = random.nextDouble(0.2, 0.8);
                    cover[2 * i + 1] = cover[i] * share;
                    cover[2 * i + 2] = cover[i] * (1 - share);
                }
                String sep = i == 0 ? "" : ",";
                l.append(sep).append(leaf ? -1 : 2 * i + 1);
                r.append(sep).append(leaf ? -1 : 2 * i + 2);
                f.append(sep).append(leaf ? 0 : random.nextInt(features));
                c.append(sep).append(leaf ? random.nextDouble(-0.3, 0.3) : random.nextDouble(0, 100));
                d.append(sep).append(random.nextInt(2));
                h.append(sep).append(cover[i]);
            }
            sb.append(t == 0 ? "" : ",").append("{\"left_children\":[").append(l).append("],\"right_children\":[").append(r)
                    .append("],\"split_indices\":[").append(f).append("],\"split_conditions\":[").append(c)
                    .append("],\"default_left\":[").append(d).append("],\"sum_hessian\":[").append(h).append("]}");
        }
        return sb.append("]}},\"learner_model_param\":{\"base_score\":\"1E-2\",\"num_feature\":\"").append(features)
                .append("\"},\"objective\":{\"name\":\"binary:logistic\"}}}").toString();
    }
}
