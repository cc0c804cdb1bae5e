package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The tenant's {@link ScoringFallback} when the feature stage fails or overruns its budget, through the host. */
class ScoringFallbackTest {
    private static final String RULES = """
            rule "big" when amount > 50000 then decline "big-amount" code 61
            rule "velocity" when card.count(1h) >= 3 then decline "velocity" code 65
            """;

    private static final Function<FeatureEngine, FeatureStage> FAILING = engine -> (in, out) -> {
        throw new IllegalStateException("feature store unavailable");
    };

    /** The real computation, then 5 ms more: over a 1,000 µs budget every time. */
    private static final Function<FeatureEngine, FeatureStage> SLOW = engine -> (in, out) -> {
        engine.compute(in, out);
        sleep(5);
    };

    private static void sleep(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Issuer issuer(Function<FeatureEngine, FeatureStage> stage, ScoringFallback fallback) {
        Issuer issuer = new Issuer(stage);
        issuer.policy(fallback, 1_000);
        issuer.activeRules(RULES);
        return issuer;
    }

    @Test
    void theRealStageWithinBudgetEnforcesBothRules() {
        // The control: without a failure both rules fire, so what the fallback tests see is the fallback.
        Issuer issuer = new Issuer();
        issuer.policy(ScoringFallback.DECLINE, 1_000_000);
        issuer.activeRules(RULES);
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        for (int i = 0; i < 3; i++) {
            assertThat(issuer.decide(issuer.request(pan)).fallback()).isNull();
        }
        assertThat(issuer.decide(issuer.request(pan)).responseCode()).isEqualTo(ResponseCode.EXCEEDS_FREQUENCY_LIMIT);
        issuer.openNew(1_000_000);
        Decision big = issuer.decide(issuer.request(issuer.pans.get(1)).amount(60_000));
        assertThat(big.responseCode()).isEqualTo(ResponseCode.EXCEEDS_AMOUNT_LIMIT);
    }

    @Test
    void rulesOnlyFiresRulesOnTheRequestsOwnFactsButNotWindowedOnes() {
        Issuer issuer = issuer(FAILING, ScoringFallback.RULES_ONLY);
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        for (int i = 1; i <= 5; i++) {
            Decision small = issuer.decide(issuer.request(pan));
            assertThat(small.responseCode()).as("attempt %d: card.count(1h) is not known", i).isEqualTo(ResponseCode.APPROVED);
            assertThat(small.fallback()).isEqualTo("scoring-failed:rules-only");
        }
        Decision big = issuer.decide(issuer.request(pan).amount(60_000));
        assertThat(big.responseCode()).isEqualTo(ResponseCode.EXCEEDS_AMOUNT_LIMIT);
        assertThat(big.reasons()).containsExactly("big-amount");
        assertThat(big.firedRules()).extracting(FiredRule::name).containsExactly("big");
        assertThat(big.fallback()).isEqualTo("scoring-failed:rules-only");
        assertThat(issuer.logged(big).fallback()).isEqualTo("scoring-failed:rules-only");
    }

    @Test
    void approveApprovesWhatTheRulesWouldDeclineAndRecordsWhy() {
        Issuer issuer = issuer(FAILING, ScoringFallback.APPROVE);
        CardAccount account = issuer.openNew(1_000_000);
        Decision big = issuer.decide(issuer.request(issuer.pans.get(0)).amount(60_000));
        assertThat(big.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(big.approvalCode()).hasSize(6);
        assertThat(big.firedRules()).isEmpty();
        assertThat(big.fallback()).isEqualTo("scoring-failed:approve");
        LoggedDecision row = issuer.logged(big);
        assertThat(row.fallback()).isEqualTo("scoring-failed:approve");
        assertThat(row.heldMinor()).isEqualTo(60_000);
        assertThat(issuer.account(account).heldMinor()).isEqualTo(60_000);
    }

    @Test
    void declineAnswers91AndRecordsWhy() {
        Issuer issuer = issuer(FAILING, ScoringFallback.DECLINE);
        CardAccount account = issuer.openNew(1_000_000);
        Decision small = issuer.decide(issuer.request(issuer.pans.get(0)));
        assertThat(small.responseCode()).isEqualTo(ResponseCode.ISSUER_UNAVAILABLE);
        assertThat(small.reasons()).containsExactly("scoring-failed");
        assertThat(small.fallback()).isEqualTo("scoring-failed:decline");
        assertThat(small.approvalCode()).isNull();
        LoggedDecision row = issuer.logged(small);
        assertThat(row.responseCode()).isEqualTo(ResponseCode.ISSUER_UNAVAILABLE);
        assertThat(row.fallback()).isEqualTo("scoring-failed:decline");
        assertThat(issuer.account(account).heldMinor()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ScoringFallback.class)
    void anOverrunIsRecordedAsSuchWithTheTenantsFallback(ScoringFallback fallback) {
        Issuer issuer = issuer(SLOW, fallback);
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        for (int i = 0; i < 3; i++) {
            issuer.decide(issuer.request(pan));
        }
        Decision fourth = issuer.decide(issuer.request(pan));
        assertThat(fourth.fallback()).isEqualTo("scoring-overran:" + fallback.id());
        assertThat(issuer.logged(fourth).fallback()).isEqualTo("scoring-overran:" + fallback.id());
        assertThat(fourth.latencyMicros()).isGreaterThanOrEqualTo(5_000);
        // The velocity rule needs the windowed count, which came too late to be used.
        ResponseCode expected = fallback == ScoringFallback.DECLINE ? ResponseCode.ISSUER_UNAVAILABLE : ResponseCode.APPROVED;
        assertThat(fourth.responseCode()).isEqualTo(expected);
        if (fallback == ScoringFallback.DECLINE) {
            assertThat(fourth.reasons()).containsExactly("scoring-overran");
        }
        if (fallback == ScoringFallback.RULES_ONLY) {
            assertThat(issuer.decide(issuer.request(pan).amount(60_000)).responseCode()).isEqualTo(ResponseCode.EXCEEDS_AMOUNT_LIMIT);
        }
    }

    @ParameterizedTest
    @EnumSource(ScoringFallback.class)
    void hardChecksApplyUnderEveryFallback(ScoringFallback fallback) {
        Issuer issuer = issuer(FAILING, fallback);
        CardAccount blocked = issuer.openNew(1_000_000);
        issuer.module.cardAccounts().update(issuer.tenant, blocked.id(), CardStatus.BLOCKED, null, null);
        Decision statusDecision = issuer.decide(issuer.request(issuer.pans.get(0)));
        assertThat(statusDecision.responseCode()).isEqualTo(ResponseCode.RESTRICTED_CARD);
        assertThat(statusDecision.reasons()).first().isEqualTo("card-blocked");

        CardAccount small = issuer.openNew(5_000);
        Decision overLimit = issuer.decide(issuer.request(issuer.pans.get(1)).amount(6_000));
        ResponseCode expectedOverLimit = fallback == ScoringFallback.DECLINE ? ResponseCode.ISSUER_UNAVAILABLE : ResponseCode.INSUFFICIENT_FUNDS;
        assertThat(overLimit.responseCode()).isEqualTo(expectedOverLimit);
        assertThat(issuer.account(small).heldMinor()).isZero();

        issuer.module.lists().add(issuer.tenant, ListKind.DEVICE, ListType.BLOCK, "dev-stolen", "analyst", "chargebacks", null, "tester");
        CardAccount good = issuer.openNew(1_000_000);
        Decision listed = issuer.decide(issuer.request(issuer.pans.get(2)).device("dev-stolen"));
        assertThat(listed.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(listed.reasons()).first().isEqualTo("blocklist:device");
        assertThat(issuer.account(good).heldMinor()).isZero();

        Decision unknown = issuer.decide(issuer.request(issuer.newPan()));
        assertThat(unknown.responseCode()).isEqualTo(ResponseCode.INVALID_CARD_NUMBER);

        Decision wrongCode = issuer.decide(issuer.request(issuer.pans.get(2)).code(HostTestSupport.WRONG_CODE));
        assertThat(wrongCode.responseCode()).isEqualTo(ResponseCode.DO_NOT_HONOUR);
        assertThat(wrongCode.reasons()).first().isEqualTo("cvc-mismatch");
        for (Decision d : new Decision[] {statusDecision, overLimit, listed, unknown, wrongCode}) {
            assertThat(d.fallback()).isEqualTo("scoring-failed:" + fallback.id());
        }
    }
}
