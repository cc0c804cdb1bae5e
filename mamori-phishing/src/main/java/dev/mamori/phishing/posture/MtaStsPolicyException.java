package dev.mamori.phishing.posture;

/** An MTA-STS policy file that breaks RFC 8461 section 3.2; {@link #field()} names the field at fault. */
public final class MtaStsPolicyException extends Exception {
    private final String field;

    public MtaStsPolicyException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String getMessage() {
        return field + ": " + super.getMessage();
    }
}
