package dev.mamori.server.identity;

/**
 * A newly created key and its secret, which is shown once and then only its hash exists.
 * Not a record, so the secret never reaches a generated {@code toString}.
 */
public final class IssuedApiKey {
    private final ApiKey key;
    private final String secret;

    IssuedApiKey(ApiKey key, String secret) {
        this.key = key;
        this.secret = secret;
    }

    public ApiKey key() {
        return key;
    }

    /** The full key to hand to the client, once. */
    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + ", " + key.prefix() + "…]";
    }
}
