package dev.mamori.lab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link Evaluation}'s three charts as finished SVG: the precision-recall curve, the ROC curve
 * with the chance diagonal, and card precision@k per day. Server-rendered because the console's
 * content security policy allows no script and no inline style: shapes carry presentation
 * attributes (so a chart saved as a file looks right on its own) and CSS classes (so the console's
 * stylesheet can restyle them). Every text is escaped; each chart has a title and description
 * for screen readers.
 */
public final class EvaluationCharts {
    public static final int WIDTH = 480;
    public static final int HEIGHT = 340;
    public static final int LEFT = 56;
    public static final int RIGHT = 16;
    public static final int TOP = 16;
    public static final int BOTTOM = 48;

    /** The words on a chart, in the reader's language. */
    public record Text(String title, String description, String xAxis, String yAxis) {
    }

    private EvaluationCharts() {
    }

    public static Text prText(Evaluation e) {
        return new Text("Precision-recall curve", String.format(Locale.ROOT, "Average precision %s over %d payments, %d fraud",
                format(e.averagePrecision()), e.rows(), e.fraud()), "Recall", "Precision");
    }

    public static Text rocText(Evaluation e) {
        return new Text("ROC curve", String.format(Locale.ROOT, "ROC AUC %s over %d payments, %d fraud", format(e.rocAuc()), e.rows(),
                e.fraud()), "False-positive rate", "Recall (true-positive rate)");
    }

    public static Text precisionAtKText(Evaluation e) {
        return new Text("Card precision@" + e.k() + " per day", String.format(Locale.ROOT, "Mean card precision@%d %s over %d days", e.k(),
                format(e.meanCardPrecisionAtK()), e.cardPrecisionAtK().size()), "Day (Asia/Tokyo)", "Precision@" + e.k());
    }

    public static String precisionRecall(Evaluation e, Text text) {
        Svg svg = new Svg("eval-pr", text);
        List<double[]> points = new ArrayList<>();
        for (Evaluation.CurvePoint p : e.curve()) {
            if (p.recall() != null) {
                // The curve starts at recall 0 with the precision of the highest threshold, as scikit-learn draws it.
                if (points.isEmpty()) {
                    points.add(new double[] {0, p.precision()});
                }
                points.add(new double[] {p.recall(), p.precision()});
            }
        }
        if (e.rows() > 0 && e.fraud() > 0) {
            // Precision of flagging at random: the fraud rate.
            double rate = (double) e.fraud() / e.rows();
            svg.line("baseline", 0, rate, 1, rate, "#888", "4 3");
        }
        svg.polyline(points);
        return svg.finish();
    }

    public static String roc(Evaluation e, Text text) {
        Svg svg = new Svg("eval-roc", text);
        svg.line("diagonal", 0, 0, 1, 1, "#888", "4 3");
        List<double[]> points = new ArrayList<>();
        for (Evaluation.CurvePoint p : e.curve()) {
            if (p.recall() != null && p.falsePositiveRate() != null) {
                if (points.isEmpty()) {
                    points.add(new double[] {0, 0});
                }
                points.add(new double[] {p.falsePositiveRate(), p.recall()});
            }
        }
        svg.polyline(points);
        return svg.finish();
    }

    public static String precisionAtK(Evaluation e, Text text) {
        Svg svg = new Svg("eval-pak", text);
        List<Evaluation.DayPrecision> days = e.cardPrecisionAtK();
        double slot = days.isEmpty() ? 0 : 1.0 / days.size();
        int labelEvery = Math.max(1, (int) Math.ceil(days.size() / 8.0));
        for (int i = 0; i < days.size(); i++) {
            Evaluation.DayPrecision d = days.get(i);
            svg.bar(i * slot + slot * 0.1, slot * 0.8, d.precision(), String.format(Locale.ROOT, "%s: %d of the top %d cards fraud (%s), %d cards",
                    d.day(), d.fraudCards(), e.k(), format(d.precision()), d.cards()));
            if (i % labelEvery == 0) {
                svg.xLabel(i * slot + slot / 2, d.day().toString().substring(5));
            }
        }
        return svg.finish();
    }

    /** The plot's x coordinate of a value in [0, 1]. */
    public static double x(double value) {
        return round(LEFT + value * (WIDTH - LEFT - RIGHT));
    }

