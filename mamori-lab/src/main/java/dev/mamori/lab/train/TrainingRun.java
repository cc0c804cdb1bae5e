package dev.mamori.lab.train;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.drift.Baseline;
import dev.mamori.lab.eval.BinaryMetrics;
import dev.mamori.lab.eval.Evaluation;
import dev.mamori.lab.eval.EvaluationRow;
import dev.mamori.lab.eval.ScoredOutcome;
import dev.mamori.risk.model.GradientBoostedTrees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One training run on a labelled history: features replayed in time order, a time-based split
 * (the oldest share trains, the next validates, the newest tests), training labels as they were
 * known at the end of the training period (a chargeback that arrived later counts as good: no
 * future label leaks into training), fraud weighted by the good-to-fraud ratio, and the measures
 * on the validation and test periods against the labels known now.
 */
public final class TrainingRun {

    /** @param trainShare and validationShare of the rows, oldest first; the rest tests */
    public record Split(double trainShare, double validationShare) {
        public Split {
            if (!(trainShare > 0 && validationShare >= 0 && trainShare + validationShare < 1)) {
                throw new IllegalArgumentException("the training share is positive and the shares leave rows to test");
            }
        }

        public static Split defaults() {
            return new Split(0.7, 0.15);
        }
    }

    /** The measures of one period. */
    public record Measures(long rows, long fraud, double averagePrecision, double rocAuc, double recallAt01PercentFpr,
                           double recallAt1PercentFpr, double fraudAmountShareAt1PercentFpr) {
        static Measures of(List<ScoredOutcome> outcomes) {
            BinaryMetrics m = BinaryMetrics.of(outcomes);
            return new Measures(outcomes.size(), m.positives(), m.averagePrecision(), m.rocAuc(), m.recallAtFalsePositiveRate(0.001),
                    m.recallAtFalsePositiveRate(0.01), m.atFalsePositiveRate(0.01).fraudAmountShare());
        }
    }

    /**
     * @param baseline the inputs' distributions on the training rows and the score's on the held-out
     *     rows: what the drift monitor compares live traffic with
     * @param thresholdAt01PercentFpr the score at which 0.1 % of good payments of the validation
     *     period (the test period without one) score at or above it: a starting point for a decline threshold
     * @param thresholdAt1PercentFpr likewise at 1 %: a starting point for a challenge threshold
     */
    public record Report(byte[] model, List<String> features, Instant trainFrom, Instant trainTo, long trainRows, long trainFraud,
                         long fraudKnownOnlyLater, Measures validation, Measures test, Baseline baseline,
                         double thresholdAt01PercentFpr, double thresholdAt1PercentFpr) {
    }

    private TrainingRun() {
    }

    /** Trains on a labelled export: every payment counts as approved, features from the default settings. */
    public static Report run(List<LabelledTransaction> history, List<Duration> windows, Split split, XgboostTrainer.Params params) {
        return run(history, new FeatureReplay(windows), split, params, t -> FeatureReplay.Outcome.APPROVED);
    }

