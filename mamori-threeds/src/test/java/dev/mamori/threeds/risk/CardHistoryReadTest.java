package dev.mamori.threeds.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.risk.internal.AcsRiskStore;
import dev.mamori.threeds.risk.internal.CardHistory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The card's 3-D Secure past as the decision reads it: the decisions, and every challenge's outcome however many there are. */
class CardHistoryReadTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final Jdbc jdbc = new Jdbc(AcsRiskTestDatabase.create("card-history"));
    private final AcsRiskStore store = new AcsRiskStore(jdbc);
    private final TenantId tenant = TenantId.random();

    @Test
    void readsTheOutcomeOfEveryChallengeAcrossTheInListsChunks() {
        String card = "fp-" + java.util.UUID.randomUUID();
        // 70 challenges (more than one IN list of 64): 41 passed, 17 failed, 12 abandoned; and 5 frictionless Y.
        for (int i = 0; i < 70; i++) {
            String[] outcome = i < 41 ? new String[] {"Y", "completed"} : i < 58 ? new String[] {"N", "completed"} : new String[] {"U", "timed-out"};
            AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "C", outcome[0], outcome[1], null, NOW.minus(Duration.ofMinutes(10 + i)));
        }
        for (int i = 0; i < 5; i++) {
            AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "Y", "Y", "frictionless", null, NOW.minus(Duration.ofMinutes(1 + i)));
        }
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, "another card", "02", "C", "N", "completed", null, NOW.minus(Duration.ofMinutes(3)));

        CardHistory history = store.cardHistory(tenant, card, NOW.minus(Duration.ofDays(365)), 500);

        assertThat(history.challengesEnded(NOW.minus(Duration.ofDays(30)))).isEqualTo(new CardHistory.Challenges(41, 17, 12));
        assertThat(history.challengesSince(NOW.minus(Duration.ofDays(1)))).isEqualTo(70);
        CardHistory newest = store.cardHistory(tenant, card, NOW.minus(Duration.ofDays(365)), 10);
        assertThat(newest.challengesSince(NOW.minus(Duration.ofDays(1)))).as("the newest 10: five Y, five challenges").isEqualTo(5);
        assertThat(newest.covers(NOW.minus(Duration.ofDays(1)))).as("a read cut at its limit does not cover the day").isFalse();
        assertThat(newest.covers(NOW.minus(Duration.ofMinutes(3)))).as("but covers the minutes it holds").isTrue();
        assertThat(history.covers(NOW.minus(Duration.ofDays(1)))).as("a read under its limit covers its period").isTrue();
        assertThat(store.challengesSince(tenant, card, NOW.minus(Duration.ofDays(1)))).isEqualTo(70);
        assertThat(store.challengesEnded(tenant, card, NOW.minus(Duration.ofDays(30)))).isEqualTo(new CardHistory.Challenges(41, 17, 12));
        assertThat(store.cardHistory(TenantId.random(), card, NOW.minus(Duration.ofDays(365)), 500).challengesSince(NOW.minus(Duration.ofDays(1))))
                .as("another tenant's card of the same fingerprint").isZero();
    }
}
