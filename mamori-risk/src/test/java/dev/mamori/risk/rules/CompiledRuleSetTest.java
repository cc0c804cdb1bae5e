package dev.mamori.risk.rules;

import static dev.mamori.risk.rules.RuleCompilerTest.compile;
import static dev.mamori.risk.rules.RuleCompilerTest.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.Action;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureVector;
import org.junit.jupiter.api.Test;

/** How the fired rules of a set become one decision. */
class CompiledRuleSetTest {
    private static final String SET = String.join("\n",
            "rule \"review big\"      when amount > 10000 then review \"big\"",
            "rule \"challenge abroad\" when crossBorder then challenge \"abroad\"",
            "rule \"decline risky\"   when merchant.highRisk then decline \"risky\" code 59",
            "rule \"decline velocity\" when card.count(1h) > 5 then decline \"velocity\" code 65",
            "rule \"vip\"             when list.allowed then approve \"allow-list\"",
            "rule \"watch new device\" shadow when card.newDevice then decline \"ato\"",
            "rule \"second review\"   when amount > 20000 then review \"bigger\"");

    private final CompiledRuleSet set = compile(SET);
    private final RuleOutcome out = new RuleOutcome();

    private RuleOutcome evaluate(FeatureVector v) {
        set.evaluate(v, out);
        return out;
    }

    @Test
    void nothingFiredApprovesWithoutReason() {
        RuleOutcome o = evaluate(vector("amount", 100));
        assertThat(o.action()).isEqualTo(Action.APPROVE);
        assertThat(o.reason()).isNull();
        assertThat(o.responseCode()).isNull();
        assertThat(o.decidingRule()).isEqualTo(-1);
        assertThat(o.firedCount()).isZero();
        assertThat(o.ruleSet()).isSameAs(set);
    }

    @Test
    void theMostSevereActionWins() {
        RuleOutcome o = evaluate(vector("amount", 15000, "crossBorder", true));
        assertThat(o.action()).isEqualTo(Action.CHALLENGE);
        assertThat(o.reason()).isEqualTo("abroad");
        o = evaluate(vector("amount", 15000, "crossBorder", true, "merchant.highRisk", true));
        assertThat(o.action()).isEqualTo(Action.DECLINE);
        assertThat(o.reason()).isEqualTo("risky");
        assertThat(o.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(o.firedCount()).isEqualTo(3);
    }

    @Test
    void onATieTheFirstRuleInTheTextGivesReasonAndCode() {
        RuleOutcome o = evaluate(vector("merchant.highRisk", true, "card.count(1h)", 9));
        assertThat(o.action()).isEqualTo(Action.DECLINE);
        assertThat(o.reason()).isEqualTo("risky");
        assertThat(o.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(o.decidingRule()).isEqualTo(2);
        o = evaluate(vector("amount", 30000));
        assertThat(o.reason()).isEqualTo("big");
        assertThat(o.firedCount()).isEqualTo(2);
    }

    @Test
    void anApproveRuleOverridesEveryOtherAction() {
        RuleOutcome o = evaluate(vector("merchant.highRisk", true, "card.count(1h)", 9, "list.allowed", true,
                "crossBorder", true));
        assertThat(o.action()).isEqualTo(Action.APPROVE);
        assertThat(o.reason()).isEqualTo("allow-list");
        assertThat(o.responseCode()).isNull();
        assertThat(o.decidingRule()).isEqualTo(4);
        assertThat(o.firedCount()).as("the others still fired and are reported").isEqualTo(4);
    }

    @Test
    void shadowRulesAreReportedButNeverEnforced() {
        RuleOutcome o = evaluate(vector("card.newDevice", true));
        assertThat(o.action()).isEqualTo(Action.APPROVE);
        assertThat(o.reason()).isNull();
        assertThat(o.firedCount()).isEqualTo(1);
        assertThat(set.rule(o.firedRule(0)).name()).isEqualTo("watch new device");
        assertThat(o.fired(3)).singleElement().satisfies(f -> {
            assertThat(f.shadow()).isTrue();
            assertThat(f.action()).isEqualTo(Action.DECLINE);
        });
        o = evaluate(vector("card.newDevice", true, "amount", 20000));
        assertThat(o.action()).isEqualTo(Action.REVIEW);
        assertThat(o.reason()).isEqualTo("big");
    }

    @Test
    void aShadowApproveDoesNotOverride() {
        CompiledRuleSet s = compile("rule \"d\" when crossBorder then decline \"abroad\"\n"
                + "rule \"trial allow\" shadow when crossBorder then approve \"trial\"");
        s.evaluate(vector("crossBorder", true), out);
        assertThat(out.action()).isEqualTo(Action.DECLINE);
        assertThat(out.firedCount()).isEqualTo(2);
    }

    @Test
    void everyRuleIsEvaluatedAndReportedInTextOrder() {
        RuleOutcome o = evaluate(vector("amount", 30000, "crossBorder", true, "merchant.highRisk", true,
                "card.count(1h)", 6, "list.allowed", true, "card.newDevice", true));
        assertThat(o.firedCount()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            assertThat(o.firedRule(i)).isEqualTo(i);
        }
    }

    @Test
    void theOutcomeIsOverwrittenOnReuse() {
        evaluate(vector("merchant.highRisk", true));
        RuleOutcome o = evaluate(vector());
        assertThat(o.firedCount()).isZero();
        assertThat(o.action()).isEqualTo(Action.APPROVE);
    }

    @Test
    void evaluationAllocatesNothing() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        var counter = (com.sun.management.ThreadMXBean) threads;
        org.junit.jupiter.api.Assumptions.assumeTrue(counter.isThreadAllocatedMemoryEnabled());
        CompiledRuleSet s = compile(SET + "\nwhen mcc in (\"5816\", \"5817\") and amount / score between 1 and 9"
                + " and country != merchant.country and not amount in (1, 2) then review \"mix\"");
        FeatureVector v = vector("amount", 30000, "crossBorder", true, "card.newDevice", true, "mcc", "5816",
                "score", 0, "country", "JP", "merchant.country", "US");
        RuleOutcome o = new RuleOutcome();
        s.evaluate(v, o);
        long before = counter.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            s.evaluate(v, o);
        }
        long allocated = counter.getCurrentThreadAllocatedBytes() - before;
        // One object per evaluation would be at least 160 000 bytes; allow for the measuring itself.
        assertThat(allocated).isLessThan(1_000);
        assertThat(o.firedCount()).isEqualTo(4);
    }

    @Test
    void theSetIsDescribedWithoutItsRules() {
        assertThat(set).hasToString("CompiledRuleSet[7 rules]");
        assertThat(set.rule(2)).hasToString(
                "rule \"decline risky\" when merchant.highRisk then decline \"risky\" code 59");
    }
}
