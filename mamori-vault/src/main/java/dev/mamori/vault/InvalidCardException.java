package dev.mamori.vault;

/**
 * Card data the vault refuses, naming the field and the rule (e.g. {@code pan} / {@code luhn},
 * {@code expiryYear} / {@code expired}). The message never repeats the input.
 */
public final class InvalidCardException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public InvalidCardException(String field, String rule, String message) {
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

    /** The same problem for an element of a batch, e.g. field {@code cards[3].pan}. */
    public InvalidCardException at(String prefix) {
        return new InvalidCardException(prefix + "." + field, rule, getMessage());
    }
}
