package dev.mamori.vault;

/** The vault cannot take this request now (a bounded resource is full); retrying later can succeed. */
public final class VaultBusyException extends RuntimeException {
    public VaultBusyException(String message) {
        super(message);
    }
}
