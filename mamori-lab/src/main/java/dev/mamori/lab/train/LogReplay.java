package dev.mamori.lab.train;

import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores logged decisions with a model as the host would have scored them: the decisions are
 * replayed in time order through the live feature code with their logged outcomes (decisions
 * before the period only warm the feature state up), then each decision of the period is scored.
 * What evaluations and backtests of a model that was not live use.
 */
public final class LogReplay {
    private LogReplay() {
    }

    /**
     * @param decisions the decisions in time order, including the warm-up ones before {@code from}
     * @return one score per decision received at or after {@code from}, in order
     * @throws InvalidModelException when the model reads a feature the replay does not compute
     */
    public static double[] score(List<LoggedDecision> decisions, Instant from, GradientBoostedTrees trees, List<Duration> windows,
                                 FeatureSettings settings) {
        FeatureReplay replay = new FeatureReplay(windows, settings);
        List<String> names = replay.names();
        int[] column = new int[trees.featureNames().size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = names.indexOf(trees.featureNames().get(i));
            if (column[i] < 0) {
                throw new InvalidModelException("the model reads '" + trees.featureNames().get(i)
                        + "', which the decision log's replay does not compute");
            }
        }
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new IdentityHashMap<>();
        List<LabelledTransaction> history = new ArrayList<>(decisions.size());
        for (LoggedDecision d : decisions) {
            LabelledTransaction t = DecisionLogTraining.transaction(d, false, d.receivedAt());
            history.add(t);
            outcomes.put(t, new FeatureReplay.Outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed()));
        }
        FeatureReplay.Replayed replayed = replay.replay(history, outcomes::get);
        int first = 0;
        while (first < decisions.size() && decisions.get(first).receivedAt().isBefore(from)) {
            first++;
        }
        double[] scores = new double[decisions.size() - first];
        float[] row = new float[column.length];
        int columns = replayed.columns();
        for (int r = first; r < decisions.size(); r++) {
            for (int i = 0; i < column.length; i++) {
                row[i] = replayed.features()[r * columns + column[i]];
            }
            scores[r - first] = trees.score(row);
        }
        return scores;
    }
}
