package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.ResponseCode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link CompiledRuleSet} decided for one request. Reusable: keep one per thread and pass
 * it to every {@link CompiledRuleSet#evaluate evaluate}, which overwrites it without allocating.
 */
public final class RuleOutcome {
    private final int[] fired = new int[RuleCompiler.MAX_RULES];
    private int firedCount;
    private CompiledRuleSet ruleSet;
    private int deciding = -1;

    /** The set last evaluated into this outcome, or null. */
    public CompiledRuleSet ruleSet() {
        return ruleSet;
    }

    /** How many rules fired, shadow rules included. */
    public int firedCount() {
        return firedCount;
    }

    /** The index in the set of the i-th rule that fired, in text order. */
    public int firedRule(int i) {
        if (i < 0 || i >= firedCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return fired[i];
    }

    /** The index of the rule that gave the action, reason and code; -1 when no enforced rule fired. */
    public int decidingRule() {
        return deciding;
    }

    /** The enforced action: {@link Action#APPROVE} when no enforced rule fired. */
    public Action action() {
        return deciding < 0 ? Action.APPROVE : ruleSet.rule(deciding).action();
    }

    /** The deciding rule's reason, or null when no enforced rule fired. */
    public String reason() {
        return deciding < 0 ? null : ruleSet.rule(deciding).reason();
    }

    /** The response code when the action is decline, else null. */
    public ResponseCode responseCode() {
        return deciding < 0 ? null : ruleSet.rule(deciding).responseCode();
    }

    /** Every rule that fired, shadow ones included, for the decision record. Allocates: log path only. */
    public List<FiredRule> fired(int version) {
        List<FiredRule> out = new ArrayList<>(firedCount);
        for (int i = 0; i < firedCount; i++) {
            CompiledRule r = ruleSet.rule(fired[i]);
            out.add(new FiredRule(r.name(), version, r.action(), r.reason(), r.shadow()));
        }
        return out;
    }

    void start(CompiledRuleSet set) {
        ruleSet = set;
        firedCount = 0;
        deciding = -1;
    }

    void fire(int index) {
        fired[firedCount++] = index;
    }

    void decide(int index) {
        deciding = index;
    }

    @Override
    public String toString() {
        return "RuleOutcome[" + action().id() + (deciding < 0 ? "" : " \"" + reason() + "\" by "
                + Render.quote(ruleSet.rule(deciding).name())) + ", " + firedCount + " fired]";
    }
}
