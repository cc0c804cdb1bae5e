package dev.mamori.lab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.risk.Action;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The evaluation report on small examples checked by hand, and its properties on random data. */
class EvaluationTest {
    static final Instant DAY1 = Instant.parse("2026-11-01T01:00:00Z"); // 10:00 in Tokyo, 1 November

    static EvaluationRow row(Instant time, String card, double score, boolean fraud, double amount) {
        return new EvaluationRow(time, card, "ec", "5411", amount, score, fraud, null);
    }

    static EvaluationRow ruled(String channel, String mcc, Action action, boolean fraud, double amount) {
        double score = switch (action) {
            case DECLINE -> 3;
            case CHALLENGE -> 2;
            case REVIEW -> 1;
            case APPROVE -> 0;
        };
        return new EvaluationRow(DAY1, "card-" + amount, channel, mcc, amount, score, fraud, action);
    }

    @Test
    void aPerfectRankingHasAveragePrecisionAndRocAucOfOne() {
        List<EvaluationRow> rows = List.of(row(DAY1, "a", 0.9, true, 100), row(DAY1, "b", 0.8, true, 100), row(DAY1, "c", 0.3, false, 100),
                row(DAY1, "d", 0.1, false, 100));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        assertThat(e.averagePrecision()).isEqualTo(1.0);
        assertThat(e.rocAuc()).isEqualTo(1.0);
        assertThat(e.recallAtFpr()).extracting(Evaluation.RecallAtFpr::recall).containsExactly(1.0, 1.0);
        // The default operating point: the lowest threshold within 1 % false positives is 0.8.
        assertThat(e.operatingPoint().declineAt()).isEqualTo(0.8);
        assertThat(e.money().fraudDeclined()).isEqualTo(2);
        assertThat(e.money().goodDeclined()).isZero();
    }

    @Test
    void scikitLearnsExampleGivesItsAveragePrecisionAndTheCurveEndsAtFullRecall() {
        // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
        List<EvaluationRow> rows = List.of(row(DAY1, "a", 0.1, false, 1), row(DAY1, "b", 0.4, false, 1), row(DAY1, "c", 0.35, true, 1),
                row(DAY1, "d", 0.8, true, 1));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        assertThat(e.averagePrecision()).isCloseTo(0.8333333333, within(1e-9));
        assertThat(e.rocAuc()).isCloseTo(0.75, within(1e-12));
        assertThat(e.curve()).extracting(Evaluation.CurvePoint::threshold).containsExactly(0.8, 0.4, 0.35, 0.1);
        assertThat(e.curve()).extracting(Evaluation.CurvePoint::precision).containsExactly(1.0, 0.5, 2 / 3.0, 0.5);
        assertThat(e.curve()).extracting(Evaluation.CurvePoint::falsePositiveRate).containsExactly(0.0, 0.5, 0.5, 1.0);
        assertThat(e.curve().get(3).recall()).isEqualTo(1.0);
    }