    /** The plot's y coordinate of a value in [0, 1]. */
    public static double y(double value) {
        return round(HEIGHT - BOTTOM - value * (HEIGHT - TOP - BOTTOM));
    }

    private static final class Svg {
        private final StringBuilder out = new StringBuilder(4096);
        private final boolean barChart;

        Svg(String id, Text text) {
            barChart = id.equals("eval-pak");
            out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eval-chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                    .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" aria-labelledby=\"")
                    .append(id).append("-title ").append(id).append("-desc\">");
            out.append("<title id=\"").append(id).append("-title\">").append(escape(text.title())).append("</title>");
            out.append("<desc id=\"").append(id).append("-desc\">").append(escape(text.description())).append("</desc>");
            out.append("<g class=\"grid\">");
            for (int i = 0; i <= 4; i++) {
                double v = i / 4.0;
                out.append("<line class=\"gridline\" stroke=\"#d0d4da\" stroke-width=\"1\" x1=\"").append(x(0)).append("\" x2=\"")
                        .append(x(1)).append("\" y1=\"").append(y(v)).append("\" y2=\"").append(y(v)).append("\"/>");
                out.append("<text class=\"tick\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"")
                        .append(round(y(v) + 4)).append("\">").append(tick(v)).append("</text>");
                if (!barChart) {
                    out.append("<text class=\"tick\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\" x=\"").append(x(v))
                            .append("\" y=\"").append(HEIGHT - BOTTOM + 16).append("\">").append(tick(v)).append("</text>");
                }
            }
            out.append("</g>");
            out.append("<rect class=\"frame\" fill=\"none\" stroke=\"#999\" x=\"").append(x(0)).append("\" y=\"").append(y(1))
                    .append("\" width=\"").append(round(x(1) - x(0))).append("\" height=\"").append(round(y(0) - y(1))).append("\"/>");
            out.append("<text class=\"axis-label\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\" x=\"").append(round((x(0) + x(1)) / 2))
                    .append("\" y=\"").append(HEIGHT - 8).append("\">").append(escape(text.xAxis())).append("</text>");
            double middle = round((y(0) + y(1)) / 2);
            out.append("<text class=\"axis-label\" font-size=\"12\" fill=\"#333\" text-anchor=\"middle\" x=\"14\" y=\"").append(middle)
                    .append("\" transform=\"rotate(-90 14 ").append(middle).append(")\">").append(escape(text.yAxis())).append("</text>");
        }

        void line(String cssClass, double x1, double y1, double x2, double y2, String stroke, String dash) {
            out.append("<line class=\"").append(cssClass).append("\" stroke=\"").append(stroke).append("\" stroke-dasharray=\"").append(dash)
                    .append("\" x1=\"").append(x(x1)).append("\" y1=\"").append(y(y1)).append("\" x2=\"").append(x(x2)).append("\" y2=\"")
                    .append(y(y2)).append("\"/>");
        }

        void polyline(List<double[]> points) {
            if (points.isEmpty()) {
                return;
            }
            out.append("<polyline class=\"curve\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < points.size(); i++) {
                out.append(i == 0 ? "" : " ").append(x(points.get(i)[0])).append(',').append(y(points.get(i)[1]));
            }
            out.append("\"/>");
        }

        void bar(double from, double width, double value, String title) {
            out.append("<rect class=\"bar\" fill=\"#1f4e9c\" x=\"").append(x(from)).append("\" y=\"").append(y(value)).append("\" width=\"")
                    .append(round(Math.max(0.5, x(from + width) - x(from)))).append("\" height=\"").append(round(y(0) - y(value)))
                    .append("\"><title>").append(escape(title)).append("</title></rect>");
        }

        void xLabel(double at, String label) {
            out.append("<text class=\"tick\" font-size=\"10\" fill=\"#555\" text-anchor=\"middle\" x=\"").append(x(at)).append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 16).append("\">").append(escape(label)).append("</text>");
        }

        String finish() {
            return out.append("</svg>").toString();
        }
    }

    private static String tick(double v) {
        return v == 0 ? "0" : v == 1 ? "1" : Double.toString(v);
    }

    static String format(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** XML text and attribute escaping: the five characters XML reserves. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
