package dev.mamori.threeds.requestor;

/** A request the 3DS Server refuses: {@link #field} and {@link #rule} name what is wrong ({@code merchant.mcc} / {@code format}). */
public final class AuthenticationRejected extends RuntimeException {
    private final String field;
    private final String rule;

    public AuthenticationRejected(String field, String rule, String message) {
        super(message, null, false, false);
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
