package dev.mamori.lab.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.risk.Action;

/**
 * Where the money view is taken: for a model, score thresholds (at or above {@code declineAt} is
 * declined, at or above {@code challengeAt} but below {@code declineAt} is challenged); for a rule
 * set, the action each row's rules enforced ({@link #enforcedActions()}).
 *
 * @param declineAt null for enforced actions
 * @param challengeAt null when nothing is challenged by score
 */
public record OperatingPoint(Double declineAt, Double challengeAt) {

    /** What happened to a payment at this operating point. */
    public enum Outcome {
        DECLINED, CHALLENGED, PASSED
    }

    public OperatingPoint {
        if (declineAt == null && challengeAt != null) {
            throw new IllegalArgumentException("a challenge threshold needs a decline threshold");
        }
        if (declineAt != null && declineAt.isNaN() || challengeAt != null && (challengeAt.isNaN() || challengeAt > declineAt)) {
            throw new IllegalArgumentException("thresholds are numbers and the challenge threshold is at most the decline threshold");
        }
    }

    /** A rule set's own decisions: decline declines, challenge challenges, review and approve pass. */
    public static OperatingPoint enforcedActions() {
        return new OperatingPoint(null, null);
    }

    public static OperatingPoint threshold(double declineAt) {
        return new OperatingPoint(declineAt, null);
    }

    /** {@code enforced-actions} or {@code threshold}, for readers of the JSON. */
    @JsonProperty
    public String mode() {
        return byAction() ? "enforced-actions" : "threshold";
    }

    public boolean byAction() {
        return declineAt == null;
    }

    public Outcome outcome(EvaluationRow row) {
        if (byAction()) {
            if (row.action() == null) {
                throw new IllegalArgumentException("a row without an action cannot be evaluated at the enforced actions");
            }
            return row.action() == Action.DECLINE ? Outcome.DECLINED : row.action() == Action.CHALLENGE ? Outcome.CHALLENGED : Outcome.PASSED;
        }
        if (row.score() >= declineAt) {
            return Outcome.DECLINED;
        }
        return challengeAt != null && row.score() >= challengeAt ? Outcome.CHALLENGED : Outcome.PASSED;
    }
}
