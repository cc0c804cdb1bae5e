package dev.mamori.phishing;

/**
 * A domain name that cannot be a registrable host name. {@link #rule()} is a stable code for the
 * broken rule (e.g. {@code label-too-long}); the message says it in words.
 */
public final class InvalidDomainException extends IllegalArgumentException {
    private final String rule;

    public InvalidDomainException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