    /**
     * Trains with each payment's own outcome (the decision log's) replayed through {@code replay}.
     *
     * @throws IllegalArgumentException when the history is too short or its training period knew no fraud
     */
    public static Report run(List<LabelledTransaction> history, FeatureReplay replay, Split split, XgboostTrainer.Params params,
                             Function<LabelledTransaction, FeatureReplay.Outcome> outcomes) {
        if (history.size() < 20) {
            throw new IllegalArgumentException("a history of at least 20 payments is needed, not " + history.size());
        }
        FeatureReplay.Replayed replayed = replay.replay(history, outcomes);
        List<LabelledTransaction> ordered = replayed.ordered();
        int columns = replayed.columns();
        int trainEnd = trainEnd(ordered.size(), split);
        int validationEnd = (int) Math.round(ordered.size() * (split.trainShare() + split.validationShare()));
        Instant cutoff = ordered.get(trainEnd - 1).time();
        float[] labels = trainingLabels(ordered.subList(0, trainEnd), cutoff);
        long positives = 0;
        long later = 0;
        for (int i = 0; i < trainEnd; i++) {
            positives += labels[i] > 0 ? 1 : 0;
            later += ordered.get(i).fraud() && labels[i] == 0 ? 1 : 0;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("the training period has no fraud known by its end; nothing to learn from");
        }
        float[] trainFeatures = new float[trainEnd * columns];
        System.arraycopy(replayed.features(), 0, trainFeatures, 0, trainFeatures.length);
        double weight = (double) (trainEnd - positives) / positives;
        byte[] model = XgboostTrainer.train(new XgboostTrainer.Dataset(trainFeatures, trainEnd, columns, labels, replay.names()),
                params.withPositiveWeight(weight));
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(model);
        List<ScoredOutcome> validation = validationEnd > trainEnd ? score(trees, replayed, trainEnd, validationEnd) : null;
        List<ScoredOutcome> test = score(trees, replayed, validationEnd, ordered.size());
        List<ScoredOutcome> heldOut = new ArrayList<>(test);
        if (validation != null) {
            heldOut.addAll(validation);
        }
        Baseline baseline = Baseline.of(replay.names(), trainFeatures, trainEnd,
                heldOut.stream().mapToDouble(ScoredOutcome::score).toArray());
        BinaryMetrics operating = BinaryMetrics.of(validation != null ? validation : test);
        return new Report(model, replay.names(), ordered.get(0).time(), cutoff, trainEnd, positives, later,
                validation != null ? Measures.of(validation) : null, Measures.of(test), baseline,
                operating.atFalsePositiveRate(0.001).threshold(), operating.atFalsePositiveRate(0.01).threshold());
    }

    /** How many of {@code rows} (in time order) train: the oldest {@code split.trainShare()}. */
    public static int trainEnd(int rows, Split split) {
        return Math.max(1, (int) Math.round(rows * split.trainShare()));
    }

    /** Each row's label as known at {@code cutoff}: fraud only when it had become known by then. */
    static float[] trainingLabels(List<LabelledTransaction> rows, Instant cutoff) {
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            labels[i] = rows.get(i).fraudKnownAt(cutoff) ? 1 : 0;
        }
        return labels;
    }

    /** The model's scores for rows [from, to) against their labels as known now. */
    static List<ScoredOutcome> score(GradientBoostedTrees trees, FeatureReplay.Replayed replayed, int from, int to) {
        List<ScoredOutcome> outcomes = new ArrayList<>(to - from);
        float[] row = new float[replayed.columns()];
        for (int r = from; r < to; r++) {
            System.arraycopy(replayed.features(), r * replayed.columns(), row, 0, row.length);
            LabelledTransaction t = replayed.ordered().get(r);
            outcomes.add(new ScoredOutcome(trees.score(row), t.fraud(), t.amount()));
        }
        return outcomes;
    }

    /** Scores a whole history with a trained model (pure Java) and measures it against the labels. */
    public static Measures evaluate(GradientBoostedTrees trees, List<LabelledTransaction> history, List<Duration> windows) {
        FeatureReplay.Replayed replayed = replay(trees, history, windows);
        return Measures.of(score(trees, replayed, 0, replayed.ordered().size()));
    }

    /**
     * Scores a whole history with a trained model, as rows for an {@link Evaluation} (curves, card
     * precision@k per day, segments by channel and MCC), in time order.
     */
    public static List<EvaluationRow> evaluationRows(GradientBoostedTrees trees, List<LabelledTransaction> history, List<Duration> windows) {
        FeatureReplay.Replayed replayed = replay(trees, history, windows);
        List<ScoredOutcome> scores = score(trees, replayed, 0, replayed.ordered().size());
        List<EvaluationRow> rows = new ArrayList<>(scores.size());
        for (int r = 0; r < scores.size(); r++) {
            LabelledTransaction t = replayed.ordered().get(r);
            rows.add(new EvaluationRow(t.time(), t.cardKey(), t.channel().id(), t.mcc(), t.amount(), scores.get(r).score(), t.fraud(), null));
        }
        return rows;
    }

    private static FeatureReplay.Replayed replay(GradientBoostedTrees trees, List<LabelledTransaction> history, List<Duration> windows) {
        FeatureReplay replay = new FeatureReplay(windows);
        if (!trees.featureNames().isEmpty() && !trees.featureNames().equals(replay.names())) {
            throw new IllegalArgumentException("the model was trained on other features than this version computes");
        }
        return replay.replay(history);
    }
}
