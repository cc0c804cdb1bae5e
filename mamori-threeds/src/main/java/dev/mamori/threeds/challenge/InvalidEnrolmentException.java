package dev.mamori.threeds.challenge;

/** An enrolment value that breaks a rule; names the field and the rule, never repeats the value. */
public final class InvalidEnrolmentException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public InvalidEnrolmentException(String field, String rule, String message) {
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
