package dev.mamori.vault.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.login.LoginException;

/**
 * Master keys inside a PKCS#11 token (an HSM; SoftHSM2 in development and CI), reached through the
 * JDK's own SunPKCS11 provider. Each master key is an AES-256 secret key token object labelled
 * {@code mamori-master-<version>}, each tenant key one labelled {@code mamori-tenant-<tenant id>},
 * with the same attributes. Destroying a tenant key deletes the token object: that is final, no
 * copy is left outside the HSM (unless the HSM's own backups keep one).
 *
 * <p>Each card verification key is two DESede (CKK_DES3) token objects,
 * {@code mamori-cvk-<tenant id>-<name>-ede} holding (A, B, A) and {@code ...-a} holding (A, B, B),
 * sensitive, non-extractable and encrypt-only ({@code CKA_DECRYPT}, {@code CKA_WRAP},
 * {@code CKA_UNWRAP} false). The CVV's DES steps run in the token with {@code CKM_DES3_ECB}.
 * Single DES ({@code CKM_DES_ECB}) is not used: SoftHSM2 2.6 on OpenSSL 3 answers
 * {@code CKR_MECHANISM_INVALID}, and many HSMs refuse it by policy; (A, B, B) gives the same
 * result. Anyone holding the token's PIN can use the {@code -a} object as a single-DES encryption
 * oracle under A, a weakness of computing the CVV with generic PKCS#11 mechanisms: a payment HSM's
 * own CVV command keeps the intermediate step inside. Keep the PIN as tight as the keys.
 *
 * <p>Security guarantees: keys are generated inside the token and are sensitive and
 * non-extractable ({@code CKA_SENSITIVE=true}, {@code CKA_EXTRACTABLE=false}); an imported key is
 * given the same attributes when it is created in the token, and the Java heap only ever holds it
 * during the import. Wrapping, unwrapping and the key check value (AES-ECB of a zero block) are
 * computed by the token; no key material crosses the PKCS#11 interface after import. The PIN is
 * used to log in and not kept. {@link #wrap} and {@link #unwrap} take no lock and may be called
 * from any number of threads (SunPKCS11 keeps a pool of token sessions).
 *
 * <p>A PKCS#11 login belongs to the whole process, not to one session: logging out one provider
 * logs out every other on the same token. So only one provider per token may be open in a JVM at
 * a time, and {@link #open} refuses a second one.
 */
public final class Pkcs11MasterKeyProvider extends AbstractMasterKeyProvider {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Library real path and slot index of every open provider; see the class comment. */
    private static final Set<String> OPEN_TOKENS = ConcurrentHashMap.newKeySet();

    private final Provider provider;
    private final KeyStore store;
    private final Path library;
    private final int slotListIndex;
    private final String tokenKey;

    private Pkcs11MasterKeyProvider(Provider provider, KeyStore store, Path library, int slotListIndex,
            String tokenKey) {
        this.provider = provider;
        this.store = store;
        this.library = library;
        this.slotListIndex = slotListIndex;
        this.tokenKey = tokenKey;
    }

