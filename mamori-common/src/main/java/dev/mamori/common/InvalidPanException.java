package dev.mamori.common;

/**
 * A string was not a card number. The message names the rule that failed and never repeats the
 * input, so it is safe to log and to return to a client.
 */
public final class InvalidPanException extends IllegalArgumentException {
    private final String rule;

    InvalidPanException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A stable rule name: {@code required}, {@code digits}, {@code length} or {@code luhn}. */
    public String rule() {
        return rule;
    }
}
