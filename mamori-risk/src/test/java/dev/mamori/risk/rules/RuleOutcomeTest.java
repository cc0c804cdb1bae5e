package dev.mamori.risk.rules;

import static dev.mamori.risk.rules.RuleCompilerTest.compile;
import static dev.mamori.risk.rules.RuleCompilerTest.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import org.junit.jupiter.api.Test;

class RuleOutcomeTest {

    @Test
    void firedBuildsTheDecisionRecordEntriesWithTheVersion() {
        CompiledRuleSet set = compile("rule \"a\" when crossBorder then review \"abroad\"\n"
                + "when amount > 5 then decline \"big\"\n"
                + "rule \"s\" shadow when amount > 1 then challenge \"watch\"");
        RuleOutcome out = new RuleOutcome();
        set.evaluate(vector("crossBorder", true, "amount", 10), out);
        assertThat(out.fired(42)).containsExactly(
                new FiredRule("a", 42, Action.REVIEW, "abroad", false),
                new FiredRule("line-2", 42, Action.DECLINE, "big", false),
                new FiredRule("s", 42, Action.CHALLENGE, "watch", true));
        assertThat(out).hasToString("RuleOutcome[decline \"big\" by \"line-2\", 3 fired]");
    }

    @Test
    void aFreshOutcomeIsAnApproveWithNothingFired() {
        RuleOutcome out = new RuleOutcome();
        assertThat(out.action()).isEqualTo(Action.APPROVE);
        assertThat(out.fired(1)).isEmpty();
        assertThat(out.ruleSet()).isNull();
        assertThatThrownBy(() -> out.firedRule(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void holdsTheLargestRuleSet() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < RuleCompiler.MAX_RULES; i++) {
            b.append("when amount >= 0 then review \"r\"\n");
        }
        RuleOutcome out = new RuleOutcome();
        compile(b.toString()).evaluate(vector("amount", 1), out);
        assertThat(out.firedCount()).isEqualTo(RuleCompiler.MAX_RULES);
        assertThat(out.firedRule(RuleCompiler.MAX_RULES - 1)).isEqualTo(RuleCompiler.MAX_RULES - 1);
    }
}
