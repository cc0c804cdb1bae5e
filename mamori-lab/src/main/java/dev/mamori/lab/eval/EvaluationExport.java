package dev.mamori.lab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * An {@link Evaluation} as files a fraud team opens elsewhere. The layouts (also in docs/model.md,
 * "Evaluation"):
 *
 * <ul>
 *   <li>JSON: the {@link Evaluation} record as it is, measures that are undefined as {@code null},
 *       days as ISO dates.
 *   <li>{@code curves.csv}: one row per kept curve point, highest threshold first:
 *       {@code threshold,true_positives,false_positives,recall,precision,false_positive_rate}. The PR
 *       curve is (recall, precision), the ROC curve (false_positive_rate, recall).
 *   <li>{@code segments.csv}: the total ({@code dimension=all}), then one row per channel and per MCC:
 *       {@code dimension,segment,rows,fraud,fraud_amount,average_precision,roc_auc,recall,fraud_declined,
 *       fraud_amount_declined,fraud_challenged,fraud_amount_challenged,fraud_missed,fraud_amount_missed,
 *       good_declined,good_amount_declined,good_challenged,good_amount_challenged}; recall and the
 *       counts and amounts are at the operating point.
 *   <li>{@code precision-at-k.csv}: {@code day,cards,k,fraud_cards,precision}.
 * </ul>
 *
 * <p>An undefined measure is an empty CSV cell. Numbers use a dot and no grouping, whatever the locale.
 */
public final class EvaluationExport {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final CsvMapper CSV = new CsvMapper();

    public static final List<String> CURVE_COLUMNS = List.of("threshold", "true_positives", "false_positives", "recall", "precision",
            "false_positive_rate");
    public static final List<String> SEGMENT_COLUMNS = List.of("dimension", "segment", "rows", "fraud", "fraud_amount", "average_precision",
            "roc_auc", "recall", "fraud_declined", "fraud_amount_declined", "fraud_challenged", "fraud_amount_challenged", "fraud_missed",
            "fraud_amount_missed", "good_declined", "good_amount_declined", "good_challenged", "good_amount_challenged");
    public static final List<String> DAY_COLUMNS = List.of("day", "cards", "k", "fraud_cards", "precision");

    private EvaluationExport() {
    }

    public static String json(Object evaluation) {
        return JSON.writeValueAsString(evaluation);
    }

    public static String curvesCsv(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.CurvePoint p : e.curve()) {
            rows.add(List.of(number(p.threshold()), Long.toString(p.truePositives()), Long.toString(p.falsePositives()), number(p.recall()),
                    number(p.precision()), number(p.falsePositiveRate())));
        }
        return csv(CURVE_COLUMNS, rows);
    }

    public static String segmentsCsv(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.Segment s : e.segments()) {
            Evaluation.Money m = s.money();
            rows.add(List.of(s.dimension(), s.key(), Long.toString(s.rows()), Long.toString(s.fraud()), number(s.fraudAmount()),
                    number(s.averagePrecision()), number(s.rocAuc()), number(m.recall()), Long.toString(m.fraudDeclined()),
                    number(m.fraudAmountDeclined()), Long.toString(m.fraudChallenged()), number(m.fraudAmountChallenged()),
                    Long.toString(m.fraudMissed()), number(m.fraudAmountMissed()), Long.toString(m.goodDeclined()),
                    number(m.goodAmountDeclined()), Long.toString(m.goodChallenged()), number(m.goodAmountChallenged())));
        }
        return csv(SEGMENT_COLUMNS, rows);
    }

    public static String daysCsv(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.DayPrecision d : e.cardPrecisionAtK()) {
            rows.add(List.of(d.day().toString(), Integer.toString(d.cards()), Integer.toString(e.k()), Integer.toString(d.fraudCards()),
                    number(d.precision())));
        }
        return csv(DAY_COLUMNS, rows);
    }

    private static String csv(List<String> columns, List<List<String>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder();
        columns.forEach(schema::addColumn);
        // Segment keys come from the data (a channel or an MCC as logged): the CSV writer quotes them as needed.
        return CSV.writer(schema.build().withHeader()).writeValueAsString(rows);
    }

    /** Plain decimal notation, at most 10 significant fractional digits; empty for undefined. */
    public static String number(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString(value.longValue());
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
