package dev.mamori.vault.keys;

import java.util.List;

/**
 * Holds the vault's master keys (the top of the key hierarchy: master key → tenant
 * key-encryption keys → data keys) and one tenant key per tenant, and uses them without letting
 * them out.
 *
 * <p>Master keys are AES-256 and versioned 1, 2, 3...; the highest version is current and wraps
 * new keys, older versions stay usable for unwrapping until they are destroyed after a rotation.
 *
 * <p>Security guarantees: key material never leaves the provider through this interface (an HSM
 * generates and keeps it non-extractable); {@link #unwrap} fails unless the wrapped bytes and the
 * associated data are exactly those given to {@link #wrap} under the same version (AES-256-GCM).
 * Messages of {@link VaultKeyException} never contain key material.
 */
public interface MasterKeyProvider extends AutoCloseable {

    /** The provider's id as used in configuration, e.g. {@code "pkcs12"} or {@code "pkcs11"}. */
    String id();

    /** Where the keys are, for operators (file path, HSM library and slot); never a secret. */
    String description();

    /** Every master key version the provider holds, lowest first. */
    List<MasterKeyInfo> versions() throws VaultKeyException;

    /** The highest version. @throws VaultKeyException when the provider holds no key yet */
    int currentVersion() throws VaultKeyException;

    /** Generates a new master key inside the provider; it becomes current. */
    MasterKeyInfo generate() throws VaultKeyException;

    /**
     * Stores a 32-byte key assembled outside (a key ceremony) as the new current version. The
     * caller wipes {@code keyMaterial} afterwards.
     */
    MasterKeyInfo importKey(byte[] keyMaterial) throws VaultKeyException;

    /** AES-256-GCM encrypts {@code key} under master version {@code version}: 12-byte IV, ciphertext, 16-byte tag. */
    byte[] wrap(int version, byte[] key, byte[] associatedData) throws VaultKeyException;

    /** Reverses {@link #wrap}. @throws VaultKeyException when the bytes or associated data were changed */
    byte[] unwrap(int version, byte[] wrapped, byte[] associatedData) throws VaultKeyException;

    /** Deletes a version that is not current, after everything it wrapped was re-wrapped. */
    void destroy(int version) throws VaultKeyException;

    // --- tenant keys -----------------------------------------------------------------------------
    //
    // A tenant key is an AES-256 key of one tenant, generated in the provider (non-extractable in
    // an HSM) under an alias of its own, mamori-tenant-<tenant id>, that never clashes with a master
    // key's. The vault wraps each tenant's KEK under its tenant key first and the result under a
    // master version, so destroying the tenant key (crypto-shredding) leaves every copy of the
    // wrapped KEK, database backups included, impossible to unwrap. Tenant keys are not master
    // versions: versions() never lists them. Tenant ids are UUIDs in lower case.

    /** Generates the tenant's key in the provider unless it holds one already (idempotent). */
    void createTenantKey(String tenantId) throws VaultKeyException;

    /**
     * AES-256-GCM encrypts {@code key} under the tenant's key: 12-byte IV, ciphertext, 16-byte tag.
     *
     * @throws TenantKeyGoneException when the provider holds no key for the tenant
     */
    byte[] wrapForTenant(String tenantId, byte[] key, byte[] associatedData) throws VaultKeyException;

    /**
     * Reverses {@link #wrapForTenant}.
     *
     * @throws TenantKeyGoneException when the provider holds no key for the tenant (it was
     *     destroyed), or the bytes do not authenticate under the one it holds
     */
    byte[] unwrapForTenant(String tenantId, byte[] wrapped, byte[] associatedData) throws VaultKeyException;

    /**
     * Deletes the tenant's key from the provider; nothing it wrapped can be unwrapped afterwards.
     * Does nothing when there is none (idempotent). In an HSM the deletion is final; a PKCS#12 key
     * store file still holds the key in copies of the file made before.
     */
    void destroyTenantKey(String tenantId) throws VaultKeyException;

    @Override
    void close();
}
