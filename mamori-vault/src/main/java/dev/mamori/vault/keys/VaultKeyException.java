package dev.mamori.vault.keys;

/**
 * A key could not be created, found or used: wrong passphrase, HSM unreachable, unknown version,
 * or a wrapped key that fails authentication. The message never contains key material.
 */
public class VaultKeyException extends Exception {
    public VaultKeyException(String message) {
        super(message);
    }

    public VaultKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
