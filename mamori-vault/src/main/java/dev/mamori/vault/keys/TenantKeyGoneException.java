package dev.mamori.vault.keys;

/**
 * {@link MasterKeyProvider#unwrapForTenant} cannot unwrap because the tenant key that wrapped the
 * bytes is not in the provider any more: it was destroyed (the tenant was crypto-shredded), and
 * perhaps replaced by a newer tenant key of the same tenant. Also thrown when the bytes do not
 * authenticate under the tenant key held, since the two cannot be told apart; a caller that
 * already authenticated the bytes (under a master key) knows it is the first.
 */
public final class TenantKeyGoneException extends VaultKeyException {
    public TenantKeyGoneException(String message) {
        super(message);
    }

    public TenantKeyGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
