package dev.mamori.risk.labels;

/**
 * A label request breaks a rule: names the field (e.g. {@code authorizationIds[2]}) and the rule
 * ({@code exists}, {@code same-card}, {@code one-of}, ...). The message never names another
 * tenant's data: an id another tenant owns is "not found", as an id nobody owns.
 */
public final class InvalidLabelException extends RuntimeException {
    private final String field;
    private final String rule;

    public InvalidLabelException(String field, String rule, String message) {
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
