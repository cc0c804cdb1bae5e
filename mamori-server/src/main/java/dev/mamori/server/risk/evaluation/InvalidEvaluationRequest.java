package dev.mamori.server.risk.evaluation;

/** An evaluation request that breaks a rule: names the field and the rule, never echoes a value. */
public class InvalidEvaluationRequest extends RuntimeException {
    private final String field;
    private final String rule;

    public InvalidEvaluationRequest(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
