package dev.mamori.risk.backtest;

import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.features.FeatureVector;
import java.util.List;

/**
 * What a backtest replays: something that decides an action from one decision's features, as the
 * host would have asked it. A rule set is one ({@link RuleSetCandidate}); a scored model is another.
 * Implementations need not be thread-safe: a backtest calls one from one thread.
 */
public interface BacktestCandidate {

    /** The action asked for, before the host's own steps (3-D Secure step-up, hard checks) are applied. */
    Action decide(FeatureVector features, List<FiredRule> fired);

    /**
     * Texts naming what the candidate reads (rule conditions, or a model's feature names): a backtest
     * warns when one of them is a fact the decision log cannot give back.
     */
    List<String> reads();
}
