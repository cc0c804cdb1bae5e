package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.HostTestSupport.Issuer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link RiskModule#start()}: a new process over the same database decides as the old one would have. */
class RiskModuleRestartTest {
    private static final String VELOCITY = "rule \"velocity\" when card.count(1h) >= 3 then decline \"velocity\" code 65";

    @Test
    void velocityCountsAreRebuiltFromTheDecisionLog() {
        Issuer issuer = new Issuer();
        issuer.activeRules(VELOCITY);
        CardAccount busy = issuer.openNew(1_000_000);
        CardAccount quiet = issuer.openNew(1_000_000);
        String busyPan = issuer.pans.get(0);
        String quietPan = issuer.pans.get(1);
        for (int i = 0; i < 3; i++) {
            assertThat(issuer.decide(issuer.request(busyPan)).responseCode()).isEqualTo(ResponseCode.APPROVED);
            issuer.clock.advance(Duration.ofMinutes(1));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(issuer.decide(issuer.request(quietPan)).responseCode()).isEqualTo(ResponseCode.APPROVED);
            issuer.clock.advance(Duration.ofMinutes(1));
        }

        RiskModule restarted = issuer.restart(null);
        assertThat(restarted.start()).as("decisions replayed").isEqualTo(5);

        Decision fourth = issuer.decide(issuer.request(busyPan));
        assertThat(fourth.responseCode()).as("4th attempt within the hour, after the restart").isEqualTo(ResponseCode.EXCEEDS_FREQUENCY_LIMIT);
        assertThat(fourth.reasons()).containsExactly("velocity");
        assertThat(fourth.cardAccountId()).isEqualTo(busy.id());
        // Replay must not count twice: the card with two attempts gets its third.
        assertThat(issuer.decide(issuer.request(quietPan)).responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.decide(issuer.request(quietPan)).responseCode()).as("its 4th").isEqualTo(ResponseCode.EXCEEDS_FREQUENCY_LIMIT);
        assertThat(issuer.account(quiet).heldMinor()).isEqualTo(3_000);
    }

    @Test
    void aRestartWithoutStartForgetsTheVelocityThatStartRestores() {
        Issuer issuer = new Issuer();
        issuer.activeRules(VELOCITY);
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        for (int i = 0; i < 3; i++) {
            issuer.decide(issuer.request(pan));
        }
        issuer.restart(null); // not started: the in-memory features are empty
        assertThat(issuer.decide(issuer.request(pan)).responseCode()).as("what start() is for").isEqualTo(ResponseCode.APPROVED);
        issuer.restart(null).start();
        assertThat(issuer.decide(issuer.request(pan)).responseCode()).isEqualTo(ResponseCode.EXCEEDS_FREQUENCY_LIMIT);
    }

    @Test
    void startReplaysOnlyTheLongestWindowAndSkipsReversals() {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        issuer.decide(issuer.request(pan));
        issuer.clock.advance(Duration.ofDays(8)); // past the 7-day window
        HostTestSupport.Req original = issuer.request(pan);
        issuer.decide(original);
        issuer.decide(issuer.request(pan));
        issuer.decide(issuer.request(pan).reversalOf(original.stan, original.rrn));

        assertThat(issuer.restart(null).start()).isEqualTo(2);
    }

    @Test
    void distinctCardsPerDeviceSurviveARestartAndTheFifthCardIsDeclined() {
        Issuer issuer = new Issuer();
        for (int i = 0; i < 6; i++) {
            issuer.openNew(100_000);
        }
        for (int i = 0; i < 4; i++) {
            Decision probe = issuer.decide(issuer.request(issuer.pans.get(i)).device("dev-tester").amount(500));
            assertThat(probe.responseCode()).as("probe %d", i + 1).isEqualTo(ResponseCode.APPROVED);
            issuer.clock.advance(Duration.ofSeconds(30));
        }

        assertThat(issuer.restart(null).start()).isEqualTo(4);

        Decision fifth = issuer.decide(issuer.request(issuer.pans.get(4)).device("dev-tester").amount(500));
        assertThat(fifth.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(fifth.reasons()).containsExactly("card-testing:distinct-cards");

        // The block is stored: yet another process declines the device at once.
        issuer.restart(null).start();
        Decision sixth = issuer.decide(issuer.request(issuer.pans.get(5)).device("dev-tester").amount(500));
        assertThat(sixth.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(sixth.reasons()).first().isEqualTo("card-testing-source:device");
    }
}
