package dev.mamori.phishing.cases;

/**
 * A report, status change or takedown request that cannot be accepted: {@link #field()} names the
 * input, {@link #rule()} is a stable code for the broken rule; the message never repeats the input.
 */
public final class InvalidReportException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public InvalidReportException(String field, String rule, String message) {
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
