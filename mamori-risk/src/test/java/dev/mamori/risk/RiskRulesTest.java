package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.rules.RuleError;
import dev.mamori.risk.rules.RuleErrors;
import org.junit.jupiter.api.Test;

/** Rule set versions (save, activate, shadow) and how the host enforces each action. */
class RiskRulesTest {

    @Test
    void aSetThatDoesNotCompileIsRefusedAndNothingIsSaved() throws RuleErrors {
        Issuer issuer = new Issuer();
        RiskRules rules = issuer.module.rules();
        int good = rules.save(issuer.tenant, "when amount > 1 then review \"any\"", "ok", "tester");
        String bad = """
                rule "a" when card.cnt(1h) > 3 then decline "velocity"
                rule "b" when card.count(2h) > 3 then decline "velocity"
                """;
        assertThatThrownBy(() -> rules.save(issuer.tenant, bad, "broken", "tester"))
                .isInstanceOfSatisfying(RuleErrors.class, e -> assertThat(e.errors()).extracting(RuleError::line).containsExactly(1, 2));
        assertThat(rules.versions(issuer.tenant)).extracting(RiskRules.Version::version).containsExactly(good);
        assertThat(rules.version(issuer.tenant, good + 1)).isEmpty();
        assertThat(rules.activate(issuer.tenant, good + 1, "tester")).as("no such version").isFalse();
    }

