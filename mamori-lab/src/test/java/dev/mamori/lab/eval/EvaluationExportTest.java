package dev.mamori.lab.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON and CSV exports: their layouts, and undefined measures as null or empty. */
class EvaluationExportTest {
    final Evaluation evaluation = Evaluation.of(List.of(
            EvaluationTest.ruled("ec", "5411", Action.DECLINE, true, 1000),
            EvaluationTest.ruled("ec", "5411", Action.APPROVE, false, 250.5),
            EvaluationTest.ruled("f2f", "5999", Action.CHALLENGE, false, 300)), Evaluation.Options.defaults());

    @Test
    void jsonHasTheMeasuresTheMoneyViewAndNullForUndefined() {
        JsonNode json = JsonMapper.builder().build().readTree(EvaluationExport.json(evaluation));
        assertThat(json.get("rows").asLong()).isEqualTo(3);
        assertThat(json.get("averagePrecision").asDouble()).isEqualTo(1.0);
        assertThat(json.get("operatingPoint").get("mode").asString()).isEqualTo("enforced-actions");
        assertThat(json.get("money").get("fraudCaught").asLong()).isEqualTo(1);
        assertThat(json.get("money").get("goodAmountChallenged").asDouble()).isEqualTo(300);
        assertThat(json.get("cardPrecisionAtK").get(0).get("day").asString()).isEqualTo("2026-11-01");
        JsonNode f2f = json.get("segments").get(2);
        assertThat(f2f.get("key").asString()).isEqualTo("f2f");
        assertThat(f2f.get("averagePrecision").isNull()).isTrue();
    }

    @Test
    void csvLayouts() {
        String[] segments = EvaluationExport.segmentsCsv(evaluation).split("\n");
        assertThat(segments[0]).isEqualTo(String.join(",", EvaluationExport.SEGMENT_COLUMNS));
        assertThat(segments).hasSize(1 + 1 + 2 + 2);
        assertThat(segments[1]).isEqualTo("all,all,3,1,1000,1,1,1,1,1000,0,0,0,0,0,0,1,300");
        assertThat(segments[3]).startsWith("channel,f2f,1,0,0,,,,");
        String[] curves = EvaluationExport.curvesCsv(evaluation).split("\n");
        assertThat(curves[0]).isEqualTo("threshold,true_positives,false_positives,recall,precision,false_positive_rate");
        assertThat(curves[1]).isEqualTo("3,1,0,1,1,0");
        assertThat(curves).hasSize(1 + 3);
        assertThat(EvaluationExport.daysCsv(evaluation).split("\n")).containsExactly("day,cards,k,fraud_cards,precision", "2026-11-01,3,100,1,0.01");
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(EvaluationExport.number(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(EvaluationExport.number(1e-7)).isEqualTo("0.0000001");
        assertThat(EvaluationExport.number(250.5)).isEqualTo("250.5");
        assertThat(EvaluationExport.number(null)).isEmpty();
    }
}
