package dev.mamori.risk.lists;

/**
 * A list value broke a rule. The message names the field and the rule and never repeats the
 * value, so it is safe to log and to return to a client.
 */
public final class InvalidListValueException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public InvalidListValueException(String field, String rule) {
        super(field + ": " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** The field that was wrong, such as {@code value}. */
    public String field() {
        return field;
    }

    /** The rule it broke, in words a user can act on. */
    public String rule() {
        return rule;
    }
}