    @Test
    void cardPrecisionAtKRanksCardsByTheirHighestScoreOfTheTokyoDay() {
        Instant lateDay1 = Instant.parse("2026-11-01T14:59:00Z"); // 23:59 in Tokyo, still 1 November
        Instant day2 = Instant.parse("2026-11-01T15:30:00Z"); // 00:30 in Tokyo, 2 November
        List<EvaluationRow> rows = List.of(
                row(DAY1, "A", 0.2, false, 10), row(lateDay1, "A", 0.95, true, 10), // A: highest 0.95, fraud that day
                row(DAY1, "B", 0.9, false, 10),
                row(DAY1, "C", 0.7, true, 10),
                row(DAY1, "D", 0.1, true, 10),
                row(day2, "A", 0.99, false, 10), // A again on day 2: good that day
                row(day2, "E", 0.5, true, 10));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults().withK(2));
        assertThat(e.cardPrecisionAtK()).containsExactly(
                // top 2 of day 1: A (0.95, fraud), B (0.9, good) → 1 / 2
                new Evaluation.DayPrecision(LocalDate.of(2026, 11, 1), 4, 1, 0.5),
                // day 2: A (good), E (fraud) → 1 / 2
                new Evaluation.DayPrecision(LocalDate.of(2026, 11, 2), 2, 1, 0.5));
        assertThat(e.meanCardPrecisionAtK()).isEqualTo(0.5);
        // k is the investigators' capacity: with k = 3 on day 2, 1 fraud card of 3 slots.
        assertThat(Evaluation.of(rows, Evaluation.Options.defaults().withK(3)).cardPrecisionAtK().get(1).precision()).isEqualTo(1 / 3.0);
        assertThat(Evaluation.of(rows, Evaluation.Options.defaults().withK(3)).cardPrecisionAtK().get(0).precision()).isEqualTo(2 / 3.0);
    }

    @Test
    void aRuleSetIsMeasuredAtTheActionsItEnforced() {
        List<EvaluationRow> rows = List.of(
                ruled("ec", "5411", Action.DECLINE, true, 1000),
                ruled("ec", "5411", Action.CHALLENGE, true, 2000),
                ruled("ec", "5999", Action.REVIEW, true, 4000), // review lets it through: missed
                ruled("f2f", "5411", Action.APPROVE, true, 8000),
                ruled("ec", "5999", Action.DECLINE, false, 100),
                ruled("f2f", "5999", Action.CHALLENGE, false, 200),
                ruled("f2f", "5411", Action.APPROVE, false, 400));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        assertThat(e.operatingPoint().byAction()).isTrue();
        Evaluation.Money m = e.money();
        assertThat(m.fraudDeclined()).isEqualTo(1);
        assertThat(m.fraudAmountDeclined()).isEqualTo(1000);
        assertThat(m.fraudChallenged()).isEqualTo(1);
        assertThat(m.fraudAmountCaught()).isEqualTo(3000);
        assertThat(m.fraudMissed()).isEqualTo(2);
        assertThat(m.fraudAmountMissed()).isEqualTo(12000);
        assertThat(m.goodDeclined()).isEqualTo(1);
        assertThat(m.goodAmountDeclined()).isEqualTo(100);
        assertThat(m.goodChallenged()).isEqualTo(1);
        assertThat(m.goodAmountChallenged()).isEqualTo(200);
        assertThat(m.recall()).isEqualTo(0.5);
        Evaluation.Segment f2f = segment(e, "channel", "f2f");
        assertThat(f2f.rows()).isEqualTo(3);
        assertThat(f2f.fraud()).isEqualTo(1);
        assertThat(f2f.money().recall()).isEqualTo(0.0);
        assertThat(f2f.money().goodChallenged()).isEqualTo(1);
        Evaluation.Segment mcc5999 = segment(e, "mcc", "5999");
        assertThat(mcc5999.rows()).isEqualTo(3);
        // one fraud (review, score 1) against goods scored 3 and 2: ranked below both
        assertThat(mcc5999.averagePrecision()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(mcc5999.rocAuc()).isEqualTo(0.0);
    }

    @Test
    void aSegmentWithoutFraudHasNoAveragePrecisionAndUnknownKeysAreNamed() {
        List<EvaluationRow> rows = List.of(row(DAY1, "a", 0.9, true, 1),
                new EvaluationRow(DAY1, "b", null, null, 5, 0.2, false, null));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        Evaluation.Segment unknown = segment(e, "channel", "unknown");
        assertThat(unknown.rows()).isEqualTo(1);
        assertThat(unknown.averagePrecision()).isNull();
        assertThat(unknown.rocAuc()).isNull();
        assertThat(unknown.money().recall()).isNull();
        assertThat(segment(e, "mcc", "unknown").rows()).isEqualTo(1);
    }

    @Test
    void unscoredRowsAreCountedApartAndMeasureNothing() {
        List<EvaluationRow> rows = List.of(row(DAY1, "a", 0.9, true, 1), row(DAY1, "b", 0.1, false, 1), row(DAY1, "c", Double.NaN, true, 1),
                row(DAY1, "d", Double.NaN, false, 1));
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        assertThat(e.rows()).isEqualTo(2);
        assertThat(e.unscoredRows()).isEqualTo(2);
        assertThat(e.unscoredFraud()).isEqualTo(1);
        assertThat(e.averagePrecision()).isEqualTo(1.0);
        Evaluation none = Evaluation.of(List.of(row(DAY1, "c", Double.NaN, true, 1)), Evaluation.Options.defaults());
        assertThat(none.rows()).isZero();
        assertThat(none.averagePrecision()).isNull();
        assertThat(none.curve()).isEmpty();
        assertThat(none.cardPrecisionAtK()).isEmpty();
        assertThat(none.segments()).hasSize(1);
    }

    @Test
    void onRandomDataSegmentsSumToTheTotalAndTheThinnedCurveKeepsItsEnds() {
        SplittableRandom random = new SplittableRandom(11);
        List<EvaluationRow> rows = new ArrayList<>();
        String[] channels = {"ec", "f2f", "moto"};
        String[] mccs = {"5411", "5999", "7995", "4829", null};
        for (int i = 0; i < 20_000; i++) {
            boolean fraud = random.nextDouble() < 0.03;
            double score = Math.min(1, Math.max(0, random.nextGaussian() * 0.2 + (fraud ? 0.7 : 0.3)));
            rows.add(new EvaluationRow(DAY1.plusSeconds(random.nextInt(30 * 86_400)), "card" + random.nextInt(3000),
                    channels[random.nextInt(3)], mccs[random.nextInt(mccs.length)], 100 + random.nextInt(100_000), score, fraud, null));
        }
        Evaluation e = Evaluation.of(rows, Evaluation.Options.defaults());
        BinaryMetrics exact = BinaryMetrics.of(rows.stream().map(r -> new ScoredOutcome(r.score(), r.fraud(), r.amount())).toList());
        assertThat(e.averagePrecision()).isEqualTo(exact.averagePrecision());
        assertThat(e.rocAuc()).isEqualTo(exact.rocAuc());
        assertThat(e.curve()).hasSizeLessThanOrEqualTo(300).hasSizeGreaterThan(100);
        assertThat(e.curve().get(0).threshold()).isEqualTo(exact.points().get(0).threshold());
        assertThat(e.curve().get(e.curve().size() - 1).recall()).isEqualTo(1.0);
        assertThat(e.curve().get(e.curve().size() - 1).falsePositiveRate()).isEqualTo(1.0);
        for (int i = 1; i < e.curve().size(); i++) {
            assertThat(e.curve().get(i).threshold()).isLessThan(e.curve().get(i - 1).threshold());
            assertThat(e.curve().get(i).recall()).isGreaterThanOrEqualTo(e.curve().get(i - 1).recall());
        }
        for (String dimension : List.of("channel", "mcc")) {
            List<Evaluation.Segment> parts = e.segments().stream().filter(s -> s.dimension().equals(dimension)).toList();
            assertThat(parts.stream().mapToLong(Evaluation.Segment::rows).sum()).isEqualTo(e.rows());
            assertThat(parts.stream().mapToLong(Evaluation.Segment::fraud).sum()).isEqualTo(e.fraud());
            assertThat(parts.stream().mapToLong(s -> s.money().fraudCaught()).sum()).isEqualTo(e.money().fraudCaught());
            assertThat(parts.stream().mapToLong(s -> s.money().goodDeclined()).sum()).isEqualTo(e.money().goodDeclined());
            assertThat(parts.stream().mapToDouble(s -> s.money().fraudAmountCaught()).sum())
                    .isCloseTo(e.money().fraudAmountCaught(), within(1e-6));
        }
        assertThat(e.cardPrecisionAtK()).hasSize(31); // 30 days from 10:00 on 1 November, Tokyo time
        assertThat(e.recallAtFpr().get(1).recall()).isEqualTo(exact.recallAtFalsePositiveRate(0.01));
        assertThat(e.money().goodDeclined()).isLessThanOrEqualTo((long) (0.01 * exact.negatives()));
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> Evaluation.Options.defaults().withK(0)).hasMessageContaining("k is between");
        assertThatThrownBy(() -> new OperatingPoint(0.5, 0.9)).hasMessageContaining("at most the decline threshold");
        assertThatThrownBy(() -> Evaluation.of(List.of(row(DAY1, "a", 0.5, true, 1)),
                Evaluation.Options.defaults().withOperatingPoint(OperatingPoint.enforcedActions()))).hasMessageContaining("without an action");
    }

    static Evaluation.Segment segment(Evaluation e, String dimension, String key) {
        return e.segments().stream().filter(s -> s.dimension().equals(dimension) && s.key().equals(key)).findFirst().orElseThrow();
    }
}
