package dev.mamori.lab.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a fraud team reads to judge a model or a rule set over a period: the precision-recall and
 * ROC curves with average precision and ROC AUC, recall at fixed false-positive rates, card
 * precision@k per day, the money view at an operating point (fraud caught and missed, good
 * payments declined or challenged, in counts and amounts), and all of it by channel and by
 * merchant category. {@link EvaluationExport} writes it as JSON and CSV, {@link EvaluationCharts}
 * as SVG.
 *
 * <p>Rows without a score (NaN) are counted as unscored and left out of every measure. AP, AUC and
 * recall are null where undefined (no fraud, or no good payment for AUC).
 *
 * @param rows scored rows measured
 * @param curve the PR and ROC curves' points, thinned to at most {@link Options#maxCurvePoints};
 *     {@code averagePrecision} and {@code rocAuc} are computed on every row, not on these points
 * @param segments the total ({@code all}), then by channel, then by MCC
 */
public record Evaluation(long rows, long fraud, double fraudAmount, double goodAmount, long unscoredRows, long unscoredFraud,
                         Double averagePrecision, Double rocAuc, List<RecallAtFpr> recallAtFpr, List<CurvePoint> curve, int k,
                         List<DayPrecision> cardPrecisionAtK, Double meanCardPrecisionAtK, OperatingPoint operatingPoint, Money money,
                         List<Segment> segments) {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /**
     * @param k cards an investigator can check per day (card precision@k)
     * @param falsePositiveRates where recall is read, e.g. 0.001 and 0.01
     * @param zone the calendar of card precision@k's days
     * @param maxCurvePoints at most this many curve points are kept (the shape, not every threshold)
     * @param operatingPoint where the money view is taken; null: the rows' enforced actions when every
     *     row has one, else the lowest score threshold whose false-positive rate is at most 1 %
     */
    public record Options(int k, List<Double> falsePositiveRates, ZoneId zone, int maxCurvePoints, OperatingPoint operatingPoint) {
        public Options {
            if (k < 1 || k > 100_000) {
                throw new IllegalArgumentException("k is between 1 and 100000");
            }
            for (double fpr : falsePositiveRates) {
                if (!(fpr >= 0 && fpr <= 1)) {
                    throw new IllegalArgumentException("a false-positive rate is between 0 and 1");
                }
            }
            if (maxCurvePoints < 3) {
                throw new IllegalArgumentException("a curve keeps at least 3 points");
            }
            falsePositiveRates = List.copyOf(falsePositiveRates);
        }

        public static Options defaults() {
            return new Options(100, List.of(0.001, 0.01), TOKYO, 300, null);
        }

        public Options withK(int k) {
            return new Options(k, falsePositiveRates, zone, maxCurvePoints, operatingPoint);
        }

        public Options withOperatingPoint(OperatingPoint point) {
            return new Options(k, falsePositiveRates, zone, maxCurvePoints, point);
        }
    }

    /** The recall at the lowest threshold whose false-positive rate is at most {@code falsePositiveRate}. */
    public record RecallAtFpr(double falsePositiveRate, Double recall, Double threshold) {
    }

    /** Flagging at or above {@code threshold}: recall (= true-positive rate), precision and false-positive rate. */
    public record CurvePoint(double threshold, long truePositives, long falsePositives, Double recall, double precision,
                             Double falsePositiveRate) {
    }

    /**
     * One calendar day's card precision@k.
     *
     * @param cards distinct cards that paid that day
     * @param fraudCards cards among the top k with a fraudulent payment that day
     * @param precision {@code fraudCards / k} (divided by k even when fewer cards paid: the
     *     investigators' capacity is k)
     */
    public record DayPrecision(LocalDate day, int cards, int fraudCards, double precision) {
    }

    /**
     * The money view at the operating point. Fraud is "caught" when declined or challenged; a
     * review lets the payment through, so it counts as missed.
     */
    public record Money(long fraudDeclined, double fraudAmountDeclined, long fraudChallenged, double fraudAmountChallenged, long fraudMissed,
                        double fraudAmountMissed, long goodDeclined, double goodAmountDeclined, long goodChallenged,
                        double goodAmountChallenged) {

        @JsonProperty
        public long fraudCaught() {
            return fraudDeclined + fraudChallenged;
        }

        @JsonProperty
        public double fraudAmountCaught() {
            return fraudAmountDeclined + fraudAmountChallenged;
        }

        /** Share of fraud payments caught; null without fraud. */
        @JsonProperty
        public Double recall() {
            long fraud = fraudCaught() + fraudMissed;
            return fraud == 0 ? null : (double) fraudCaught() / fraud;
        }
    }

    /**
     * The measures of one segment.
     *
     * @param dimension {@code all}, {@code channel} or {@code mcc}
     * @param key the channel or MCC ({@code unknown} when the rows did not say); {@code all} for the total
     */
    public record Segment(String dimension, String key, long rows, long fraud, double fraudAmount, Double averagePrecision, Double rocAuc,
                          Money money) {
    }

    public static Evaluation of(List<EvaluationRow> all, Options options) {
        List<EvaluationRow> rows = new ArrayList<>(all.size());
        long unscored = 0;
        long unscoredFraud = 0;
        for (EvaluationRow row : all) {
            if (row.scored()) {
                rows.add(row);
            } else {
                unscored++;
                unscoredFraud += row.fraud() ? 1 : 0;
            }
        }
        BinaryMetrics metrics = rows.isEmpty() ? null : BinaryMetrics.of(outcomes(rows));
        OperatingPoint point = options.operatingPoint() != null ? options.operatingPoint() : defaultPoint(rows, metrics);
        List<RecallAtFpr> recalls = new ArrayList<>();
        for (double fpr : options.falsePositiveRates()) {
            if (metrics == null || metrics.positives() == 0) {
                recalls.add(new RecallAtFpr(fpr, null, null));
            } else {
                BinaryMetrics.Operating at = metrics.atFalsePositiveRate(fpr);
                recalls.add(new RecallAtFpr(fpr, at.recall(), Double.isInfinite(at.threshold()) ? null : at.threshold()));
            }
        }
        List<DayPrecision> days = cardPrecisionAtK(rows, options.k(), options.zone());
        Double meanDays = days.isEmpty() ? null : days.stream().mapToDouble(DayPrecision::precision).average().orElseThrow();
        List<Segment> segments = new ArrayList<>();
        Segment total = segment("all", "all", rows, metrics, point);
        segments.add(total);
        segments.addAll(segments("channel", rows, EvaluationRow::channel, point));
        segments.addAll(segments("mcc", rows, EvaluationRow::mcc, point));
        return new Evaluation(rows.size(), total.fraud(), total.fraudAmount(), metrics == null ? 0 : metrics.totalGoodAmount(), unscored,
                unscoredFraud, total.averagePrecision(), total.rocAuc(), List.copyOf(recalls),
                metrics == null ? List.of() : curve(metrics, options.maxCurvePoints()), options.k(), days, meanDays, point, total.money(),
                List.copyOf(segments));
    }

    private static List<ScoredOutcome> outcomes(List<EvaluationRow> rows) {
        List<ScoredOutcome> outcomes = new ArrayList<>(rows.size());
        for (EvaluationRow row : rows) {
            outcomes.add(new ScoredOutcome(row.score(), row.fraud(), row.amount()));
        }
        return outcomes;
    }

    private static OperatingPoint defaultPoint(List<EvaluationRow> rows, BinaryMetrics metrics) {
        if (!rows.isEmpty() && rows.stream().allMatch(r -> r.action() != null)) {
            return OperatingPoint.enforcedActions();
        }
        if (metrics == null) {
            return OperatingPoint.enforcedActions(); // no row to apply it to
        }
        double threshold = metrics.atFalsePositiveRate(0.01).threshold();
        // When even the highest score breaks 1 %, flag nothing: just above the highest score.
        return OperatingPoint.threshold(Double.isInfinite(threshold) ? Math.nextUp(metrics.points().get(0).threshold()) : threshold);
    }

    private static List<Segment> segments(String dimension, List<EvaluationRow> rows, Function<EvaluationRow, String> key, OperatingPoint point) {
        Map<String, List<EvaluationRow>> groups = new TreeMap<>();
        for (EvaluationRow row : rows) {
            String k = key.apply(row);
            groups.computeIfAbsent(k == null || k.isBlank() ? "unknown" : k, x -> new ArrayList<>()).add(row);
        }
        List<Segment> out = new ArrayList<>(groups.size());
        groups.forEach((k, group) -> out.add(segment(dimension, k, group, BinaryMetrics.of(outcomes(group)), point)));
        return out;
    }

    private static Segment segment(String dimension, String key, List<EvaluationRow> rows, BinaryMetrics metrics, OperatingPoint point) {
        long fraud = 0;
        double fraudAmount = 0;
        long[] counts = new long[5];
        double[] amounts = new double[5];
        for (EvaluationRow row : rows) {
            OperatingPoint.Outcome outcome = point.outcome(row);
            int slot;
            if (row.fraud()) {
                fraud++;
                fraudAmount += row.amount();
                slot = outcome == OperatingPoint.Outcome.DECLINED ? 0 : outcome == OperatingPoint.Outcome.CHALLENGED ? 1 : 2;
            } else {
                slot = outcome == OperatingPoint.Outcome.DECLINED ? 3 : outcome == OperatingPoint.Outcome.CHALLENGED ? 4 : -1;
            }
            if (slot >= 0) {
                counts[slot]++;
                amounts[slot] += row.amount();
            }
        }
        Money money = new Money(counts[0], amounts[0], counts[1], amounts[1], counts[2], amounts[2], counts[3], amounts[3], counts[4], amounts[4]);
        return new Segment(dimension, key, rows.size(), fraud, fraudAmount, metrics == null ? null : defined(metrics.averagePrecision()),
                metrics == null ? null : defined(metrics.rocAuc()), money);
    }

    /**
     * Card precision@k per day, as defined in Le Borgne, Siblini, Lebichot and Bontempi,
     * "Reproducible Machine Learning for Credit Card Fraud Detection – Practical Handbook" (2022),
     * section 4.2.3 "Card Precision top-k", after Dal Pozzolo et al., "Credit card fraud detection: a
     * realistic modeling and a novel learning strategy" (IEEE TNNLS, 2018): investigators can check k
     * cards a day, so each day the cards are ranked by their highest score that day, the top k are
     * taken, and the precision is the number of those cards with a fraudulent payment that day
     * divided by k. Ties are broken by card key so the result is reproducible. Unlike the
     * handbook's simulation, cards found compromised on an earlier day are not removed from later
     * days: this reads logged decisions, not an investigators' queue.
     */
    static List<DayPrecision> cardPrecisionAtK(List<EvaluationRow> rows, int k, ZoneId zone) {
        Map<LocalDate, Map<String, double[]>> byDay = new TreeMap<>();
        for (EvaluationRow row : rows) {
            Map<String, double[]> cards = byDay.computeIfAbsent(LocalDate.ofInstant(row.time(), zone), d -> new HashMap<>());
            double[] card = cards.computeIfAbsent(row.cardKey(), c -> new double[] {Double.NEGATIVE_INFINITY, 0});
            card[0] = Math.max(card[0], row.score());
            if (row.fraud()) {
                card[1] = 1;
            }
        }
        List<DayPrecision> days = new ArrayList<>(byDay.size());
        byDay.forEach((day, cards) -> {
            List<Map.Entry<String, double[]>> ranked = new ArrayList<>(cards.entrySet());
            ranked.sort(Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
            int fraudCards = 0;
            for (int i = 0; i < Math.min(k, ranked.size()); i++) {
                fraudCards += ranked.get(i).getValue()[1] > 0 ? 1 : 0;
            }
            days.add(new DayPrecision(day, cards.size(), fraudCards, (double) fraudCards / k));
        });
        return List.copyOf(days);
    }

    /**
     * The curve's points, highest threshold first, thinned to at most {@code max}: a point is kept once
     * the path walked since the last kept point (recall, false-positive rate and precision, summed
     * absolute steps) reaches 1/(max−2) of the whole path, so steep parts keep more points; the
     * first and last points are always kept.
     */
    static List<CurvePoint> curve(BinaryMetrics metrics, int max) {
        List<BinaryMetrics.Point> points = metrics.points();
        long p = metrics.positives();
        long n = metrics.negatives();
        List<CurvePoint> all = new ArrayList<>(points.size());
        for (BinaryMetrics.Point point : points) {
            long tp = point.truePositives();
            long fp = point.falsePositives();
            all.add(new CurvePoint(point.threshold(), tp, fp, p == 0 ? null : (double) tp / p, (double) tp / (tp + fp),
                    n == 0 ? null : (double) fp / n));
        }
        if (all.size() <= max) {
            return List.copyOf(all);
        }
        double[] step = new double[all.size()];
        double length = 0;
        for (int i = 1; i < all.size(); i++) {
            step[i] = distance(all.get(i - 1), all.get(i));
            length += step[i];
        }
        double spacing = length / (max - 2);
        List<CurvePoint> kept = new ArrayList<>(max);
        kept.add(all.get(0));
        double walked = 0;
        for (int i = 1; i < all.size() - 1; i++) {
            walked += step[i];
            if (walked >= spacing && kept.size() < max - 1) {
                kept.add(all.get(i));
                walked = 0;
            }
        }
        kept.add(all.get(all.size() - 1));
        return List.copyOf(kept);
    }

    private static double distance(CurvePoint a, CurvePoint b) {
        return Math.abs(orZero(a.recall()) - orZero(b.recall())) + Math.abs(orZero(a.falsePositiveRate()) - orZero(b.falsePositiveRate()))
                + Math.abs(a.precision() - b.precision());
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private static Double defined(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
