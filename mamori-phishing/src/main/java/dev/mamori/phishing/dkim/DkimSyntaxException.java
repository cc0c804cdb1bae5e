package dev.mamori.phishing.dkim;

/** A malformed tag list, signature or key record; always leads to {@code permerror}. */
final class DkimSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    DkimSyntaxException(String message) {
        super(message);
    }
}