    /**
     * Logs in to the token at {@code slotListIndex} of the PKCS#11 {@code library} and loads the
     * master keys it holds. The caller may wipe {@code pin} afterwards.
     *
     * @throws VaultKeyException when the library or slot is missing, the PIN is wrong, or another
     *     provider for the same token is open in this JVM
     */
    public static Pkcs11MasterKeyProvider open(Path library, int slotListIndex, char[] pin) throws VaultKeyException {
        if (library == null) {
            throw new VaultKeyException("the PKCS#11 library path is missing");
        }
        if (slotListIndex < 0) {
            throw new VaultKeyException("the PKCS#11 slot list index must be 0 or more, got " + slotListIndex);
        }
        if (pin == null || pin.length == 0) {
            throw new VaultKeyException("the PIN of the PKCS#11 token is empty");
        }
        Path absolute = library.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new VaultKeyException("PKCS#11 library " + absolute + " does not exist"
                    + " (for SoftHSM2: apt-get install softhsm2, library /usr/lib/softhsm/libsofthsm2.so)");
        }
        String tokenKey;
        try {
            tokenKey = absolute.toRealPath() + "#" + slotListIndex;
        } catch (IOException e) {
            throw new VaultKeyException("could not resolve PKCS#11 library " + absolute + ": " + e, e);
        }
        if (!OPEN_TOKENS.add(tokenKey)) {
            throw new VaultKeyException("a PKCS#11 master key provider for slot list index " + slotListIndex
                    + " of " + absolute + " is already open in this JVM; close it first (a PKCS#11 logout"
                    + " would log out both)");
        }
        try {
            Provider provider = configure(absolute, slotListIndex);
            KeyStore store = login(provider, absolute, slotListIndex, pin);
            var opened = new Pkcs11MasterKeyProvider(provider, store, absolute, slotListIndex, tokenKey);
            try {
                Map<String, Key> tenantKeys = new HashMap<>();
                var cvks = new CardVerificationKeysFound();
                opened.loaded(opened.load(tenantKeys, cvks), tenantKeys, cvks);
            } catch (VaultKeyException | RuntimeException e) {
                logout(provider);
                throw e;
            }
            return opened;
        } catch (VaultKeyException | RuntimeException e) {
            OPEN_TOKENS.remove(tokenKey);
            throw e;
        }
    }

    @Override
    public String id() {
        return Pkcs11MasterKeyProviderFactory.ID;
    }

    @Override
    public String description() {
        return "PKCS#11 token at slot list index " + slotListIndex + " of " + library;
    }

    @Override
    protected Cipher newGcmCipher() throws GeneralSecurityException {
        return Cipher.getInstance(GCM, provider);
    }

    @Override
    protected Cipher desedeCipher() throws GeneralSecurityException {
        return Cipher.getInstance(DESEDE_ECB, provider);
    }

    @Override
    protected SecureRandom randomForGeneratedKeys() throws VaultKeyException {
        try {
            // The token's C_GenerateRandom (SunPKCS11 mixes in its own seed as well).
            return SecureRandom.getInstance("PKCS11", provider);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("the random number generator of " + description() + " is not available", e);
        }
    }

    @Override
    protected CardVerificationKeyPair storeCardVerificationKey(String base, byte[] keyAba, byte[] keyAbb)
            throws VaultKeyException {
        String edeAlias = base + MasterKeyAlias.CVK_EDE_SUFFIX;
        String singleAAlias = base + MasterKeyAlias.CVK_A_SUFFIX;
        try {
            // SecretKeySpec copies the bytes and cannot be wiped (no destroy() in Java 17); the copies
            // are unreachable once this returns. The token creates the objects with the import
            // attributes of CKK_DES3 (see configure).
            store.setEntry(edeAlias, new KeyStore.SecretKeyEntry(new SecretKeySpec(keyAba, "DESede")), null);
            store.setEntry(singleAAlias, new KeyStore.SecretKeyEntry(new SecretKeySpec(keyAbb, "DESede")), null);
            return new CardVerificationKeyPair(loadDesedeKey(edeAlias), loadDesedeKey(singleAAlias));
        } catch (GeneralSecurityException | VaultKeyException | RuntimeException e) {
            try {
                deleteStoredCardVerificationKey(base);
            } catch (VaultKeyException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof VaultKeyException known ? known
                    : new VaultKeyException("could not store card verification key " + base + " in " + description(), e);
        }
    }

    @Override
    protected CardVerificationKeyPair findStoredCardVerificationKey(String base) throws VaultKeyException {
        String edeAlias = base + MasterKeyAlias.CVK_EDE_SUFFIX;
        String singleAAlias = base + MasterKeyAlias.CVK_A_SUFFIX;
        if (!refreshedContains(edeAlias) || !refreshedContains(singleAAlias)) {
            return null;
        }
        return new CardVerificationKeyPair(loadDesedeKey(edeAlias), loadDesedeKey(singleAAlias));
    }

    @Override
    protected void deleteStoredCardVerificationKey(String base) throws VaultKeyException {
        for (String alias : List.of(base + MasterKeyAlias.CVK_EDE_SUFFIX, base + MasterKeyAlias.CVK_A_SUFFIX)) {
            if (refreshedContains(alias)) {
                try {
                    store.deleteEntry(alias);
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw new VaultKeyException("could not destroy card verification key object " + alias
                            + " in " + description(), e);
                }
            }
        }
    }

    @Override
    protected List<String> storedAliases() throws VaultKeyException {
        try {
            // Logged in already: this only lists the token's objects again, others' new ones included.
            store.load(null, null);
            return Collections.list(store.aliases());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not list the keys of " + description(), e);
        }
    }

    private Key loadDesedeKey(String alias) throws VaultKeyException {
        Key key;
        try {
            key = store.getKey(alias, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not read key object " + alias + " of " + description(), e);
        }
        if (!(key instanceof SecretKey) || !"DESede".equalsIgnoreCase(key.getAlgorithm())) {
            throw new VaultKeyException("object " + alias + " of " + description() + " is not a DESede key");
        }
        return key;
    }

    @Override
    protected MasterKeyEntry storeGenerated(int version) throws VaultKeyException {
        return add(version, generateSessionKey(), null);
    }

    @Override
    protected MasterKeyEntry storeImported(int version, byte[] keyMaterial) throws VaultKeyException {
        // SecretKeySpec copies the bytes and cannot be wiped (no destroy() in Java 17); it is
        // unreachable once this returns. The token creates the object with the import attributes.
        return add(version, new SecretKeySpec(keyMaterial, "AES"), KeyCheckValue.of(keyMaterial));
    }

    @Override
    protected void deleteStored(int version) throws VaultKeyException {
        try {
            store.deleteEntry(MasterKeyAlias.of(version));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not destroy master key version " + version + " in "
                    + description(), e);
        }
    }

    @Override
    protected Key storeGeneratedTenantKey(String alias) throws VaultKeyException {
        SecretKey sessionKey = generateSessionKey();
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not store tenant key " + alias + " in " + description(), e);
        }
        try {
            return loadTenantKey(alias);
        } catch (VaultKeyException | RuntimeException e) {
            try {
                store.deleteEntry(alias);
            } catch (GeneralSecurityException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    protected boolean sharedStore() {
        return true;
    }

    @Override
    protected Key findStoredTenantKey(String alias) throws VaultKeyException {
        return refreshedContains(alias) ? loadTenantKey(alias) : null;
    }

    @Override
    protected void deleteStoredTenantKey(String alias) throws VaultKeyException {
        if (!refreshedContains(alias)) {
            return;
        }
        try {
            store.deleteEntry(alias);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not destroy tenant key " + alias + " in " + description(), e);
        }
    }

    /**
     * Whether the token holds an object labelled {@code alias}, listing the token's objects again
     * when the key store has not seen it (another instance may have created it since the open).
     */
    private boolean refreshedContains(String alias) throws VaultKeyException {
        try {
            if (store.containsAlias(alias)) {
                return true;
            }
            // The session is logged in already, so no PIN is needed: this only lists the objects again.
            store.load(null, null);
            return store.containsAlias(alias);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not list the keys of " + description(), e);
        }
    }

    private SecretKey generateSessionKey() throws VaultKeyException {
        try {
            // A session object (see the attributes in configure); setEntry copies it into the
            // token with its label, and the copy keeps CKA_SENSITIVE and CKA_EXTRACTABLE.
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(AES_256_KEY_BYTES * 8);
            return generator.generateKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not generate an AES-256 key in " + description(), e);
        }
    }

    private Key loadTenantKey(String alias) throws VaultKeyException {
        Key key;
        try {
            key = store.getKey(alias, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not read tenant key " + alias + " of " + description(), e);
        }
        if (!(key instanceof SecretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new VaultKeyException("object " + alias + " of " + description() + " is not an AES key");
        }
        return key;
    }

    @Override
    protected void release() {
        try {
            logout(provider);
        } finally {
            OPEN_TOKENS.remove(tokenKey);
        }
    }

    /**
     * Stores {@code key} as a token object and reads it back by its label; when
     * {@code expectedCheckValue} is given, the token's KCV must match it, or the key is removed.
     */
    private MasterKeyEntry add(int version, SecretKey key, String expectedCheckValue) throws VaultKeyException {
        String alias = MasterKeyAlias.of(version);
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not store master key version " + version + " in "
                    + description(), e);
        }
        try {
            MasterKeyEntry entry = loadEntry(alias, version);
            if (expectedCheckValue != null && !MessageDigest.isEqual(
                    expectedCheckValue.getBytes(StandardCharsets.US_ASCII),
                    entry.info.checkValue().getBytes(StandardCharsets.US_ASCII))) {
                throw new VaultKeyException("the token computes another key check value for imported"
                        + " master key version " + version + " than the key given; the import was undone");
            }
            return entry;
        } catch (VaultKeyException | RuntimeException e) {
            try {
                store.deleteEntry(alias);
            } catch (GeneralSecurityException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Loads the master keys, the tenant keys into {@code tenantKeys} and the card verification keys into {@code cvks}. */
    private List<MasterKeyEntry> load(Map<String, Key> tenantKeys, CardVerificationKeysFound cvks)
            throws VaultKeyException {
        var found = new ArrayList<MasterKeyEntry>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                int version = MasterKeyAlias.versionOf(alias);
                String tenantId = MasterKeyAlias.tenantOf(alias);
                if (version > 0) {
                    found.add(loadEntry(alias, version));
                } else if (tenantId != null) {
                    tenantKeys.put(tenantId, loadTenantKey(alias));
                } else if (MasterKeyAlias.cardVerificationKeyOf(alias) != null) {
                    cvks.offer(alias, loadDesedeKey(alias));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new VaultKeyException("could not list the keys of " + description(), e);
        }
        return found;
    }

    private MasterKeyEntry loadEntry(String alias, int version) throws VaultKeyException {
        Key key;
        try {
            key = store.getKey(alias, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not read master key version " + version + " of "
                    + description(), e);
        }
        if (!(key instanceof SecretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new VaultKeyException("object " + alias + " of " + description() + " is not an AES key");
        }
        return new MasterKeyEntry(key, new MasterKeyInfo(version, checkValueInToken(key, version)));
    }

    /** The KCV, computed by the token: the key cannot leave it. */
    private String checkValueInToken(Key key, int version) throws VaultKeyException {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", provider);
            ecb.init(Cipher.ENCRYPT_MODE, key);
            return KeyCheckValue.fromEncryptedZeroBlock(ecb.doFinal(new byte[KeyCheckValue.BLOCK_SIZE]));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not compute the key check value of master key version "
                    + version + " in " + description(), e);
        }
    }

    private static Provider configure(Path library, int slotListIndex) throws VaultKeyException {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new VaultKeyException("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        // Generated keys start as session objects (CKA_TOKEN=false) that P11KeyStore copies into
        // the token under their label; generating token objects directly would leave unlabelled
        // objects that the key store cannot name. Both generated and imported keys are sensitive
        // and non-extractable, so no later call can read them out.
        String config = "--name=mamori-master-keys-" + INSTANCES.incrementAndGet() + "\n"
                + "library = " + quoted(library) + "\n"
                + "slotListIndex = " + slotListIndex + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_TOKEN = false\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n"
                + "attributes(import, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n"
                // Card verification keys: the CVV needs DES encryption only, so nothing else is allowed.
                + "attributes(import, CKO_SECRET_KEY, CKK_DES3) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "  CKA_ENCRYPT = true\n"
                + "  CKA_DECRYPT = false\n"
                + "  CKA_WRAP = false\n"
                + "  CKA_UNWRAP = false\n"
                + "}\n";
        try {
            // Deliberately not Security.addProvider: nothing else in the JVM should pick this
            // token by accident through Cipher.getInstance without a provider.
            return base.configure(config);
        } catch (RuntimeException e) {
            throw new VaultKeyException("could not load PKCS#11 library " + library + " at slot list index "
                    + slotListIndex + ": " + rootMessage(e), e);
        }
    }

    private static KeyStore login(Provider provider, Path library, int slotListIndex, char[] pin)
            throws VaultKeyException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return store;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String reason = rootMessage(e);
            String codes = allMessages(e);
            if (codes.contains("CKR_PIN_INCORRECT")) {
                throw new VaultKeyException("wrong PIN for the PKCS#11 token at slot list index "
                        + slotListIndex + " of " + library, e);
            }
            if (codes.contains("CKR_PIN_LOCKED")) {
                throw new VaultKeyException("the PIN of the PKCS#11 token at slot list index " + slotListIndex
                        + " of " + library + " is locked (too many wrong PINs); the security officer must"
                        + " reset it", e);
            }
            throw new VaultKeyException("could not log in to the PKCS#11 token at slot list index "
                    + slotListIndex + " of " + library + ": " + reason, e);
        }
    }

    private static void logout(Provider provider) {
        try {
            ((AuthProvider) provider).logout();
        } catch (LoginException | RuntimeException ignored) {
            // Already logged out, or the token is gone: either way nothing is left to release.
        }
    }

    private static String quoted(Path path) throws VaultKeyException {
        String text = path.toString();
        if (text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            // Would break out of the config line; such a path is a mistake anyway.
            throw new VaultKeyException("the PKCS#11 library path contains a quote or a line break");
        }
        return "\"" + text + "\"";
    }

    /** Every message of the cause chain, to look for a PKCS#11 return code wherever it is. */
    private static String allMessages(Throwable e) {
        var messages = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** The innermost message, where SunPKCS11 puts the PKCS#11 return code (CKR_...). */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        String message = String.valueOf(e.getMessage());
        while (cause != null) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
            cause = cause.getCause();
        }
        return message;
    }
}
