package dev.mamori.lab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts parse as XML, carry no style or script, and draw the data inside the plot. */
class EvaluationChartsTest {
    static final Instant DAY1 = Instant.parse("2026-11-01T01:00:00Z");

    static Evaluation sample() {
        SplittableRandom random = new SplittableRandom(5);
        List<EvaluationRow> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean fraud = random.nextDouble() < 0.05;
            double score = Math.min(1, Math.max(0, random.nextGaussian() * 0.2 + (fraud ? 0.65 : 0.35)));
            rows.add(new EvaluationRow(DAY1.plusSeconds(random.nextInt(10 * 86_400)), "c" + random.nextInt(500), "ec", "5411", 1000, score,
                    fraud, null));
        }
        return Evaluation.of(rows, Evaluation.Options.defaults().withK(20));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<double[]> polyline(Document doc) {
        Element line = (Element) doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").item(0);
        List<double[]> points = new ArrayList<>();
        for (String pair : line.getAttribute("points").split(" ")) {
            String[] xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }

    static void insidePlot(double[] p) {
        assertThat(p[0]).isBetween((double) EvaluationCharts.LEFT, (double) EvaluationCharts.WIDTH - EvaluationCharts.RIGHT);
        assertThat(p[1]).isBetween((double) EvaluationCharts.TOP, (double) EvaluationCharts.HEIGHT - EvaluationCharts.BOTTOM);
    }

    @Test
    void thePrCurveFollowsTheCurvePointsInsideThePlot() throws Exception {
        Evaluation e = sample();
        Document doc = parse(EvaluationCharts.precisionRecall(e, EvaluationCharts.prText(e)));
        List<double[]> points = polyline(doc);
        assertThat(points).hasSize(e.curve().size() + 1);
        points.forEach(EvaluationChartsTest::insidePlot);
        for (int i = 0; i < e.curve().size(); i++) {
            Evaluation.CurvePoint c = e.curve().get(i);
            assertThat(points.get(i + 1)[0]).isCloseTo(EvaluationCharts.x(c.recall()), within(0.051));
            assertThat(points.get(i + 1)[1]).isCloseTo(EvaluationCharts.y(c.precision()), within(0.051));
        }
        // Recall only grows along the curve: x never goes back.
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i)[0]).isGreaterThanOrEqualTo(points.get(i - 1)[0]);
        }
        assertThat(doc.getDocumentElement().getAttribute("role")).isEqualTo("img");
        assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo("Precision-recall curve");
    }

    @Test
    void theRocCurveStartsAtTheOriginEndsAtOneOneAndHasTheDiagonal() throws Exception {
        Evaluation e = sample();
        Document doc = parse(EvaluationCharts.roc(e, EvaluationCharts.rocText(e)));
        List<double[]> points = polyline(doc);
        points.forEach(EvaluationChartsTest::insidePlot);
        assertThat(points.get(0)).containsExactly(EvaluationCharts.x(0), EvaluationCharts.y(0));
        assertThat(points.get(points.size() - 1)).containsExactly(EvaluationCharts.x(1), EvaluationCharts.y(1));
        NodeList lines = doc.getElementsByTagNameNS("*", "line");
        boolean diagonal = false;
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            diagonal |= line.getAttribute("class").equals("diagonal")
                    && Double.parseDouble(line.getAttribute("x1")) == EvaluationCharts.x(0)
                    && Double.parseDouble(line.getAttribute("y2")) == EvaluationCharts.y(1);
        }
        assertThat(diagonal).isTrue();
        // A good model's curve runs above the diagonal (smaller y in SVG) in the middle.
        double[] middle = points.get(points.size() / 2);
        double xValue = (middle[0] - EvaluationCharts.LEFT) / (EvaluationCharts.WIDTH - EvaluationCharts.LEFT - EvaluationCharts.RIGHT);
        assertThat(middle[1]).isLessThan(EvaluationCharts.y(xValue));
    }

    @Test
    void precisionAtKHasOneBarPerDayWithItsHeight() throws Exception {
        Evaluation e = sample();
        Document doc = parse(EvaluationCharts.precisionAtK(e, EvaluationCharts.precisionAtKText(e)));
        NodeList rects = doc.getElementsByTagNameNS("*", "rect");
        List<Element> bars = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            if (((Element) rects.item(i)).getAttribute("class").equals("bar")) {
                bars.add((Element) rects.item(i));
            }
        }
        assertThat(bars).hasSize(e.cardPrecisionAtK().size());
        for (int i = 0; i < bars.size(); i++) {
            Element bar = bars.get(i);
            double top = Double.parseDouble(bar.getAttribute("y"));
            insidePlot(new double[] {Double.parseDouble(bar.getAttribute("x")), top});
            assertThat(top).isCloseTo(EvaluationCharts.y(e.cardPrecisionAtK().get(i).precision()), within(0.051));
            assertThat(bar.getTextContent()).startsWith(e.cardPrecisionAtK().get(i).day().toString());
        }
    }

    @Test
    void textIsEscapedAndThereIsNoStyleOrScript() throws Exception {
        Evaluation e = sample();
        String svg = EvaluationCharts.roc(e, new EvaluationCharts.Text("<script>alert(1)</script> & \"q\"", "d'x", "x", "y"));
        Document doc = parse(svg);
        assertThat(doc.getElementsByTagNameNS("*", "script").getLength()).isZero();
        assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo("<script>alert(1)</script> & \"q\"");
        for (String chart : List.of(svg, EvaluationCharts.precisionRecall(e, EvaluationCharts.prText(e)),
                EvaluationCharts.precisionAtK(e, EvaluationCharts.precisionAtKText(e)))) {
            assertThat(chart).doesNotContain("<style").doesNotContain("<script");
            NodeList all = parse(chart).getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                var attributes = all.item(i).getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    String name = attributes.item(a).getNodeName();
                    assertThat(name).isNotEqualTo("style").doesNotStartWith("on");
                }
            }
        }
    }

    @Test
    void anEmptyEvaluationStillDrawsAnEmptyPlot() throws Exception {
        Evaluation empty = Evaluation.of(List.of(), Evaluation.Options.defaults());
        assertThat(parse(EvaluationCharts.roc(empty, EvaluationCharts.rocText(empty))).getElementsByTagNameNS("*", "polyline").getLength()).isZero();
        assertThat(parse(EvaluationCharts.precisionAtK(empty, EvaluationCharts.precisionAtKText(empty))).getDocumentElement().getLocalName())
                .isEqualTo("svg");
    }
}
