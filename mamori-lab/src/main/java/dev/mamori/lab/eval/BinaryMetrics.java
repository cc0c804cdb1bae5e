package dev.mamori.lab.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The measures fraud teams compare models and rule sets by, computed from scored outcomes the way
 * scikit-learn defines them, so figures can be checked against it: average precision (the area
 * under the precision-recall curve as a step function, {@code average_precision_score}), ROC AUC
 * (ties counted half, {@code roc_auc_score}), recall at a fixed false-positive rate, and the money
 * view: fraud amount caught versus good amount stopped at a threshold.
 *
 * <p>Thresholds are the distinct scores: everything scored at or above a threshold is flagged.
 */
public final class BinaryMetrics {
    private final double[] thresholds;
    /** Cumulative counts and amounts of outcomes scored at or above thresholds[i]. */
    private final long[] truePositives;
    private final long[] falsePositives;
    private final double[] fraudAmount;
    private final double[] goodAmount;
    private final long positives;
    private final long negatives;
    private final double totalFraudAmount;
    private final double totalGoodAmount;

    private BinaryMetrics(double[] thresholds, long[] tp, long[] fp, double[] fraudAmount, double[] goodAmount, double totalFraud,
                          double totalGood) {
        this.thresholds = thresholds;
        this.truePositives = tp;
        this.falsePositives = fp;
        this.fraudAmount = fraudAmount;
        this.goodAmount = goodAmount;
        this.positives = tp.length == 0 ? 0 : tp[tp.length - 1];
        this.negatives = fp.length == 0 ? 0 : fp[fp.length - 1];
        this.totalFraudAmount = totalFraud;
        this.totalGoodAmount = totalGood;
    }

