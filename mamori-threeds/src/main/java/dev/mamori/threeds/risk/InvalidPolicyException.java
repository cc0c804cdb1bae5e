package dev.mamori.threeds.risk;

/** An ACS policy value out of its rule: names the field and the rule it broke. */
public final class InvalidPolicyException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public InvalidPolicyException(String field, String rule, String message) {
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
