package dev.mamori.vault.keys;

/**
 * The provider holds no card verification key of that name for that tenant: it was never created,
 * it belongs to another tenant, or it was destroyed (alone or when the tenant was crypto-shredded).
 */
public final class NoSuchCardVerificationKeyException extends VaultKeyException {
    public NoSuchCardVerificationKeyException(String message) {
        super(message);
    }

    public NoSuchCardVerificationKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
