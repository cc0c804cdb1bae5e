package dev.mamori.lab.quality;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.eval.BinaryMetrics;
import dev.mamori.lab.eval.ScoredOutcome;
import dev.mamori.lab.train.FeatureReplay;
import dev.mamori.lab.train.TrainingRun;
import dev.mamori.lab.train.XgboostTrainer;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.simulate.Scenario;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The model-quality benchmark: simulated traffic decided by the real host with the starter rules
 * ({@link SimulatedHistory}), a model trained on the older part of the decision log with labels as
 * known at the training cut-off, thresholds chosen on the validation period (its labels matured),
 * and three systems measured on the held-out latest period against the ground truth:
 *
 * <ul>
 *   <li><b>rules only</b>: what the host did; a payment is stopped when it was declined or
 *       challenged (except for the credit limit). Its ranking is the 0/1 decision.</li>
 *   <li><b>model only</b>: the model's score.</li>
 *   <li><b>rules + model</b>: stopped when the rules stopped it or the score reaches the
 *       validation threshold; ranked with every rule-stopped payment first (by score among
 *       themselves), then the rest by score.</li>
 * </ul>
 */
public final class QualityBenchmark {
    static final double[] FALSE_POSITIVE_RATES = {0.001, 0.01};

    /**
     * @param start the first simulated day
     * @param split oldest share trains, the next validates, the rest is held out
     */
    public record Options(long seed, int cards, int transactions, int days, LocalDate start, TrainingRun.Split split,
                          XgboostTrainer.Params params, LabelDelays delays) {
        public static Options defaults() {
            return new Options(1, 2_500, 75_000, 60, LocalDate.of(2026, 4, 1), TrainingRun.Split.defaults(),
                    XgboostTrainer.Params.defaults(), LabelDelays.defaults());
        }
    }

    /** A period of the split: its payments, fraud (ground truth) and amounts in yen. */
    public record Period(Instant from, Instant to, long payments, long fraud, double fraudAmount, double goodAmount) {
    }

    /**
     * One operating point on the held-out period.
     *
     * @param rule how the point is set: the host's decision, or the threshold the validation period chose
     */
    public record Point(String rule, BinaryMetrics.Operating at) {
    }

    /**
     * One system's measures on the held-out period: average precision, ROC AUC and recall at 0.1 %
     * and 1 % false-positive rate from its own ranking ({@link BinaryMetrics}), and its operating points.
     */
    public record SystemResult(String name, double averagePrecision, double rocAuc, double recallAt01PercentFpr,
                               double recallAt1PercentFpr, List<Point> points, Map<String, Long> caughtByScenario) {
    }

    /** Wall times of the phases, in milliseconds. */
    public record Timings(long decide, long replay, long train, long score, long total) {
    }

    /**
     * @param fraudKnownAtCutoff fraud of the training period whose label was known at its end (trained as fraud)
     * @param fraudKnownOnlyLater fraud of the training period reported after it (trained as good)
     * @param databaseBytes the size of the database file after the run (compacted)
     */
    public record Report(Options options, String labelDelays, int ruleVersion, long payments, long fraud, int features,
                         long databaseBytes, Instant cutoff, Period train, Period validation, Period test, long fraudKnownAtCutoff,
                         long fraudKnownOnlyLater, double[] validationThresholds, List<SystemResult> systems,
                         Map<String, Long> testFraudByScenario, Timings timings) {
    }

    /** The trained model and the report (the model is kept for tests and for saving). */
    public record Outcome(Report report, byte[] model, float[] trainingLabels) {
    }

    private QualityBenchmark() {
    }

    public static Outcome run(Options o) {
        long started = System.nanoTime();
        SimulatedHistory.Result history = SimulatedHistory.run(o.seed(), o.cards(), o.transactions(), o.days(), o.start(), o.delays());
        return evaluate(o, history, started);
    }

