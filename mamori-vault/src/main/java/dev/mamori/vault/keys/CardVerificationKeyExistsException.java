package dev.mamori.vault.keys;

/**
 * {@link MasterKeyProvider#createCardVerificationKey} or {@link MasterKeyProvider#importCardVerificationKey}
 * was asked for a key name the tenant already has. A card verification key is never replaced in
 * place: every card issued under it would fail verification. Destroy it first, deliberately, or
 * choose another name.
 */
public final class CardVerificationKeyExistsException extends VaultKeyException {
    public CardVerificationKeyExistsException(String message) {
        super(message);
    }
}
