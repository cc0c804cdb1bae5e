package dev.mamori.risk.backtest;

import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.rules.CompiledRule;
import dev.mamori.risk.rules.CompiledRuleSet;
import dev.mamori.risk.rules.RuleOutcome;
import java.util.ArrayList;
import java.util.List;

/** A compiled rule set as a backtest candidate or baseline: the enforced rules decide, shadow rules only fire. */
public final class RuleSetCandidate implements BacktestCandidate {
    private final CompiledRuleSet rules;
    private final int version;
    private final RuleOutcome outcome = new RuleOutcome();

    /** @param version the saved version, or 0 for unsaved text */
    public RuleSetCandidate(CompiledRuleSet rules, int version) {
        this.rules = rules;
        this.version = version;
    }

    @Override
    public Action decide(FeatureVector features, List<FiredRule> fired) {
        rules.evaluate(features, outcome);
        fired.addAll(outcome.fired(version));
        return outcome.action();
    }

    @Override
    public List<String> reads() {
        List<String> conditions = new ArrayList<>();
        for (CompiledRule rule : rules.rules()) {
            conditions.add(rule.condition());
        }
        return conditions;
    }

    @Override
    public String toString() {
        return "RuleSetCandidate[v" + version + ", " + rules.size() + " rules]";
    }
}