    /** Trains, chooses thresholds and measures on an already decided history. */
    static Outcome evaluate(Options o, SimulatedHistory.Result history, long started) {
        List<SimulatedHistory.Row> rows = history.rows();
        if (rows.size() < 20) {
            throw new IllegalArgumentException("a history of at least 20 payments is needed, not " + rows.size());
        }
        long t0 = System.nanoTime();
        FeatureReplay replay = new FeatureReplay(StandardFeatureCatalog.DEFAULT_WINDOWS);
        List<LabelledTransaction> payments = new ArrayList<>(rows.size());
        // By identity: two payments may be equal as values and still have had different outcomes.
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new java.util.IdentityHashMap<>();
        for (SimulatedHistory.Row r : rows) {
            payments.add(r.payment());
            outcomes.put(r.payment(), r.outcome());
        }
        FeatureReplay.Replayed replayed = replay.replay(payments, outcomes::get);
        int n = rows.size();
        int columns = replayed.columns();
        for (int i = 0; i < n; i++) {
            // The replay keeps the log's order (it is already in time order): row i is payment i.
            if (replayed.ordered().get(i) != rows.get(i).payment()) {
                throw new IllegalStateException("the decision log is not in time order");
            }
        }
        long t1 = System.nanoTime();

        int trainEnd = (int) Math.round(n * o.split().trainShare());
        int validationEnd = (int) Math.round(n * (o.split().trainShare() + o.split().validationShare()));
        if (trainEnd < 1 || validationEnd <= trainEnd || validationEnd >= n) {
            throw new IllegalArgumentException("the split leaves a period empty");
        }
        Instant cutoff = rows.get(trainEnd - 1).payment().time();
        float[] labels = new float[trainEnd];
        long known = 0;
        long later = 0;
        for (int i = 0; i < trainEnd; i++) {
            LabelledTransaction t = rows.get(i).payment();
            labels[i] = t.fraudKnownAt(cutoff) ? 1 : 0;
            known += labels[i] > 0 ? 1 : 0;
            later += t.fraud() && labels[i] == 0 ? 1 : 0;
        }
        if (known == 0) {
            throw new IllegalArgumentException("the training period has no fraud known by its end; simulate more days or payments");
        }
        float[] trainFeatures = new float[trainEnd * columns];
        System.arraycopy(replayed.features(), 0, trainFeatures, 0, trainFeatures.length);
        byte[] model = XgboostTrainer.train(new XgboostTrainer.Dataset(trainFeatures, trainEnd, columns, labels, replay.names()),
                o.params().withPositiveWeight((double) (trainEnd - known) / known));
        long t2 = System.nanoTime();

        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(model);
        double[] scores = new double[n - trainEnd];
        float[] row = new float[columns];
        for (int i = trainEnd; i < n; i++) {
            System.arraycopy(replayed.features(), i * columns, row, 0, columns);
            scores[i - trainEnd] = trees.score(row);
        }
        long t3 = System.nanoTime();

        // Thresholds come from the validation period's payments with their labels matured (as an
        // issuer sets them once chargebacks are in); nothing of the held-out period is used.
        List<ScoredOutcome> validation = new ArrayList<>();
        for (int i = trainEnd; i < validationEnd; i++) {
            LabelledTransaction t = rows.get(i).payment();
            validation.add(new ScoredOutcome(scores[i - trainEnd], t.fraud(), t.amount()));
        }
        BinaryMetrics validationMetrics = BinaryMetrics.of(validation);
        double[] thresholds = new double[FALSE_POSITIVE_RATES.length];
        for (int k = 0; k < thresholds.length; k++) {
            thresholds[k] = validationMetrics.atFalsePositiveRate(FALSE_POSITIVE_RATES[k]).threshold();
        }

        List<SimulatedHistory.Row> test = rows.subList(validationEnd, n);
        List<ScoredOutcome> rules = new ArrayList<>(test.size());
        List<ScoredOutcome> model1 = new ArrayList<>(test.size());
        List<ScoredOutcome> combined = new ArrayList<>(test.size());
        for (int i = validationEnd; i < n; i++) {
            SimulatedHistory.Row r = rows.get(i);
            double score = scores[i - trainEnd];
            boolean fraud = r.payment().fraud();
            double amount = r.payment().amount();
            rules.add(new ScoredOutcome(r.stopped() ? 1 : 0, fraud, amount));
            model1.add(new ScoredOutcome(score, fraud, amount));
            combined.add(new ScoredOutcome(combinedScore(r.stopped(), score), fraud, amount));
        }
        List<SystemResult> systems = new ArrayList<>();
        systems.add(system("rules only", rules, List.of(new Point("the host's decision", BinaryMetrics.of(rules).atThreshold(1))),
                test, i -> test.get(i).stopped()));
        List<Point> modelPoints = new ArrayList<>();
        List<Point> combinedPoints = new ArrayList<>();
        BinaryMetrics modelMetrics = BinaryMetrics.of(model1);
        BinaryMetrics combinedMetrics = BinaryMetrics.of(combined);
        for (int k = 0; k < thresholds.length; k++) {
            String rule = "score >= threshold for " + percent(FALSE_POSITIVE_RATES[k]) + " FPR on validation";
            modelPoints.add(new Point(rule, modelMetrics.atThreshold(thresholds[k])));
            // Rule-stopped payments rank above 2, so "combined >= t" is "stopped or score >= t".
            combinedPoints.add(new Point("stopped by rules or " + rule, combinedMetrics.atThreshold(thresholds[k])));
        }
        double at1 = thresholds[thresholds.length - 1];
        systems.add(system("model only", model1, modelPoints, test, i -> scores[validationEnd + i - trainEnd] >= at1));
        systems.add(system("rules + model", combined, combinedPoints, test,
                i -> test.get(i).stopped() || scores[validationEnd + i - trainEnd] >= at1));

        long end = System.nanoTime();
        Map<String, Long> testFraud = new java.util.LinkedHashMap<>();
        for (Map.Entry<Scenario, Long> e : byScenario(test, i -> true).entrySet()) {
            testFraud.put(e.getKey().id(), e.getValue());
        }
        long fraud = rows.stream().filter(r -> r.payment().fraud()).count();
        Report report = new Report(o, o.delays().describe(), history.ruleVersion(), n, fraud, columns, history.databaseBytes(), cutoff,
                period(rows.subList(0, trainEnd)), period(rows.subList(trainEnd, validationEnd)), period(test), known, later, thresholds,
                systems, testFraud, new Timings(history.decideMillis(), millis(t0, t1), millis(t1, t2), millis(t2, t3), millis(started, end)));
        return new Outcome(report, model, labels);
    }

