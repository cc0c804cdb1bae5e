package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CardUseTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static CardActivity at(Duration ago, MessageKind kind, ResponseCode code, Action action, long amount, String currency) {
        return new CardActivity(UUID.randomUUID(), NOW.minus(ago), kind, code, action, amount, currency);
    }

    @Test
    void countsDeclinesAndFlagsOfTheDayPaymentsOfTheHourAndTheMedianApprovedAmountInTheMainCurrency() {
        List<CardActivity> history = new ArrayList<>();
        history.add(at(Duration.ofMinutes(10), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.APPROVE, 3_000, "JPY"));
        history.add(at(Duration.ofMinutes(30), MessageKind.AUTHORIZATION, ResponseCode.DO_NOT_HONOUR, Action.DECLINE, 90_000, "JPY"));
        history.add(at(Duration.ofHours(5), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.REVIEW, 1_000, "JPY"));
        history.add(at(Duration.ofDays(3), MessageKind.AUTHORIZATION, ResponseCode.DO_NOT_HONOUR, Action.DECLINE, 5_000, "JPY"));
        history.add(at(Duration.ofDays(4), MessageKind.FINANCIAL, ResponseCode.APPROVED, Action.APPROVE, 2_000, "JPY"));
        history.add(at(Duration.ofDays(5), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.APPROVE, 99, "USD"));
        history.add(at(Duration.ofMinutes(5), MessageKind.REVERSAL, ResponseCode.APPROVED, Action.APPROVE, 3_000, "JPY"));

        CardUse use = CardUse.of(history, Map.of(), NOW);

        assertThat(use.declines24h()).as("the 30-minute decline; the 3-day one is older").isEqualTo(1);
        assertThat(use.fraudFlags24h()).as("the decline and the review of the day").isEqualTo(2);
        assertThat(use.authorizations1h()).as("the two of the last hour; a reversal is no payment").isEqualTo(2);
        assertThat(use.usualCurrency()).isEqualTo("JPY");
        assertThat(use.usualAmountMinor()).as("median of the approved 1 000, 2 000, 3 000").isEqualTo(2_000L);
        assertThat(use.fraudLabels()).isZero();
    }

    @Test
    void countsOnlyTheCardsDecisionsWhoseLatestLabelIsFraud() {
        CardActivity a = at(Duration.ofDays(2), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.APPROVE, 1_000, "JPY");
        CardActivity b = at(Duration.ofDays(1), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.APPROVE, 1_000, "JPY");
        CardActivity c = at(Duration.ofHours(2), MessageKind.AUTHORIZATION, ResponseCode.APPROVED, Action.APPROVE, 1_000, "JPY");
        Map<UUID, Boolean> labels = Map.of(a.decisionId(), true, b.decisionId(), false, UUID.randomUUID(), true);

        assertThat(CardUse.of(List.of(c, b, a), labels, NOW).fraudLabels()).isEqualTo(1);
    }

    @Test
    void aCardWithoutHistoryHasNoUsualAmount() {
        CardUse use = CardUse.of(List.of(), Map.of(), NOW);
        assertThat(use).isEqualTo(new CardUse(0, 0, 0, null, null, 0));
    }
}
