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
 * Card verification keys are used only through the whole DES chain of the CVV algorithm
 * ({@link #cardVerificationDigest}): this interface offers no single-DES operation under key A.
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
     * Deletes the tenant's card verification keys too. Does nothing when there is none
     * (idempotent). In an HSM the deletion is final; a PKCS#12 key store file still holds the keys
     * in copies of the file made before.
     */
    void destroyTenantKey(String tenantId) throws VaultKeyException;

    // --- card verification keys ------------------------------------------------------------------
    //
    // An issuer's card verification key (CVK) is a double-length DES key, A then B, that computes
    // the CVV/CVC on track data, the CVV2/CVC2 printed on the card and the iCVV with the public
    // algorithm of CardVerificationValues. The provider holds it (non-extractable in an HSM) and
    // runs the DES steps of that algorithm; building the input and decimalizing the result happen
    // outside, in CardVerificationValues. A tenant has any number of CVKs, each under a name of its
    // own (lower case: letters, digits, '_', '.', '-'; up to 32 characters), e.g. "visa-2025".
    //
    // In the provider a CVK is two DESede (TDEA) keys: (A, B, A), labelled
    // mamori-cvk-<tenant id>-<name>-ede, which is the CVK itself and gives its KCV, and (A, B, B),
    // labelled ...-a, which encrypts as single DES under A (E_B(D_B(E_A(x))) = E_A(x)): the first
    // step of the algorithm is single DES, and SoftHSM2 (OpenSSL 3) refuses CKM_DES_ECB.
    // Both are encrypt-only in an HSM (CKA_DECRYPT false).

    /**
     * Generates a new CVK for the tenant inside the provider, under {@code keyName}.
     *
     * <p>A PKCS#11 provider draws the 16 bytes from the token's random number generator and
     * imports them at once: plain PKCS#11 through SunPKCS11 offers no way to make the two related
     * key objects (A, B, A) and (A, B, B) from one key inside the token. The bytes are in this
     * process's memory only during the call and wiped afterwards.
     *
     * @return the key check value of the new key (6 hex digits), for the key custodians' records
     * @throws CardVerificationKeyExistsException when the tenant has a CVK of that name already
     */
    String createCardVerificationKey(String tenantId, String keyName) throws VaultKeyException;

    /**
     * Stores an issuer's existing CVK (a migration, or a test vector): 16 bytes, key A then key
     * B. The caller wipes {@code cvkAB} afterwards.
     *
     * @return the key check value of the key (6 hex digits), to compare with the issuer's
     * @throws CardVerificationKeyExistsException when the tenant has a CVK of that name already
     * @throws VaultKeyException when the key is not 16 bytes, or A equals B (ignoring the parity
     *     bits; that would make it single DES)
     */
    String importCardVerificationKey(String tenantId, String keyName, byte[] cvkAB) throws VaultKeyException;

    /**
     * The DES part of the CVV algorithm, inside the provider: {@code r = DES_A(block1)},
     * {@code r = r XOR block2}, and TDEA (A, B, A) of {@code r}, i.e. {@code E_A(D_B(E_A(r)))}.
     * This is ISO/IEC 9797-1 MAC algorithm 3 (the ANSI X9.19 "retail MAC") of the two blocks with
     * a zero IV. See {@link CardVerificationValues} for the blocks and the decimalization.
     *
     * @param block1 8 bytes: the first 16 digits of the data, packed two per byte
     * @param block2 8 bytes: the last 16 digits
     * @return 8 bytes; the caller wipes them after use
     * @throws NoSuchCardVerificationKeyException when the tenant has no CVK of that name
     */
    byte[] cardVerificationDigest(String tenantId, String keyName, byte[] block1, byte[] block2)
            throws VaultKeyException;

    /**
     * The key check value of the tenant's CVK {@code keyName}, computed inside the provider.
     *
     * @throws NoSuchCardVerificationKeyException when the tenant has no CVK of that name
     */
    String cardVerificationKeyCheckValue(String tenantId, String keyName) throws VaultKeyException;

    /** The names of the tenant's CVKs, sorted; empty when it has none. */
    List<String> cardVerificationKeys(String tenantId) throws VaultKeyException;

    /**
     * Deletes the tenant's CVK {@code keyName}; does nothing when there is none (idempotent).
     * Card values computed under it can no longer be verified.
     */
    void destroyCardVerificationKey(String tenantId, String keyName) throws VaultKeyException;

    @Override
    void close();
}
