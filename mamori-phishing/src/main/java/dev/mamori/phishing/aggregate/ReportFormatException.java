package dev.mamori.phishing.aggregate;

/**
 * A file that is not a readable DMARC aggregate report. {@link #element()} names where it broke
 * (a path such as {@code feedback/record[2]/row/count}, or the container: {@code gzip}, {@code zip},
 * {@code e-mail}, {@code file}); {@link #rule()} is a stable code for the rule (e.g.
 * {@code not-negative}); the message says both in words and never repeats more than a short,
 * cleaned excerpt of the input.
 */
public final class ReportFormatException extends Exception {
    private final String element;
    private final String rule;

    public ReportFormatException(String element, String rule, String message) {
        super(element + ": " + message);
        this.element = element;
        this.rule = rule;
    }

    public ReportFormatException(String element, String rule, String message, Throwable cause) {
        this(element, rule, message);
        initCause(cause);
    }

    public String element() {
        return element;
    }

    public String rule() {
        return rule;
    }
}