    /** Rule-stopped payments first (ordered by score among themselves), then the rest by score; scores are in [0, 1]. */
    static double combinedScore(boolean stoppedByRules, double score) {
        return stoppedByRules ? 2 + score : score;
    }

    private static SystemResult system(String name, List<ScoredOutcome> outcomes, List<Point> points, List<SimulatedHistory.Row> test,
                                       java.util.function.IntPredicate stoppedAt1Percent) {
        BinaryMetrics m = BinaryMetrics.of(outcomes);
        Map<String, Long> caught = new java.util.LinkedHashMap<>();
        for (Map.Entry<Scenario, Long> e : byScenario(test, stoppedAt1Percent).entrySet()) {
            caught.put(e.getKey().id(), e.getValue());
        }
        return new SystemResult(name, m.averagePrecision(), m.rocAuc(), m.recallAtFalsePositiveRate(0.001),
                m.recallAtFalsePositiveRate(0.01), List.copyOf(points), caught);
    }

    /** Fraud payments per scenario among the rows the predicate selects (by index into {@code rows}). */
    private static Map<Scenario, Long> byScenario(List<SimulatedHistory.Row> rows, java.util.function.IntPredicate selected) {
        Map<Scenario, Long> counts = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            if (s.fraud()) {
                counts.put(s, 0L);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Scenario s = rows.get(i).scenario();
            if (s.fraud() && selected.test(i)) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Period period(List<SimulatedHistory.Row> rows) {
        long fraud = 0;
        double fraudAmount = 0;
        double goodAmount = 0;
        for (SimulatedHistory.Row r : rows) {
            if (r.payment().fraud()) {
                fraud++;
                fraudAmount += r.payment().amount();
            } else {
                goodAmount += r.payment().amount();
            }
        }
        return new Period(rows.get(0).payment().time(), rows.get(rows.size() - 1).payment().time(), rows.size(), fraud, fraudAmount,
                goodAmount);
    }

    static String percent(double rate) {
        return (rate * 100 == Math.rint(rate * 100) ? String.valueOf((int) (rate * 100)) : String.valueOf(rate * 100)) + " %";
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
