package dev.mamori.vault;

/** A key operation refused by a rule of key management, named by {@link #rule()}. */
public final class KeyStateException extends RuntimeException {
    private final String rule;

    public KeyStateException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
