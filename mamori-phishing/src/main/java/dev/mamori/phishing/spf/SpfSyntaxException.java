package dev.mamori.phishing.spf;

/** A record or macro that does not follow the RFC 7208 grammar; evaluation answers permerror. */
final class SpfSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SpfSyntaxException(String message) {
        super(message, null, false, false);
    }
}
