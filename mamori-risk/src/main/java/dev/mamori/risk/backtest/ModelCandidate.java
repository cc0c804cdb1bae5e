package dev.mamori.risk.backtest;

import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.ModelInputs;
import java.util.List;

/**
 * A fraud model version as a backtest candidate (or as the model a decision was logged with): it
 * scores the replayed vector with the same row filling as the host, writes the score into the
 * vector's {@code score} fact (so rules evaluated after it read it, as in the host), and asks for
 * what its thresholds say: decline at or above the decline threshold, else challenge, else review.
 */
public final class ModelCandidate implements BacktestCandidate {
    private final FraudModel model;
    private final GradientBoostedTrees trees;
    private final ModelInputs inputs;
    private final FeatureSlot scoreSlot;
    private final float[] row;

    public ModelCandidate(FraudModel model, GradientBoostedTrees trees, ModelInputs inputs, FeatureSlot scoreSlot) {
        this.model = model;
        this.trees = trees;
        this.inputs = inputs;
        this.scoreSlot = scoreSlot;
        this.row = new float[inputs.size()];
    }

    public FraudModel model() {
        return model;
    }

    /** Whether any threshold is set: a model without one only feeds {@code score} to the rules. */
    public boolean acts() {
        return model.declineThreshold() != null || model.challengeThreshold() != null || model.reviewThreshold() != null;
    }

    @Override
    public Action decide(FeatureVector features, List<FiredRule> fired) {
        inputs.fill(features, row);
        double score = trees.score(row);
        features.set(scoreSlot, score);
        if (model.declineThreshold() != null && score >= model.declineThreshold()) {
            return Action.DECLINE;
        }
        if (model.challengeThreshold() != null && score >= model.challengeThreshold()) {
            return Action.CHALLENGE;
        }
        if (model.reviewThreshold() != null && score >= model.reviewThreshold()) {
            return Action.REVIEW;
        }
        return Action.APPROVE;
    }

    @Override
    public List<String> reads() {
        return inputs.names();
    }

    @Override
    public String toString() {
        return "ModelCandidate[v" + model.version() + "]";
    }
}