    @Test
    void activatingAVersionRetiresThePreviousOneAndOnlyTheNewOneDecides() throws RuleErrors {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        int v1 = issuer.activeRules("rule \"v1\" when amount > 5000 then decline \"first\" code 61");
        assertThat(issuer.decide(issuer.request(pan).amount(6_000)).reasons()).containsExactly("first");

        int v2 = issuer.module.rules().save(issuer.tenant, "rule \"v2\" when amount > 9000 then decline \"second\"", null, "tester");
        assertThat(issuer.decide(issuer.request(pan).amount(6_000)).reasons()).as("a draft decides nothing").containsExactly("first");
        assertThat(issuer.module.rules().activate(issuer.tenant, v2, "approver")).isTrue();

        assertThat(issuer.module.rules().versions(issuer.tenant)).extracting(RiskRules.Version::version, RiskRules.Version::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(v1, "retired"), org.assertj.core.groups.Tuple.tuple(v2, "active"));
        assertThat(issuer.module.rules().version(issuer.tenant, v2).orElseThrow().activatedBy()).isEqualTo("approver");
        Decision six = issuer.decide(issuer.request(pan).amount(6_000));
        assertThat(six.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(six.ruleVersion()).isEqualTo(v2);
        Decision ten = issuer.decide(issuer.request(pan).amount(10_000));
        assertThat(ten.responseCode()).as("no code: do not honour").isEqualTo(ResponseCode.DO_NOT_HONOUR);
        assertThat(ten.reasons()).containsExactly("second");
        assertThat(ten.firedRules()).containsExactly(new FiredRule("v2", v2, Action.DECLINE, "second", false));
    }

    @Test
    void aShadowVersionIsRecordedButNeverChangesTheOutcome() throws RuleErrors {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        int active = issuer.activeRules("rule \"big\" when amount > 100000 then review \"big\"");
        int shadow = issuer.module.rules().save(issuer.tenant, """
                rule "would decline" when amount > 1000 then decline "would-decline" code 59
                rule "would challenge" when amount > 1000 then challenge "would-challenge"
                """, "trying", "tester");
        assertThat(issuer.module.rules().shadow(issuer.tenant, shadow, "tester")).isTrue();

        Decision decision = issuer.decide(issuer.request(pan).amount(2_000));
        assertThat(decision.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(decision.action()).isEqualTo(Action.APPROVE);
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.ruleVersion()).isEqualTo(active);
        assertThat(decision.firedRules()).containsExactly(
                new FiredRule("would decline", shadow, Action.DECLINE, "would-decline", true),
                new FiredRule("would challenge", shadow, Action.CHALLENGE, "would-challenge", true));
        assertThat(FiredRules.parse(issuer.logged(decision).firedRules())).isEqualTo(decision.firedRules());
        assertThat(issuer.account(card).heldMinor()).isEqualTo(2_000);
        assertThat(issuer.module.rules().version(issuer.tenant, active).orElseThrow().status()).as("shadow leaves active alone")
                .isEqualTo(RiskRules.ACTIVE);

        issuer.module.rules().clearShadow(issuer.tenant);
        assertThat(issuer.decide(issuer.request(pan).amount(2_000)).firedRules()).isEmpty();
    }

    @Test
    void aShadowFlaggedRuleInTheActiveSetIsRecordedButNotEnforced() {
        Issuer issuer = new Issuer();
        issuer.openNew(1_000_000);
        int version = issuer.activeRules("""
                rule "try me" shadow when amount > 1000 then decline "trial" code 59
                rule "enforced" when amount > 1000 then review "real"
                """);
        Decision decision = issuer.decide(issuer.request(issuer.pans.get(0)).amount(2_000));
        assertThat(decision.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(decision.action()).isEqualTo(Action.REVIEW);
        assertThat(decision.reasons()).containsExactly("real");
        assertThat(decision.firedRules()).extracting(FiredRule::name, FiredRule::shadow)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("try me", true),
                        org.assertj.core.groups.Tuple.tuple("enforced", false));
        assertThat(decision.firedRules()).allSatisfy(r -> assertThat(r.version()).isEqualTo(version));
    }

    @Test
    void aChallengeAsksForStepUpUnlessThreeDSecureFullyAuthenticated() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(1_000_000);
        String pan = issuer.pans.get(0);
        issuer.activeRules("rule \"step up\" when amount >= 30000 then challenge \"high-value\"");

        Decision plain = issuer.decide(issuer.request(pan).amount(30_000));
        assertThat(plain.responseCode()).isEqualTo(ResponseCode.AUTHENTICATION_REQUIRED);
        assertThat(plain.responseCode().code()).isEqualTo("1A");
        assertThat(plain.action()).isEqualTo(Action.CHALLENGE);
        assertThat(plain.reasons()).containsExactly("high-value");
        assertThat(plain.approvalCode()).isNull();
        assertThat(issuer.account(card).heldMinor()).isZero();

        assertThat(issuer.decide(issuer.request(pan).amount(30_000).threeDs("05", null, "Y")).responseCode())
                .as("ECI 05 without an authentication value").isEqualTo(ResponseCode.AUTHENTICATION_REQUIRED);
        Decision attempted = issuer.decide(issuer.request(pan).amount(30_000)
                .threeDs("06", issuer.authenticationValue(pan, 30_000, "06"), "A"));
        assertThat(attempted.responseCode()).as("attempted, not authenticated").isEqualTo(ResponseCode.AUTHENTICATION_REQUIRED);
        assertThat(issuer.logged(attempted).liabilityShift()).as("attempts shift liability").isTrue();

        Decision stepped = issuer.decide(issuer.request(pan).amount(30_000)
                .threeDs("05", issuer.authenticationValue(pan, 30_000, "05"), "Y"));
        assertThat(stepped.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(stepped.action()).isEqualTo(Action.APPROVE);
        assertThat(stepped.reasons()).containsExactly("high-value", "step-up-done");
        assertThat(issuer.logged(stepped).eci()).isEqualTo("05");
        assertThat(issuer.logged(stepped).threeDsValueCheck()).isEqualTo("valid");
        assertThat(issuer.logged(stepped).liabilityShift()).isTrue();
        assertThat(issuer.account(card).heldMinor()).isEqualTo(30_000);
    }

    @Test
    void aReviewApprovesHoldsAndSaysWhy() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(1_000_000);
        issuer.activeRules("rule \"look\" when amount > 20000 then review \"manual-check\"");
        Decision decision = issuer.decide(issuer.request(issuer.pans.get(0)).amount(25_000));
        assertThat(decision.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(decision.action()).isEqualTo(Action.REVIEW);
        assertThat(decision.reasons()).containsExactly("manual-check");
        assertThat(decision.approvalCode()).hasSize(6);
        assertThat(issuer.logged(decision).action()).isEqualTo(Action.REVIEW);
        assertThat(issuer.account(card).heldMinor()).isEqualTo(25_000);
        assertThat(issuer.module.decisionLog().search(issuer.tenant,
                new DecisionLog.Query(null, null, null, "manual-check", null, null, null, null, null, null), 10)).hasSize(1);
    }

    @Test
    void anApproveRuleCannotOverrideTheHardChecks() {
        Issuer issuer = new Issuer();
        CardAccount card = issuer.openNew(5_000);
        issuer.activeRules("""
                rule "vip" when amount > 0 then approve "vip"
                rule "big" when amount > 1000 then decline "big"
                """);
        Decision small = issuer.decide(issuer.request(issuer.pans.get(0)).amount(2_000));
        assertThat(small.responseCode()).as("approve wins over the other rules").isEqualTo(ResponseCode.APPROVED);
        assertThat(small.reasons()).containsExactly("vip");
        Decision over = issuer.decide(issuer.request(issuer.pans.get(0)).amount(4_000));
        assertThat(over.responseCode()).as("but not over the limit").isEqualTo(ResponseCode.INSUFFICIENT_FUNDS);
        issuer.module.cardAccounts().update(issuer.tenant, card.id(), CardStatus.LOST, null, null);
        assertThat(issuer.decide(issuer.request(issuer.pans.get(0)).amount(100)).responseCode()).isEqualTo(ResponseCode.LOST_CARD);
    }
}
