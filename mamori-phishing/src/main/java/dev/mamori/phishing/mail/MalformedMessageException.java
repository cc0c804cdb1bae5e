package dev.mamori.phishing.mail;

/**
 * A message or SMTP envelope value that cannot be authenticated. {@link #field()} names what was
 * wrong ({@code message}, {@code ip}, {@code mailFrom}, {@code helo}) and {@link #rule()} is a stable
 * code for the broken rule; the message says it in words and never quotes the message body.
 */
public final class MalformedMessageException extends IllegalArgumentException {
    private final String field;
    private final String rule;

    public MalformedMessageException(String field, String rule, String message) {
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
