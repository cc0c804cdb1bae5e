package dev.mamori.threeds.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.RiskDecision.Exemption;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.risk.IssuerRiskSignals.CardState;
import dev.mamori.threeds.risk.IssuerRiskSignals.IssuerFacts;
import dev.mamori.threeds.risk.IssuerRiskSignals.ListHit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskBasedDeciderTest {
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    private static final YearMonth NEXT_YEAR = YearMonth.of(2027, 12);
    private static final Pan PAN = Pan.of("4111111111111111");
    /** Lifts an otherwise quiet AReq (150 + 60 for a first device) into the default challenge band (300–700). */
    private static final Map<String, String> SUSPICIOUS = Map.of("acctInfo.suspiciousAccActivity", "02");
    /** Stays in the challenge band once the browser is trusted (known device: −60 instead of +60). */
    private static final Map<String, String> STILL_MEDIUM_ON_A_KNOWN_DEVICE = Map.of("acctInfo.suspiciousAccActivity", "02", "addrMatch", "N");

    private final TenantId tenant = TenantId.random();
    private Jdbc jdbc;
    private AcsPolicies policies;
    private IssuerFacts facts;
    private boolean enrolled;
    private RiskBasedDecider decider;

    @BeforeEach
    void setUp() {
        jdbc = new Jdbc(AcsRiskTestDatabase.create("decider"));
        policies = new AcsPolicies(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
        facts = IssuerFacts.activeCard(NEXT_YEAR);
        enrolled = true;
        decider = new RiskBasedDecider(ctx -> facts, policies, jdbc, RiskBasedDecider.Enrolment.of(new Enrolment()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Test double: a card is enrolled in SMS OTP or in nothing. */
    private final class Enrolment implements ChallengeAuthenticator {
        @Override
        public List<ChallengeMethod> methods(TenantId t, String cardFingerprint) {
            return enrolled ? List.of(ChallengeMethod.SMS_OTP) : List.of();
        }

        @Override
        public Challenge start(TenantId t, String fp, String id, ChallengeMethod m, Locale l) {
            throw new UnsupportedOperationException("the decider only asks for the methods");
        }

        @Override
        public Challenge resend(TenantId t, String id, Locale l) {
            throw new UnsupportedOperationException("the decider only asks for the methods");
        }

        @Override
        public Verdict verify(TenantId t, String id, String answer) {
            throw new UnsupportedOperationException("the decider only asks for the methods");
        }
    }

    private AuthenticationContext browser(String card, Long amount, String challengeInd, Map<String, String> extra) {
        return context(card, DeviceChannel.BROWSER, MessageCategory.PAYMENT, amount, challengeInd, extra, NOW);
    }

    private AuthenticationContext context(String card, DeviceChannel channel, MessageCategory category, Long amount, String challengeInd,
                                          Map<String, String> extra, Instant at) {
        Map<String, String> signals = new HashMap<>();
        if (channel == DeviceChannel.BROWSER) {
            signals.put("browserUserAgent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130");
            signals.put("browserLanguage", "ja-JP");
            signals.put("browserScreenWidth", "1920");
            signals.put("browserScreenHeight", "1080");
            signals.put("browserTZ", "-540");
        } else if (channel == DeviceChannel.APP) {
            signals.put("sdkAppID", "6f0e0a4e-21a5-4a3c-9d3f-0b5d2f1c7e11");
        }
        signals.putAll(extra);
        return new AuthenticationContext(tenant, PAN, card, UUID.randomUUID().toString(), "2.2.0", channel,
                category, amount, amount == null ? null : JPY, "M-1", "Shop", "5411", "392", challengeInd, null, signals, at);
    }

    private static String card() {
        return "fp-" + UUID.randomUUID();
    }

    private void policy(int frictionlessBelow, int refuseAt, long lowValue, int consecutive, int traBelow, long traLimit, int maxChallenges) {
        policies.save(tenant, new AcsPolicy(frictionlessBelow, refuseAt, Map.of(JPY, lowValue), consecutive, traBelow, Map.of(JPY, traLimit),
                maxChallenges, true, true, true, true), "test");
    }

    // ---------------------------------------------------------------- the score

    @Test
    void quietFirstPaymentOfACardPassesFrictionlessWithConfidence() {
        RiskDecision d = decider.decide(browser(card(), 5_000L, "01", Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.Y);
        assertThat(d.score()).isEqualTo(RiskBasedDecider.BASE_SCORE + 60);
        assertThat(d.reasons()).containsExactly("first-device");
        assertThat(d.transStatusReason()).isEqualTo("16");
        assertThat(d.exemption()).isEqualTo(Exemption.NONE);
    }

    @ParameterizedTest(name = "{0}={1} moves the score {2}")
    @CsvSource({
            "merchantRiskIndicator.shipIndicator, 03, up, ship-to-other-address",
            "merchantRiskIndicator.shipIndicator, 01, down, ship-to-billing",
            "merchantRiskIndicator.shipIndicator, 05, up, digital-goods",
            "merchantRiskIndicator.deliveryTimeframe, 01, up, electronic-delivery",
            "merchantRiskIndicator.giftCardAmount, 10000, up, gift-card",
            "merchantRiskIndicator.preOrderPurchaseInd, 02, up, pre-order",
            "merchantRiskIndicator.reorderItemsInd, 02, down, reorder",
            "acctInfo.chAccAgeInd, 01, up, guest-checkout",
            "acctInfo.chAccAgeInd, 02, up, account-created-now",
            "acctInfo.chAccAgeInd, 05, down, account-established",
            "acctInfo.suspiciousAccActivity, 02, up, suspicious-account-activity",
            "acctInfo.txnActivityDay, 8, up, account-busy-today",
            "acctInfo.txnActivityYear, 40, down, account-long-activity",
            "acctInfo.provisionAttemptsDay, 5, up, card-provisioning-attempts",
            "acctInfo.shipNameIndicator, 02, up, ship-name-differs",
            "addrMatch, N, up, address-mismatch",
            "addrMatch, Y, down, address-match",
    })
    void eachAReqSignalMovesTheScoreItsWay(String element, String value, String direction, String reason) {
        int base = decider.decide(browser(card(), 5_000L, "01", Map.of())).score();
        RiskDecision d = decider.decide(browser(card(), 5_000L, "01", Map.of(element, value)));
        if ("up".equals(direction)) {
            assertThat(d.score()).isGreaterThan(base);
        } else {
            assertThat(d.score()).isLessThan(base);
        }
        assertThat(d.reasons()).contains(reason);
    }

    @Test
    void giftCardCountAddsToTheGiftCardAmount() {
        int one = decider.decide(browser(card(), 5_000L, "01", Map.of("merchantRiskIndicator.giftCardCount", "1"))).score();
        int five = decider.decide(browser(card(), 5_000L, "01", Map.of("merchantRiskIndicator.giftCardCount", "5"))).score();
        assertThat(five).isGreaterThan(one);
    }

    @Test
    void issuerHistoryRaisesTheScore() {
        int base = decider.decide(browser(card(), 5_000L, "01", Map.of())).score();
        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 2, 0, 0, null, null, 0, Set.of(), Set.of());
        RiskDecision declines = decider.decide(browser(card(), 5_000L, "01", Map.of()));
        assertThat(declines.score()).isEqualTo(base + 80);
        assertThat(declines.reasons()).contains("recent-declines");

        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 1, 0, null, null, 0, Set.of(), Set.of());
        assertThat(decider.decide(browser(card(), 5_000L, "01", Map.of())).reasons()).contains("recent-fraud-flags");

        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 0, 6, null, null, 0, Set.of(), Set.of());
        RiskDecision velocity = decider.decide(browser(card(), 5_000L, "01", Map.of()));
        assertThat(velocity.score()).isEqualTo(base + 90);
        assertThat(velocity.reasons()).contains("velocity-1h");

        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 0, 0, null, null, 1, Set.of(), Set.of());
        RiskDecision labelled = decider.decide(browser(card(), 5_000L, "01", Map.of()));
        assertThat(labelled.score()).isEqualTo(base + 250);
        assertThat(labelled.reasons().get(0)).isEqualTo("card-fraud-labelled");
        assertThat(labelled.status()).isEqualTo(TransStatus.C);

        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 0, 0, null, null, 0, Set.of(), Set.of(ListHit.EMAIL));
        assertThat(decider.decide(browser(card(), 5_000L, "01", Map.of())).score()).isEqualTo(base - 100);
    }

    @Test
    void amountFarAboveTheCardsUsualRaisesTheScoreAndAUsualAmountLowersIt() {
        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 0, 0, 4_000L, "JPY", 0, Set.of(), Set.of());
        int usual = decider.decide(browser(card(), 4_500L, "01", Map.of())).score();
        int triple = decider.decide(browser(card(), 15_000L, "01", Map.of())).score();
        int tenfold = decider.decide(browser(card(), 50_000L, "01", Map.of())).score();
        assertThat(usual).isLessThan(triple);
        assertThat(triple).isLessThan(tenfold);
        facts = IssuerFacts.activeCard(NEXT_YEAR);
        int plain = decider.decide(browser(card(), 4_500L, "01", Map.of())).score();
        assertThat(usual).isLessThan(plain);
    }

    @Test
    void absoluteAmountBandsRaiseTheScore() {
        int small = decider.decide(browser(card(), 5_000L, "01", Map.of())).score();
        RiskDecision high = decider.decide(browser(card(), 150_000L, "01", Map.of()));
        RiskDecision veryHigh = decider.decide(browser(card(), 400_000L, "01", Map.of()));
        assertThat(high.score()).isEqualTo(small + 60);
        assertThat(high.reasons()).contains("amount-high");
        assertThat(veryHigh.score()).isEqualTo(small + 120);
    }

    @Test
    void aDeviceTheCardAuthenticatedFromLowersTheScoreAndANewOneRaisesIt() {
        String card = card();
        RiskDecision first = decider.decide(browser(card, 5_000L, "01", Map.of()));
        assertThat(first.reasons()).contains("first-device");
        assertThat(first.status()).isEqualTo(TransStatus.Y);

        RiskDecision again = decider.decide(browser(card, 5_000L, "01", Map.of()));
        assertThat(again.reasons()).contains("known-device");
        assertThat(again.score()).isEqualTo(first.score() - 120);

        RiskDecision other = decider.decide(browser(card, 5_000L, "01", Map.of("browserUserAgent", "Other/1.0")));
        assertThat(other.reasons()).contains("new-device").doesNotContain("unusual-language", "unusual-timezone");
        assertThat(other.score()).isEqualTo(first.score() + 60);

        RiskDecision abroad = decider.decide(browser(card, 5_000L, "01",
                Map.of("browserUserAgent", "Other/2.0", "browserLanguage", "ru-RU", "browserTZ", "180")));
        assertThat(abroad.reasons()).contains("new-device", "unusual-language", "unusual-timezone");
        assertThat(abroad.score()).isEqualTo(other.score() + 140);
    }

    @Test
    void aDeviceWhoseOnlyAReqWasChallengedIsTrustedOnlyOnceTheChallengeEndedY() {
        String card = card();
        decider.decide(browser(card, 5_000L, "01", Map.of())); // trusted browser A
        AuthenticationContext challenged = browser(card, 5_000L, "01", Map.of("browserUserAgent", "Phone/1", "acctInfo.suspiciousAccActivity", "02"));
        assertThat(decider.decide(challenged).status()).isEqualTo(TransStatus.C);
        assertThat(decider.decide(browser(card, 5_000L, "01", Map.of("browserUserAgent", "Phone/1"))).reasons()).contains("new-device");
        jdbc.update("insert into threeds.acs_transactions (acs_trans_id, tenant_id, ds_trans_id, server_trans_id, message_version, "
                + "device_channel, message_category, card_fingerprint, ares_status, final_status, state, created_at) "
                + "values (?,?,'d','s','2.2.0','02','01',?,'C','Y','completed',?)", ps -> {
                    ps.setString(1, challenged.acsTransId());
                    ps.setObject(2, tenant.value());
                    ps.setString(3, card);
                    ps.setObject(4, Jdbc.timestamp(NOW));
                });
        assertThat(decider.decide(browser(card, 5_000L, "01", Map.of("browserUserAgent", "Phone/1"))).reasons()).contains("known-device");
    }

    @Test
    void recentChallengeFailuresAndAbandonsRaiseTheScoreAndAPassLowersIt() {
        String failed = card();
        String abandoned = card();
        String passed = card();
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, failed, "02", "C", "N", "completed", null, NOW.minus(Duration.ofDays(2)));
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, abandoned, "02", "C", "U", "timed-out", null, NOW.minus(Duration.ofDays(2)));
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, passed, "02", "C", "Y", "completed", null, NOW.minus(Duration.ofDays(2)));
        // Older than the history the decider looks at: no effect.
        String old = card();
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, old, "02", "C", "N", "completed", null, NOW.minus(Duration.ofDays(60)));
        int base = decider.decide(browser(card(), 5_000L, "01", Map.of())).score();
        RiskDecision f = decider.decide(browser(failed, 5_000L, "01", Map.of()));
        assertThat(f.score()).isEqualTo(base + 100);
        assertThat(f.reasons()).contains("recent-challenge-failures");
        RiskDecision a = decider.decide(browser(abandoned, 5_000L, "01", Map.of()));
        assertThat(a.score()).isEqualTo(base + 50);
        assertThat(a.reasons()).contains("recent-challenges-abandoned");
        assertThat(decider.decide(browser(passed, 5_000L, "01", Map.of())).score()).isEqualTo(base - 40);
        assertThat(decider.decide(browser(old, 5_000L, "01", Map.of())).score()).isEqualTo(base);
    }

    @Test
    void anotherTenantsHistoryDoesNotCount() {
        String card = card();
        AcsRiskTestDatabase.acsTransaction(jdbc, TenantId.random(), card, "02", "C", "N", "completed", null, NOW.minus(Duration.ofDays(1)));
        assertThat(decider.decide(browser(card, 5_000L, "01", Map.of())).reasons()).doesNotContain("recent-challenge-failures");
    }

    @Test
    void reasonsAreMostImportantFirstAndAtMostSix() {
        RiskDecision d = decider.decide(browser(card(), 5_000L, "01", Map.of("acctInfo.suspiciousAccActivity", "02", "addrMatch", "N",
                "acctInfo.chAccAgeInd", "02", "merchantRiskIndicator.deliveryTimeframe", "01", "acctInfo.shipNameIndicator", "02",
                "merchantRiskIndicator.preOrderPurchaseInd", "02", "acctInfo.provisionAttemptsDay", "5")));
        assertThat(d.reasons()).hasSize(RiskBasedDecider.KEPT_REASONS);
        assertThat(d.reasons().get(0)).isEqualTo("suspicious-account-activity");
        assertThat(d.reasons()).doesNotContain("pre-order");
    }

    // ---------------------------------------------------------------- hard refusals

    @ParameterizedTest(name = "{0} card → {1} {2}")
    @CsvSource({"LOST, R, 10, card-lost", "STOLEN, R, 10, card-stolen", "BLOCKED, R, 12, card-blocked", "EXPIRED, R, 05, card-expired",
            "CLOSED, R, 12, card-closed", "UNKNOWN, N, 08, card-unknown"})
    void cardsThatMayNotPayAreRefused(CardState state, TransStatus status, String reason, String why) {
        facts = new IssuerFacts(state, NEXT_YEAR, 0, 0, 0, null, null, 0, Set.of(), Set.of());
        RiskDecision d = decider.decide(browser(card(), 1_000L, "04", Map.of()));
        assertThat(d.status()).isEqualTo(status);
        assertThat(d.transStatusReason()).isEqualTo(reason);
        assertThat(d.reasons()).containsExactly(why);
    }

    @Test
    void anActiveCardPastItsExpiryIsRefusedAsExpired() {
        facts = IssuerFacts.activeCard(YearMonth.of(2026, 10));
        RiskDecision d = decider.decide(browser(card(), 1_000L, "01", Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.R);
        assertThat(d.transStatusReason()).isEqualTo("05");
        facts = IssuerFacts.activeCard(YearMonth.of(2026, 11));
        assertThat(decider.decide(browser(card(), 1_000L, "01", Map.of())).status()).isEqualTo(TransStatus.Y);
    }

    @ParameterizedTest
    @CsvSource({"IP, blocklist-ip", "EMAIL, blocklist-email", "DEVICE, blocklist-device", "CARD, blocklist-card"})
    void aBlockListHitIsSuspectedFraud(ListHit hit, String why) {
        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 0, 0, null, null, 0, Set.of(hit), Set.of());
        RiskDecision d = decider.decide(browser(card(), 1_000L, "01", Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.N);
        assertThat(d.transStatusReason()).isEqualTo("11");
        assertThat(d.reasons()).containsExactly(why);
    }

    @Test
    void anIssuerThatCannotAnswerGivesUWithTechnicalReason() {
        decider = new RiskBasedDecider(ctx -> {
            throw new IllegalStateException("database down");
        }, policies, jdbc, RiskBasedDecider.Enrolment.EVERY_CARD, Clock.fixed(NOW, ZoneOffset.UTC));
        RiskDecision d = decider.decide(browser(card(), 1_000L, "01", Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.U);
        assertThat(d.transStatusReason()).isEqualTo("22");
    }

    // ---------------------------------------------------------------- policy

    @Test
    void scoreBandsGiveFrictionlessChallengeAndRefusal() {
        assertThat(decider.decide(browser(card(), 5_000L, "01", Map.of())).status()).isEqualTo(TransStatus.Y);
        RiskDecision challenge = decider.decide(browser(card(), 5_000L, "01", SUSPICIOUS));
        assertThat(challenge.score()).isBetween(300, 699);
        assertThat(challenge.status()).isEqualTo(TransStatus.C);
        assertThat(challenge.transStatusReason()).isNull();
        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 2, 0, null, null, 1, Set.of(), Set.of());
        RiskDecision refused = decider.decide(browser(card(), 5_000L, "01", SUSPICIOUS));
        assertThat(refused.score()).isGreaterThanOrEqualTo(700);
        assertThat(refused.status()).isEqualTo(TransStatus.N);
        assertThat(refused.transStatusReason()).isEqualTo("11");
    }

    @Test
    void thresholdsComeFromTheTenantsPolicy() {
        policy(500, 800, 0, 0, 0, 0, 5);
        assertThat(decider.decide(browser(card(), 5_000L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.Y);
        policy(100, 200, 0, 0, 0, 0, 5);
        assertThat(decider.decide(browser(card(), 5_000L, "01", Map.of())).status()).isEqualTo(TransStatus.N);
    }

    @Test
    void confidenceReasonFollowsTheScoreWithinTheFrictionlessBand() {
        AcsPolicy p = AcsPolicy.defaults();
        assertThat(RiskBasedDecider.confidence(p, 10, Exemption.NONE)).isEqualTo("18");
        assertThat(RiskBasedDecider.confidence(p, 100, Exemption.NONE)).isEqualTo("17");
        assertThat(RiskBasedDecider.confidence(p, 200, Exemption.NONE)).isEqualTo("16");
        assertThat(RiskBasedDecider.confidence(p, 250, Exemption.NONE)).isEqualTo("15");
        assertThat(RiskBasedDecider.confidence(p, 10, Exemption.LOW_VALUE)).isEqualTo("15");
        policies.save(tenant, new AcsPolicy(300, 700, Map.of(), 0, 0, Map.of(), 5, true, true, true, false), "test");
        RiskDecision d = decider.decide(browser(card(), 5_000L, "01", Map.of()));
        assertThat(d.status()).isEqualTo(TransStatus.Y);
        assertThat(d.transStatusReason()).isNull();
    }

    @Test
    void lowValueExemptionPassesAtMostTheConsecutiveLimitThenChallengesAndTheChallengeResetsTheCount() {
        policy(300, 700, 3_000, 3, 0, 0, 10);
        String card = card();
        for (int i = 0; i < 3; i++) {
            RiskDecision d = decider.decide(browser(card, 3_000L, "01", STILL_MEDIUM_ON_A_KNOWN_DEVICE));
            assertThat(d.status()).as("exempted payment %d", i + 1).isEqualTo(TransStatus.Y);
            assertThat(d.exemption()).isEqualTo(Exemption.LOW_VALUE);
            assertThat(d.transStatusReason()).isEqualTo("15");
        }
        RiskDecision fourth = decider.decide(browser(card, 3_000L, "01", STILL_MEDIUM_ON_A_KNOWN_DEVICE));
        assertThat(fourth.status()).isEqualTo(TransStatus.C);
        assertThat(fourth.exemption()).isEqualTo(Exemption.NONE);
        RiskDecision afterChallenge = decider.decide(context(card, DeviceChannel.BROWSER, MessageCategory.PAYMENT, 3_000L, "01", STILL_MEDIUM_ON_A_KNOWN_DEVICE,
                NOW.plusSeconds(60)));
        assertThat(afterChallenge.exemption()).isEqualTo(Exemption.LOW_VALUE);
        // Another card has its own count.
        assertThat(decider.decide(browser(card(), 3_000L, "01", STILL_MEDIUM_ON_A_KNOWN_DEVICE)).exemption()).isEqualTo(Exemption.LOW_VALUE);
    }

    @Test
    void lowValueExemptionNeedsAnAmountAtOrUnderTheLimitInThatCurrency() {
        policy(300, 700, 3_000, 5, 0, 0, 10);
        assertThat(decider.decide(browser(card(), 3_001L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
        policies.save(tenant, new AcsPolicy(300, 700, Map.of(Currency.getInstance("EUR"), 3_000L), 5, 0, Map.of(), 10, true, true, true,
                true), "test");
        assertThat(decider.decide(browser(card(), 1_000L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
    }

    @Test
    void transactionRiskAnalysisExemptsAScoreUnderItsThresholdUpToItsLimit() {
        // Strong authentication for everything but exemptions (frictionlessBelow 0), TRA under 450 up to JPY 30,000.
        policy(0, 700, 0, 0, 450, 30_000, 10);
        RiskDecision tra = decider.decide(browser(card(), 30_000L, "01", SUSPICIOUS));
        assertThat(tra.score()).isLessThan(450);
        assertThat(tra.status()).isEqualTo(TransStatus.Y);
        assertThat(tra.exemption()).isEqualTo(Exemption.TRANSACTION_RISK_ANALYSIS);
        assertThat(decider.decide(browser(card(), 30_001L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
        assertThat(decider.decide(browser(card(), 10_000L, "01", Map.of("acctInfo.suspiciousAccActivity", "02", "addrMatch", "N",
                "acctInfo.chAccAgeInd", "02"))).status()).isEqualTo(TransStatus.C);
    }

    @Test
    void overTheDailyChallengesACardGetsNWithReason19() {
        policy(300, 700, 0, 0, 0, 0, 2);
        String card = card();
        assertThat(decider.decide(browser(card, 5_000L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
        assertThat(decider.decide(browser(card, 5_000L, "01", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
        RiskDecision third = decider.decide(browser(card, 5_000L, "01", SUSPICIOUS));
        assertThat(third.status()).isEqualTo(TransStatus.N);
        assertThat(third.transStatusReason()).isEqualTo("19");
        // A day later the card may be challenged again.
        RiskDecision nextDay = decider.decide(context(card, DeviceChannel.BROWSER, MessageCategory.PAYMENT, 5_000L, "01", SUSPICIOUS,
                NOW.plus(Duration.ofHours(25))));
        assertThat(nextDay.status()).isEqualTo(TransStatus.C);
    }

    @Test
    void aFloodOfRefusedAReqsDoesNotHideTheCardsChallengesFailuresOrExemptions() {
        policy(300, 700, 3_000, 2, 0, 0, 2);
        String card = card();
        // Earlier today: two low-value exemptions, then two failed challenges (the daily limit), then a new low-value streak of two.
        Instant t = NOW.minus(Duration.ofHours(6));
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "C", "N", "completed", null, t);
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "C", "N", "completed", null, t.plusSeconds(60));
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "Y", "Y", "frictionless", "LOW_VALUE", t.plusSeconds(120));
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "Y", "Y", "frictionless", "LOW_VALUE", t.plusSeconds(180));
        // Then more refused AReqs than the decision reads of a card's history.
        for (int i = 0; i < RiskBasedDecider.HISTORY_LIMIT; i++) {
            AcsRiskTestDatabase.acsTransaction(jdbc, tenant, card, "02", "N", "N", "rejected", null, NOW.minus(Duration.ofMinutes(60)).plusMillis(i));
        }

        RiskDecision suspicious = decider.decide(browser(card, 5_000L, "01", SUSPICIOUS));
        assertThat(suspicious.reasons()).as("the two failed challenges still count").contains("recent-challenge-failures");
        assertThat(suspicious.status()).as("the daily challenge limit still holds").isEqualTo(TransStatus.N);
        assertThat(suspicious.transStatusReason()).isEqualTo("19");
        RiskDecision lowValue = decider.decide(browser(card, 3_000L, "01", STILL_MEDIUM_ON_A_KNOWN_DEVICE));
        assertThat(lowValue.exemption()).as("the streak of two low-value exemptions is still counted").isEqualTo(Exemption.NONE);
    }

    @Test
    void aCardEnrolledInNoMethodIsNotChallenged() {
        enrolled = false;
        RiskDecision d = decider.decide(browser(card(), 5_000L, "01", SUSPICIOUS));
        assertThat(d.status()).isEqualTo(TransStatus.N);
        assertThat(d.transStatusReason()).isEqualTo("13");
        RiskDecision mandated = decider.decide(browser(card(), 5_000L, "04", Map.of()));
        assertThat(mandated.status()).isEqualTo(TransStatus.Y);
        assertThat(mandated.reasons()).contains("challenge-unavailable");
    }

    // ---------------------------------------------------------------- requestor preference

    @ParameterizedTest(name = "threeDSRequestorChallengeInd {0}: low risk → {1}, medium risk → {2}")
    @CsvSource({"01, Y, C", "02, Y, C", "03, C, C", "04, C, C", "05, Y, Y", "06, I, I", "07, Y, Y", "08, Y, Y", "09, C, C"})
    void requestorChallengePreference(String indicator, TransStatus low, TransStatus medium) {
        assertThat(decider.decide(browser(card(), 5_000L, indicator, Map.of())).status()).isEqualTo(low);
        assertThat(decider.decide(browser(card(), 5_000L, indicator, SUSPICIOUS)).status()).isEqualTo(medium);
    }

    @Test
    void requestorExemptionsAreChallengedWhenThePolicyDoesNotHonourThemAndRefusedAtHighRisk() {
        policies.save(tenant, new AcsPolicy(300, 700, Map.of(), 0, 0, Map.of(), 5, true, true, false, true), "test");
        assertThat(decider.decide(browser(card(), 5_000L, "05", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
        assertThat(decider.decide(browser(card(), 5_000L, "05", Map.of())).status()).isEqualTo(TransStatus.Y);
        facts = new IssuerFacts(CardState.ACTIVE, NEXT_YEAR, 0, 2, 0, null, null, 1, Set.of(), Set.of());
        assertThat(decider.decide(browser(card(), 5_000L, "07", SUSPICIOUS)).status()).isEqualTo(TransStatus.N);
    }

    @Test
    void aChallengeMandateDoesNotUseExemptions() {
        policy(300, 700, 3_000, 5, 0, 0, 5);
        assertThat(decider.decide(browser(card(), 1_000L, "01", SUSPICIOUS)).exemption()).isEqualTo(Exemption.LOW_VALUE);
        assertThat(decider.decide(browser(card(), 1_000L, "04", SUSPICIOUS)).status()).isEqualTo(TransStatus.C);
    }

    // ---------------------------------------------------------------- channels and categories

    @Test
    void threeRiCannotBeChallenged() {
        RiskDecision low = decider.decide(context(card(), DeviceChannel.THREE_RI, MessageCategory.PAYMENT, 5_000L, null, Map.of(), NOW));
        assertThat(low.status()).isEqualTo(TransStatus.Y);
        RiskDecision medium = decider.decide(context(card(), DeviceChannel.THREE_RI, MessageCategory.PAYMENT, 5_000L, null,
                Map.of("acctInfo.suspiciousAccActivity", "02", "addrMatch", "N"), NOW));
        assertThat(medium.status()).isEqualTo(TransStatus.N);
        assertThat(medium.transStatusReason()).isEqualTo("12");
        policies.save(tenant, new AcsPolicy(300, 700, Map.of(), 0, 0, Map.of(), 5, true, false, true, true), "test");
        RiskDecision unsupported = decider.decide(context(card(), DeviceChannel.THREE_RI, MessageCategory.PAYMENT, 5_000L, null, Map.of(),
                NOW));
        assertThat(unsupported.status()).isEqualTo(TransStatus.N);
        assertThat(unsupported.transStatusReason()).isEqualTo("21");
    }

    @Test
    void nonPaymentAuthenticationsUseTheBandsWithoutExemptions() {
        policy(300, 700, 3_000, 5, 699, 1_000_000, 5);
        RiskDecision low = decider.decide(context(card(), DeviceChannel.APP, MessageCategory.NON_PAYMENT, null, "01", Map.of(), NOW));
        assertThat(low.status()).isEqualTo(TransStatus.Y);
        RiskDecision medium = decider.decide(context(card(), DeviceChannel.APP, MessageCategory.NON_PAYMENT, null, "01", SUSPICIOUS, NOW));
        assertThat(medium.status()).isEqualTo(TransStatus.C);
        assertThat(medium.exemption()).isEqualTo(Exemption.NONE);
        policies.save(tenant, new AcsPolicy(300, 700, Map.of(), 0, 0, Map.of(), 5, false, true, true, true), "test");
        RiskDecision unsupported = decider.decide(context(card(), DeviceChannel.APP, MessageCategory.NON_PAYMENT, null, "01", Map.of(), NOW));
        assertThat(unsupported.status()).isEqualTo(TransStatus.N);
        assertThat(unsupported.transStatusReason()).isEqualTo("20");
    }

    @Test
    void appInstancesAreRecognisedBySdkAppId() {
        String card = card();
        assertThat(decider.decide(context(card, DeviceChannel.APP, MessageCategory.PAYMENT, 5_000L, "01", Map.of(), NOW)).reasons())
                .contains("first-device");
        assertThat(decider.decide(context(card, DeviceChannel.APP, MessageCategory.PAYMENT, 5_000L, "01", Map.of(), NOW)).reasons())
                .contains("known-device");
        assertThat(decider.decide(context(card, DeviceChannel.APP, MessageCategory.PAYMENT, 5_000L, "01",
                Map.of("sdkAppID", "another-install"), NOW)).reasons()).contains("new-device");
    }

    @Test
    void theDecisionOfAnAcsTransIdIsRecordedOnce() {
        AuthenticationContext ctx = browser(card(), 5_000L, "01", SUSPICIOUS);
        decider.decide(ctx);
        decider.decide(ctx);
        assertThat(jdbc.queryOne("select count(*) from threeds.acs_risk_decisions where acs_trans_id = ?",
                ps -> ps.setString(1, ctx.acsTransId()), rs -> rs.getInt(1))).contains(1);
    }
}
