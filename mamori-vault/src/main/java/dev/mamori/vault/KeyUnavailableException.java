package dev.mamori.vault;

import dev.mamori.vault.keys.VaultKeyException;

/** The master key provider (key store, HSM) failed; the vault cannot encrypt or decrypt now. */
public final class KeyUnavailableException extends RuntimeException {
    public KeyUnavailableException(VaultKeyException cause) {
        super("master key provider failed: " + cause.getMessage(), cause);
    }
}
