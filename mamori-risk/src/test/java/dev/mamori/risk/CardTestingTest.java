package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.HostTestSupport.Issuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Credit-master defence with {@link CardTestingPolicy#DEFAULT}, through the host: each pattern is
 * stopped at an exact probe, its source stays declined for {@code blockFor}, the cards it learnt
 * are flagged and the tenant is alerted. And customers who merely look similar are not stopped.
 */
class CardTestingTest {
    private static final Duration BLOCK_FOR = CardTestingPolicy.DEFAULT.blockFor();

    /** 1-based index of the first 59 in the attack; 0 when none. */
    private static int firstSuspectedFraud(List<Decision> probes) {
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i).responseCode() == ResponseCode.SUSPECTED_FRAUD) {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<String> alerts(Issuer issuer) {
        return issuer.module.decisionLog().alerts(issuer.tenant, 100).stream().map(a -> a.kind() + ": " + a.detail()).toList();
    }

    @Test
    void oneIpAddressMayCarryMoreCardsThanOneDeviceBeforeItCountsAsATester() {
        Issuer issuer = new Issuer();
        for (int i = 0; i < 11; i++) {
            issuer.openNew(100_000);
        }
        List<Decision> probes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            // Carrier-grade NAT: one address, a different device per customer.
            probes.add(issuer.decide(issuer.request(issuer.pans.get(i)).device("dev-" + i).ip("198.51.100.1").amount(100)));
            issuer.clock.advance(Duration.ofSeconds(20));
        }
        assertThat(firstSuspectedFraud(probes)).isEqualTo(CardTestingPolicy.DEFAULT.distinctCardsPerIp());
        assertThat(probes.get(CardTestingPolicy.DEFAULT.distinctCardsPerIp() - 1).reasons()).containsExactly("card-testing:distinct-cards");
    }

    @Test
    void distinctCardsFromOneDeviceAreStoppedAtTheFifthCard() {
        Issuer issuer = new Issuer();
        List<CardAccount> cards = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cards.add(issuer.openNew(100_000));
        }
        List<Decision> probes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            probes.add(issuer.decide(issuer.request(issuer.pans.get(i)).device("dev-tester").amount(100)));
            issuer.clock.advance(Duration.ofSeconds(20));
        }
        assertThat(firstSuspectedFraud(probes)).isEqualTo(CardTestingPolicy.DEFAULT.distinctCards());
        assertThat(probes.get(4).reasons()).containsExactly("card-testing:distinct-cards");
        assertThat(probes.get(5).reasons()).containsExactly("card-testing-source:device");
        for (int i = 0; i < 4; i++) {
            assertThat(issuer.account(cards.get(i)).atRiskReason()).as("card %d was confirmed valid to the tester", i + 1)
                    .isEqualTo("card-testing:distinct-cards");
        }
        assertThat(issuer.account(cards.get(6)).atRiskSince()).as("never seen by the tester").isNull();
        assertThat(alerts(issuer)).singleElement().asString().startsWith("card-testing: Card testing (distinct-cards) from device dev-tester")
                .contains("4 card(s)");
        assertThat(issuer.module.cardTesting().activeBlocks()).singleElement()
                .satisfies(b -> assertThat(b.blockedUntil()).isEqualTo(HostTestSupport.START.plus(Duration.ofSeconds(80)).plus(BLOCK_FOR)));
    }

    @Test
    void sequentialCardNumbersFromOneIpAreStoppedAtTheThirdCard() {
        Issuer issuer = new Issuer();
        List<CardAccount> cards = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Same BIN, account numbers 37 apart: an attacker walking through a range.
            cards.add(issuer.open(Issuer.pan("422222", 300_000_000L + 37L * i), 100_000));
        }
        CardAccount elsewhere = issuer.openNew(100_000);
        List<Decision> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probes.add(issuer.decide(issuer.request(issuer.pans.get(i)).ip("198.51.100.7").amount(100)));
            issuer.clock.advance(Duration.ofSeconds(20));
        }
        assertThat(firstSuspectedFraud(probes)).isEqualTo(CardTestingPolicy.DEFAULT.sequentialCards());
        assertThat(probes.get(2).reasons()).containsExactly("card-testing:sequential-numbers");
        assertThat(probes.get(3).reasons()).containsExactly("card-testing-source:ip");
        assertThat(issuer.account(cards.get(0)).atRiskReason()).isEqualTo("card-testing:sequential-numbers");
        assertThat(issuer.account(cards.get(1)).atRiskReason()).isEqualTo("card-testing:sequential-numbers");
        assertThat(issuer.account(cards.get(2)).atRiskSince()).as("declined: the tester learnt nothing").isNull();
        assertThat(alerts(issuer)).singleElement().asString().contains("(sequential-numbers) from ip 198.51.100.7");

        // Any card from the IP is declined until the block ends, then the IP is served again.
        String other = issuer.pans.get(5);
        issuer.clock.advance(BLOCK_FOR.minus(Duration.ofMinutes(2)));
        assertThat(issuer.decide(issuer.request(other).ip("198.51.100.7")).reasons()).containsExactly("card-testing-source:ip");
        issuer.clock.advance(Duration.ofMinutes(10));
        Decision after = issuer.decide(issuer.request(other).ip("198.51.100.7"));
        assertThat(after.responseCode()).as(after.reasons().toString()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.account(elsewhere).heldMinor()).isEqualTo(1_000);
    }

    @Test
    void aHighDeclineRatioFromOneEmailIsStoppedAtTheSixthAttempt() {
        Issuer issuer = new Issuer();
        CardAccount valid = issuer.openNew(100_000);
        CardAccount small = issuer.openNew(10_000);
        String email = "Card.Tester@Example.COM";
        List<Decision> probes = new ArrayList<>();
        probes.add(issuer.decide(issuer.request(issuer.pans.get(0)).email(email)));
        for (int i = 0; i < 6; i++) {
            probes.add(issuer.decide(issuer.request(issuer.pans.get(1)).email(email).amount(50_000)));
            issuer.clock.advance(Duration.ofSeconds(20));
        }
        assertThat(probes.subList(1, 5)).extracting(Decision::responseCode).containsOnly(ResponseCode.INSUFFICIENT_FUNDS);
        assertThat(firstSuspectedFraud(probes)).isEqualTo(CardTestingPolicy.DEFAULT.minAttempts());
        assertThat(probes.get(5).reasons()).containsExactly("card-testing:decline-ratio");
        assertThat(probes.get(6).reasons()).containsExactly("card-testing-source:email");
        // The block is on the address, whatever its case.
        Decision lower = issuer.decide(issuer.request(issuer.pans.get(0)).email("card.tester@example.com"));
        assertThat(lower.reasons()).containsExactly("card-testing-source:email");
        assertThat(issuer.account(valid).atRiskReason()).as("approved for the tester's e-mail an hour before")
                .isEqualTo("card-testing:decline-ratio");
        assertThat(issuer.account(small).heldMinor()).isZero();
        assertThat(alerts(issuer)).singleElement().asString().contains("(decline-ratio) from email card.tester@example.com");
    }

    @Test
    void smallProbesAtOneMerchantBlockOnlyItsSmallAmounts() {
        Issuer issuer = new Issuer();
        List<Decision> probes = new ArrayList<>();
        List<UUID> approvedBefore = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            // Three of four guessed numbers do not exist; every fourth is a real card.
            String pan = issuer.newPan("433333");
            if (i % 4 == 0) {
                issuer.open(pan, 100_000);
            }
            Decision probe = issuer.decide(issuer.request(pan).merchant("M-PROBED").amount(300));
            probes.add(probe);
            if (probe.approved()) {
                approvedBefore.add(probe.cardAccountId());
            }
            issuer.clock.advance(Duration.ofSeconds(10));
        }
        assertThat(firstSuspectedFraud(probes)).isEqualTo(CardTestingPolicy.DEFAULT.merchantSmallProbes());
        assertThat(probes.get(19).reasons()).containsExactly("card-testing:small-probes");
        assertThat(approvedBefore).hasSize(4);
        for (UUID id : approvedBefore) {
            assertThat(issuer.module.cardAccounts().get(issuer.tenant, id).orElseThrow().atRiskReason())
                    .isEqualTo("card-testing:small-probes");
        }

        issuer.openNew(100_000);
        String customer = issuer.pans.get(issuer.pans.size() - 1);
        Decision smallThere = issuer.decide(issuer.request(customer).merchant("M-PROBED").amount(500));
        assertThat(smallThere.reasons()).containsExactly("card-testing-source:merchant");
        Decision purchase = issuer.decide(issuer.request(customer).merchant("M-PROBED").amount(5_000));
        assertThat(purchase.responseCode()).as("the merchant keeps selling: %s", purchase.reasons()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.decide(issuer.request(customer).merchant("M-ELSEWHERE").amount(500)).responseCode())
                .isEqualTo(ResponseCode.APPROVED);
        issuer.clock.advance(BLOCK_FOR.plus(Duration.ofMinutes(10)));
        assertThat(issuer.decide(issuer.request(customer).merchant("M-PROBED").amount(500)).responseCode())
                .as("after blockFor").isEqualTo(ResponseCode.APPROVED);
    }

    @Test
    void guessingTheSecurityCodeBlocksTheCardAfterThreeWrongCodes() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(100_000);
        String pan = issuer.pans.get(0);
        List<Decision> probes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            probes.add(issuer.decide(issuer.request(pan).code(HostTestSupport.WRONG_CODE)));
            issuer.clock.advance(Duration.ofMinutes(5));
        }
        probes.add(issuer.decide(issuer.request(pan).code(HostTestSupport.RIGHT_CODE)));
        assertThat(probes.subList(0, 3)).extracting(Decision::responseCode).containsOnly(ResponseCode.DO_NOT_HONOUR);
        assertThat(probes.get(2).reasons()).containsExactly("cvc-mismatch");
        assertThat(firstSuspectedFraud(probes)).as("the right code on the 4th guess teaches nothing")
                .isEqualTo(CardTestingPolicy.DEFAULT.cardSecurityCodeFailures() + 1);
        assertThat(probes.get(3).reasons()).containsExactly("card-testing-source:card");
        assertThat(issuer.logged(probes.get(2)).cvcFailed()).isTrue();
        CardAccount flagged = issuer.account(card);
        assertThat(flagged.atRiskReason()).isEqualTo("card-testing:security-code-guessing");
        assertThat(flagged.atRiskSince()).isEqualTo(HostTestSupport.START.plus(Duration.ofMinutes(10)));
        assertThat(alerts(issuer)).singleElement().asString().contains("(security-code-guessing) from card:");
        assertThat(issuer.module.cardTesting().activeBlocks()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo("card");
            assertThat(b.value()).isEqualTo(card.fingerprint());
        });

        issuer.clock.advance(BLOCK_FOR.minus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(issuer.decide(issuer.request(pan).code(HostTestSupport.RIGHT_CODE)).reasons()).containsExactly("card-testing-source:card");
        issuer.clock.advance(Duration.ofSeconds(1));
        Decision after = issuer.decide(issuer.request(pan).code(HostTestSupport.RIGHT_CODE));
        assertThat(after.responseCode()).as("blockFor is over: %s", after.reasons()).isEqualTo(ResponseCode.APPROVED);
    }

    @Test
    void aDeviceReusingItsFourCardsIsNotACardTester() {
        // A family tablet with four cards: the fifth attempt repeats a card, it is not a fifth card.
        Issuer issuer = new Issuer();
        for (int i = 0; i < 4; i++) {
            issuer.openNew(100_000);
        }
        List<Decision> attempts = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                attempts.add(issuer.decide(issuer.request(issuer.pans.get(i)).device("dev-family").amount(2_000)));
                issuer.clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(attempts).extracting(Decision::responseCode).containsOnly(ResponseCode.APPROVED);
        assertThat(issuer.module.cardTesting().activeBlocks()).isEmpty();
    }

    @Test
    void twoCardsWithConsecutiveNumbersOnOneDeviceAreNotAWalkThroughTheRange() {
        // Cards issued together (a couple's) often have neighbouring numbers; using both is not probing.
        Issuer issuer = new Issuer();
        issuer.open(Issuer.pan("455555", 500_000_000L), 100_000);
        issuer.open(Issuer.pan("455555", 500_000_001L), 100_000);
        List<Decision> attempts = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2; i++) {
                attempts.add(issuer.decide(issuer.request(issuer.pans.get(i)).device("dev-couple").amount(3_000)));
                issuer.clock.advance(Duration.ofMinutes(2));
            }
        }
        assertThat(attempts).extracting(Decision::responseCode).containsOnly(ResponseCode.APPROVED);
        assertThat(issuer.module.cardTesting().activeBlocks()).isEmpty();
    }
}