    /** @throws IllegalArgumentException when there are no outcomes */
    public static BinaryMetrics of(List<ScoredOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("no outcomes to evaluate");
        }
        ScoredOutcome[] sorted = outcomes.toArray(ScoredOutcome[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(ScoredOutcome::score).reversed());
        List<Double> thresholds = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        List<double[]> amounts = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        double fraud = 0;
        double good = 0;
        for (int i = 0; i < sorted.length; i++) {
            ScoredOutcome o = sorted[i];
            if (o.fraud()) {
                tp++;
                fraud += o.amount();
            } else {
                fp++;
                good += o.amount();
            }
            // One point per distinct score: tied outcomes are flagged or not together.
            if (i == sorted.length - 1 || sorted[i + 1].score() != o.score()) {
                thresholds.add(o.score());
                counts.add(new long[] {tp, fp});
                amounts.add(new double[] {fraud, good});
            }
        }
        int n = thresholds.size();
        double[] t = new double[n];
        long[] tps = new long[n];
        long[] fps = new long[n];
        double[] fa = new double[n];
        double[] ga = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = thresholds.get(i);
            tps[i] = counts.get(i)[0];
            fps[i] = counts.get(i)[1];
            fa[i] = amounts.get(i)[0];
            ga[i] = amounts.get(i)[1];
        }
        return new BinaryMetrics(t, tps, fps, fa, ga, fraud, good);
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    /**
     * Σ (R_n − R_{n−1}) · P_n over the thresholds, highest first: scikit-learn's
     * {@code average_precision_score}. NaN when there is no fraud.
     */
    public double averagePrecision() {
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < thresholds.length; i++) {
            double recall = (double) truePositives[i] / positives;
            double precision = (double) truePositives[i] / (truePositives[i] + falsePositives[i]);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
        }
        return ap;
    }

    /** The area under the ROC curve by the trapezoidal rule (ties count half). NaN unless both classes occur. */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long previousTp = 0;
        long previousFp = 0;
        for (int i = 0; i < thresholds.length; i++) {
            area += (falsePositives[i] - previousFp) * (truePositives[i] + previousTp) / 2.0;
            previousTp = truePositives[i];
            previousFp = falsePositives[i];
        }
        return area / ((double) positives * negatives);
    }

    /**
     * The share of fraud caught at the lowest threshold whose false-positive rate (good payments
     * flagged / all good payments) stays at or below {@code maxFalsePositiveRate}, e.g. 0.001.
     */
    public double recallAtFalsePositiveRate(double maxFalsePositiveRate) {
        int i = lastWithin(maxFalsePositiveRate);
        if (positives == 0) {
            return Double.NaN;
        }
        return i < 0 ? 0 : (double) truePositives[i] / positives;
    }

    /** What flagging at that false-positive rate means in money and in payments. */
    public record Operating(double threshold, double recall, double falsePositiveRate, double precision, double fraudAmountCaught,
                            double fraudAmountShare, double goodAmountStopped, long goodPaymentsStopped) {
    }

    /** The operating point at the lowest threshold whose false-positive rate is at most {@code maxFalsePositiveRate}. */
    public Operating atFalsePositiveRate(double maxFalsePositiveRate) {
        int i = lastWithin(maxFalsePositiveRate);
        if (i < 0) {
            return new Operating(Double.POSITIVE_INFINITY, 0, 0, Double.NaN, 0, 0, 0, 0);
        }
        return operating(i);
    }

    /** The operating point of flagging everything scored at or above {@code threshold}. */
    public Operating atThreshold(double threshold) {
        int i = -1;
        while (i + 1 < thresholds.length && thresholds[i + 1] >= threshold) {
            i++;
        }
        return i < 0 ? new Operating(threshold, 0, 0, Double.NaN, 0, 0, 0, 0) : operating(i);
    }

    private Operating operating(int i) {
        double recall = positives == 0 ? Double.NaN : (double) truePositives[i] / positives;
        double fpr = negatives == 0 ? 0 : (double) falsePositives[i] / negatives;
        double precision = (double) truePositives[i] / (truePositives[i] + falsePositives[i]);
        double share = totalFraudAmount == 0 ? Double.NaN : fraudAmount[i] / totalFraudAmount;
        return new Operating(thresholds[i], recall, fpr, precision, fraudAmount[i], share, goodAmount[i], falsePositives[i]);
    }

    private int lastWithin(double maxFalsePositiveRate) {
        if (!(maxFalsePositiveRate >= 0 && maxFalsePositiveRate <= 1)) {
            throw new IllegalArgumentException("a false-positive rate is between 0 and 1");
        }
        int found = -1;
        for (int i = 0; i < thresholds.length; i++) {
            double fpr = negatives == 0 ? 0 : (double) falsePositives[i] / negatives;
            if (fpr <= maxFalsePositiveRate) {
                found = i;
            } else {
                break;
            }
        }
        return found;
    }

    /** The precision-recall curve, one point per threshold, highest threshold first. */
    public List<double[]> precisionRecallCurve() {
        List<double[]> points = new ArrayList<>(thresholds.length);
        for (int i = 0; i < thresholds.length; i++) {
            points.add(new double[] {thresholds[i], positives == 0 ? Double.NaN : (double) truePositives[i] / positives,
                    (double) truePositives[i] / (truePositives[i] + falsePositives[i])});
        }
        return points;
    }

    /**
     * One point of the curves: flagging everything scored at or above {@code threshold} flags
     * {@code truePositives} fraud and {@code falsePositives} good payments (cumulative counts).
     */
    public record Point(double threshold, long truePositives, long falsePositives) {
    }

    /** Every distinct threshold, highest first, with its cumulative counts: both curves come from these. */
    public List<Point> points() {
        List<Point> points = new ArrayList<>(thresholds.length);
        for (int i = 0; i < thresholds.length; i++) {
            points.add(new Point(thresholds[i], truePositives[i], falsePositives[i]));
        }
        return points;
    }

    public double totalFraudAmount() {
        return totalFraudAmount;
    }

    public double totalGoodAmount() {
        return totalGoodAmount;
    }
}
