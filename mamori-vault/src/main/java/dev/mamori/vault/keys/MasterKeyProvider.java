package dev.mamori.vault.keys;

import java.util.List;

/**
 * Holds the vault's master keys (the top of the key hierarchy: master key → tenant
 * key-encryption keys → data keys) and uses them without letting them out.
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

    @Override
    void close();
}
