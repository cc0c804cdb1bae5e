package dev.mamori.vault;

/**
 * The key a card was encrypted under no longer exists (the tenant's keys were crypto-shredded),
 * or its ciphertext fails authentication: the card cannot be recovered by anyone.
 */
public final class CardUnrecoverableException extends RuntimeException {
    public CardUnrecoverableException() {
        super("the card's keys were destroyed or its ciphertext was altered; it cannot be decrypted");
    }
}
