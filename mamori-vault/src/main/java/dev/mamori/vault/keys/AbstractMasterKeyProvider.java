package dev.mamori.vault.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What both providers share: the versions, the rules (current = highest, the current version
 * cannot be destroyed), the tenant keys, AES-256-GCM wrapping, and the card verification keys and
 * their DES chain. Subclasses only store, find and delete keys.
 *
 * <p>Concurrency: {@link #wrap}, {@link #unwrap}, {@link #wrapForTenant},
 * {@link #unwrapForTenant} and {@link #cardVerificationDigest} take no lock. They read an immutable snapshot of the loaded keys through
 * one volatile field and create a {@link Cipher} per call (a Cipher is not thread-safe, and
 * creating one is cheap next to the HSM or GCM work), except the DES of the card verification digest,
 * which a provider may keep one per thread ({@link #desedeCipher}). Changes (generate, import, destroy, create
 * or destroy a tenant key) are serialized on {@link #lock}, write the store first and publish a new
 * snapshot only once the store holds the change. The one exception: a tenant key or card
 * verification key missing from the snapshot is looked up in the store under the lock, since
 * another instance sharing the store (an HSM) may have created it since this one was opened.
 */
abstract class AbstractMasterKeyProvider implements MasterKeyProvider {

    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int TAG_BYTES = TAG_BITS / 8;
    static final int AES_256_KEY_BYTES = 32;
    static final String GCM = "AES/GCM/NoPadding";
    static final String DESEDE_ECB = "DESede/ECB/NoPadding";
    static final int DES_BLOCK_BYTES = 8;
    static final int CVK_BYTES = 16;
    static final int DESEDE_KEY_BYTES = 24;

    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    // Thread-safe; random 96-bit IVs are fine for the 2^32 wraps per key NIST SP 800-38D allows,
    // far more than a master key ever wraps (tenant keys, not records).
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Serializes changes to the store; never taken by wrap or unwrap. */
    protected final Object lock = new Object();

    /**
     * The master versions, the tenant keys (by tenant id) and the card verification keys (by
     * {@link MasterKeyAlias#ofCardVerificationKey}), published together; immutable.
     */
    private record Snapshot(NavigableMap<Integer, MasterKeyEntry> masters, Map<String, Key> tenants,
            Map<String, CardVerificationKeyPair> cvks) {
        Snapshot withMasters(NavigableMap<Integer, MasterKeyEntry> next) {
            return new Snapshot(Collections.unmodifiableNavigableMap(next), tenants, cvks);
        }

        Snapshot withTenants(Map<String, Key> next) {
            return new Snapshot(masters, Collections.unmodifiableMap(next), cvks);
        }

        Snapshot withCvks(Map<String, CardVerificationKeyPair> next) {
            return new Snapshot(masters, tenants, Collections.unmodifiableMap(next));
        }
    }

    /**
     * The two DESede key objects of one card verification key (A, B): {@code ede} is (A, B, A),
     * {@code singleA} is (A, B, B), which encrypts as single DES under A. Deliberately no
     * {@code toString}, {@code equals} or record: it holds keys.
     */
    static final class CardVerificationKeyPair {
        final Key ede;
        final Key singleA;

        CardVerificationKeyPair(Key ede, Key singleA) {
            this.ede = Objects.requireNonNull(ede, "ede");
            this.singleA = Objects.requireNonNull(singleA, "singleA");
        }
    }

    /**
     * Gathers the objects of the card verification keys while a store is loaded. A key whose
     * other object is missing (a store interrupted half-way) is left out; creating the name
     * again removes the half.
     */
    static final class CardVerificationKeysFound {
        private final Map<String, Key> ede = new HashMap<>();
        private final Map<String, Key> singleA = new HashMap<>();

        /** Takes {@code key} when {@code alias} is a card verification key's; says whether it was. */
        boolean offer(String alias, Key key) {
            String base = MasterKeyAlias.cardVerificationKeyOf(alias);
            if (base == null) {
                return false;
            }
            (MasterKeyAlias.isCardVerificationEde(alias) ? ede : singleA).put(base, key);
            return true;
        }

        Map<String, CardVerificationKeyPair> pairs() {
            var pairs = new HashMap<String, CardVerificationKeyPair>();
            for (var entry : ede.entrySet()) {
                Key a = singleA.get(entry.getKey());
                if (a != null) {
                    pairs.put(entry.getKey(), new CardVerificationKeyPair(entry.getValue(), a));
                }
            }
            return pairs;
        }
    }

    /** Null once closed. */
    private volatile Snapshot keys;

    /**
     * Publishes the keys found when the store was opened: master keys, and tenant keys by tenant
     * id (see {@link MasterKeyAlias#tenantOf}).
     */
    protected final void loaded(List<MasterKeyEntry> found, Map<String, Key> tenantKeys,
            CardVerificationKeysFound cardVerificationKeys) {
        var map = new TreeMap<Integer, MasterKeyEntry>();
        for (MasterKeyEntry entry : found) {
            map.put(entry.info.version(), entry);
        }
        keys = new Snapshot(Collections.unmodifiableNavigableMap(map), Map.copyOf(tenantKeys),
                Map.copyOf(cardVerificationKeys.pairs()));
    }

    /** A new GCM cipher for one call; PKCS#11 providers return the token's own. */
    protected abstract Cipher newGcmCipher() throws GeneralSecurityException;

    /** Generates a key inside the store as {@code version}; the store holds it when this returns. */
    protected abstract MasterKeyEntry storeGenerated(int version) throws VaultKeyException;

    /** Stores 32 bytes as {@code version}; the store holds it when this returns. */
    protected abstract MasterKeyEntry storeImported(int version, byte[] keyMaterial) throws VaultKeyException;

    /** Removes {@code version} from the store. */
    protected abstract void deleteStored(int version) throws VaultKeyException;

    /**
     * Generates an AES-256 key inside the store under {@code alias} (a tenant key); the store holds
     * it when this returns. Called under {@link #lock}.
     */
    protected abstract Key storeGeneratedTenantKey(String alias) throws VaultKeyException;

    /**
     * The tenant key stored under {@code alias} that this instance has not loaded (another instance
     * on the same store created it), or null. Called under {@link #lock}.
     */
    protected abstract Key findStoredTenantKey(String alias) throws VaultKeyException;

    /** Removes the tenant key under {@code alias} from the store, if it is there. Called under {@link #lock}. */
    protected abstract void deleteStoredTenantKey(String alias) throws VaultKeyException;

    /**
     * A DESede/ECB/NoPadding cipher for one call, initialised by the caller and used at once on this
     * thread (an implementation may hand the same thread the same instance again); PKCS#11 providers
     * return the token's own.
     */
    protected abstract Cipher desedeCipher() throws GeneralSecurityException;

    /** Called when a cipher from {@link #desedeCipher} has done its work: one kept for reuse must forget the key here. */
    protected void releaseDesedeCipher(Cipher cipher) throws GeneralSecurityException {
    }

    /** Where generated card verification keys come from; an HSM's own generator in PKCS#11. */
    protected SecureRandom randomForGeneratedKeys() throws VaultKeyException {
        return RANDOM;
    }

    /**
     * Stores the two objects of a card verification key, {@code base} + {@link MasterKeyAlias#CVK_EDE_SUFFIX}
     * holding {@code keyAba} (24 bytes: A, B, A) and {@code base} + {@link MasterKeyAlias#CVK_A_SUFFIX}
     * holding {@code keyAbb} (A, B, B), as DESede keys; the store holds both when this returns, or
     * neither when it throws. The caller wipes the arrays. Called under {@link #lock}.
     */
    protected abstract CardVerificationKeyPair storeCardVerificationKey(String base, byte[] keyAba, byte[] keyAbb)
            throws VaultKeyException;

    /**
     * Both objects of the card verification key {@code base} when the store holds both and this
     * instance has not loaded them (another instance on the same store created them), or null.
     * Called under {@link #lock}.
     */
    protected abstract CardVerificationKeyPair findStoredCardVerificationKey(String base) throws VaultKeyException;

    /** Removes whichever of the two objects of {@code base} the store holds. Called under {@link #lock}. */
    protected abstract void deleteStoredCardVerificationKey(String base) throws VaultKeyException;

    /** Every alias in the store now, including those other instances added. Called under {@link #lock}. */
    protected abstract List<String> storedAliases() throws VaultKeyException;

    /** Whether other processes may change the store behind this one's back (an HSM token). */
    protected boolean sharedStore() {
        return false;
    }

    /** Releases the store (log out, wipe the passphrase); called once, under {@link #lock}. */
    protected abstract void release();

    @Override
    public final List<MasterKeyInfo> versions() throws VaultKeyException {
        var infos = new ArrayList<MasterKeyInfo>();
        for (MasterKeyEntry entry : snapshot().values()) {
            infos.add(entry.info);
        }
        return List.copyOf(infos);
    }

    @Override
    public final int currentVersion() throws VaultKeyException {
        var current = snapshot();
        if (current.isEmpty()) {
            throw new VaultKeyException("no master key yet in " + description()
                    + ": generate or import one first");
        }
        return current.lastKey();
    }

    @Override
    public final MasterKeyInfo generate() throws VaultKeyException {
        synchronized (lock) {
            int version = nextVersion();
            MasterKeyEntry entry = storeGenerated(version);
            publish(version, entry);
            return entry.info;
        }
    }

    @Override
    public final MasterKeyInfo importKey(byte[] keyMaterial) throws VaultKeyException {
        if (keyMaterial == null || keyMaterial.length != AES_256_KEY_BYTES) {
            throw new VaultKeyException("an imported master key must be 32 bytes (AES-256), got "
                    + (keyMaterial == null ? "null" : keyMaterial.length + " bytes"));
        }
        synchronized (lock) {
            int version = nextVersion();
            MasterKeyEntry entry = storeImported(version, keyMaterial);
            publish(version, entry);
            return entry.info;
        }
    }

    @Override
    public final void destroy(int version) throws VaultKeyException {
        synchronized (lock) {
            var current = snapshot();
            if (!current.containsKey(version)) {
                throw unknownVersion(version, current);
            }
            if (version == current.lastKey()) {
                throw new VaultKeyException("master key version " + version + " is current and cannot"
                        + " be destroyed: generate or import a newer version and re-wrap first");
            }
            deleteStored(version);
            var next = new TreeMap<>(current);
            next.remove(version);
            keys = keys.withMasters(next);
        }
    }

    @Override
    public final void createTenantKey(String tenantId) throws VaultKeyException {
        String alias = MasterKeyAlias.ofTenant(tenantId);
        synchronized (lock) {
            // For a store other instances share (an HSM) the store decides, not this instance's
            // snapshot: another instance may have destroyed the key (shredding) and made a new one
            // since it was loaded here.
            Key key = sharedStore() ? findStoredTenantKey(alias) : state().tenants.get(tenantId);
            if (key == null) {
                key = storeGeneratedTenantKey(alias);
            }
            publishTenant(tenantId, key);
        }
    }

    @Override
    public final byte[] wrapForTenant(String tenantId, byte[] key, byte[] associatedData) throws VaultKeyException {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new VaultKeyException("the key to wrap is empty");
        }
        try {
            return seal(tenantKey(tenantId), key, associatedData);
        } catch (GeneralSecurityException | RuntimeException first) {
            // A key object another instance destroyed fails to initialise: look it up again once.
            forgetTenantKey(tenantId);
            try {
                return seal(tenantKey(tenantId), key, associatedData);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new VaultKeyException("could not wrap under the tenant key of tenant " + tenantId
                        + " in " + description(), e);
            }
        }
    }

    @Override
    public final byte[] unwrapForTenant(String tenantId, byte[] wrapped, byte[] associatedData) throws VaultKeyException {
        Objects.requireNonNull(wrapped, "wrapped");
        checkWrappedLength(wrapped);
        Key tenantKey = tenantKey(tenantId);
        try {
            return open(tenantKey, wrapped, associatedData);
        } catch (AEADBadTagException e) {
            throw tenantKeyGone(tenantId, e);
        } catch (GeneralSecurityException | RuntimeException first) {
            // A key object another instance destroyed fails to initialise: look it up again once.
            forgetTenantKey(tenantId);
            tenantKey = tenantKey(tenantId);
        }
        try {
            return open(tenantKey, wrapped, associatedData);
        } catch (AEADBadTagException e) {
            throw tenantKeyGone(tenantId, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not unwrap under the tenant key of tenant " + tenantId
                    + " in " + description(), e);
        }
    }

    @Override
    public final void destroyTenantKey(String tenantId) throws VaultKeyException {
        String alias = MasterKeyAlias.ofTenant(tenantId);
        String cvkPrefix = MasterKeyAlias.cardVerificationKeyPrefix(tenantId);
        synchronized (lock) {
            Snapshot current = state();
            // Deleted from the store even when this instance never loaded it: another instance
            // sharing the store may have created it.
            deleteStoredTenantKey(alias);
            if (current.tenants.containsKey(tenantId)) {
                var next = new HashMap<>(current.tenants);
                next.remove(tenantId);
                keys = current.withTenants(next);
            }
            // Then the tenant's card verification keys, halves included; the tenant key first, so
            // that a failure here still leaves the tenant's data shredded, and a retry finishes.
            var bases = new TreeSet<String>();
            for (String stored : storedAliases()) {
                String base = MasterKeyAlias.cardVerificationKeyOf(stored);
                if (base != null && base.startsWith(cvkPrefix)) {
                    bases.add(base);
                }
            }
            for (String base : bases) {
                deleteStoredCardVerificationKey(base);
                forgetCardVerificationKey(base);
            }
            for (String base : state().cvks.keySet()) {
                if (base.startsWith(cvkPrefix)) {
                    forgetCardVerificationKey(base);
                }
            }
        }
    }

    @Override
    public final String createCardVerificationKey(String tenantId, String keyName) throws VaultKeyException {
        MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        byte[] cvk = new byte[CVK_BYTES];
        try {
            SecureRandom random = randomForGeneratedKeys();
            do {
                random.nextBytes(cvk);
                setOddParity(cvk);
            } while (halvesEqual(cvk));
            return storeCardVerificationKey(tenantId, keyName, cvk);
        } finally {
            Arrays.fill(cvk, (byte) 0);
        }
    }

    @Override
    public final String importCardVerificationKey(String tenantId, String keyName, byte[] cvkAB)
            throws VaultKeyException {
        MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        if (cvkAB == null || cvkAB.length != CVK_BYTES) {
            throw new VaultKeyException("an imported card verification key must be 16 bytes (key A, then key B), got "
                    + (cvkAB == null ? "null" : cvkAB.length + " bytes"));
        }
        if (halvesEqual(cvkAB)) {
            throw new VaultKeyException("key A and key B of the imported card verification key are equal:"
                    + " that is single DES, which the card schemes no longer accept; nothing was stored");
        }
        return storeCardVerificationKey(tenantId, keyName, cvkAB);
    }

    @Override
    public final byte[] cardVerificationDigest(String tenantId, String keyName, byte[] block1, byte[] block2)
            throws VaultKeyException {
        String base = MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        if (block1 == null || block1.length != DES_BLOCK_BYTES || block2 == null || block2.length != DES_BLOCK_BYTES) {
            throw new VaultKeyException("the card verification data is two blocks of 8 bytes each");
        }
        try {
            return cvvChain(cardVerificationKey(base, tenantId, keyName), block1, block2);
        } catch (GeneralSecurityException | RuntimeException first) {
            // A key object another instance destroyed fails to initialise: look it up again once.
            forgetCardVerificationKey(base);
            try {
                return cvvChain(cardVerificationKey(base, tenantId, keyName), block1, block2);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new VaultKeyException("could not compute with card verification key \"" + keyName
                        + "\" of tenant " + tenantId + " in " + description(), e);
            }
        }
    }

    @Override
    public final String cardVerificationKeyCheckValue(String tenantId, String keyName) throws VaultKeyException {
        String base = MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        try {
            return checkValue(cardVerificationKey(base, tenantId, keyName).ede);
        } catch (GeneralSecurityException | RuntimeException first) {
            forgetCardVerificationKey(base);
            try {
                return checkValue(cardVerificationKey(base, tenantId, keyName).ede);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new VaultKeyException("could not compute the key check value of card verification key \""
                        + keyName + "\" of tenant " + tenantId + " in " + description(), e);
            }
        }
    }

    @Override
    public final List<String> cardVerificationKeys(String tenantId) throws VaultKeyException {
        String prefix = MasterKeyAlias.cardVerificationKeyPrefix(tenantId);
        synchronized (lock) {
            state();
            var ede = new TreeSet<String>();
            var singleA = new TreeSet<String>();
            for (String stored : storedAliases()) {
                String base = MasterKeyAlias.cardVerificationKeyOf(stored);
                if (base != null && base.startsWith(prefix)) {
                    (MasterKeyAlias.isCardVerificationEde(stored) ? ede : singleA).add(base);
                }
            }
            ede.retainAll(singleA); // complete keys only
            var names = new ArrayList<String>();
            for (String base : ede) {
                names.add(MasterKeyAlias.cardVerificationKeyName(base));
            }
            return List.copyOf(names);
        }
    }

    @Override
    public final void destroyCardVerificationKey(String tenantId, String keyName) throws VaultKeyException {
        String base = MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        synchronized (lock) {
            state();
            // From the store even when this instance never loaded it (another instance made it).
            deleteStoredCardVerificationKey(base);
            forgetCardVerificationKey(base);
        }
    }

    @Override
    public final byte[] wrap(int version, byte[] key, byte[] associatedData) throws VaultKeyException {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new VaultKeyException("the key to wrap is empty");
        }
        Key master = entry(version).key;
        try {
            return seal(master, key, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            // RuntimeException too: SunPKCS11 reports token failures as ProviderException.
            throw new VaultKeyException("could not wrap under master key version " + version
                    + " of " + description(), e);
        }
    }

    @Override
    public final byte[] unwrap(int version, byte[] wrapped, byte[] associatedData) throws VaultKeyException {
        Objects.requireNonNull(wrapped, "wrapped");
        checkWrappedLength(wrapped);
        Key master = entry(version).key;
        try {
            return open(master, wrapped, associatedData);
        } catch (AEADBadTagException e) {
            throw new VaultKeyException("the wrapped key does not authenticate under master key version "
                    + version + ": its bytes, its associated data or the version differ from when it was"
                    + " wrapped", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VaultKeyException("could not unwrap under master key version " + version
                    + " of " + description(), e);
        }
    }

    @Override
    public final void close() {
        synchronized (lock) {
            if (keys == null) {
                return;
            }
            keys = null;
            release();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + description() + "]";
    }

    private byte[] seal(Key wrappingKey, byte[] key, byte[] associatedData) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = newGcmCipher();
        cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(orEmpty(associatedData));
        byte[] sealed = cipher.doFinal(key);
        byte[] wrapped = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, wrapped, 0, IV_BYTES);
        System.arraycopy(sealed, 0, wrapped, IV_BYTES, sealed.length);
        return wrapped;
    }

    private byte[] open(Key wrappingKey, byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = newGcmCipher();
        cipher.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BITS, wrapped, 0, IV_BYTES));
        cipher.updateAAD(orEmpty(associatedData));
        return cipher.doFinal(wrapped, IV_BYTES, wrapped.length - IV_BYTES);
    }

    /**
     * Stores {@code cvk} (A then B) under the tenant and name unless they have a key already; the
     * provider must compute the key check values the bytes give, or the key is removed again.
     */
    private String storeCardVerificationKey(String tenantId, String keyName, byte[] cvk) throws VaultKeyException {
        String base = MasterKeyAlias.ofCardVerificationKey(tenantId, keyName);
        byte[] keyAba = new byte[DESEDE_KEY_BYTES];
        byte[] keyAbb = new byte[DESEDE_KEY_BYTES];
        try {
            System.arraycopy(cvk, 0, keyAba, 0, CVK_BYTES);
            System.arraycopy(cvk, 0, keyAba, CVK_BYTES, DES_BLOCK_BYTES);
            System.arraycopy(cvk, 0, keyAbb, 0, CVK_BYTES);
            System.arraycopy(cvk, DES_BLOCK_BYTES, keyAbb, CVK_BYTES, DES_BLOCK_BYTES);
            String checkValue = KeyCheckValue.ofDoubleLengthDes(cvk);
            String singleACheckValue = softwareCheckValue(keyAbb);
            synchronized (lock) {
                // For a store other instances share (an HSM) the store decides, as for tenant keys.
                CardVerificationKeyPair existing = sharedStore()
                        ? findStoredCardVerificationKey(base) : state().cvks.get(base);
                if (existing != null) {
                    throw new CardVerificationKeyExistsException("tenant " + tenantId
                            + " has a card verification key \"" + keyName + "\" already in " + description()
                            + ": it is never replaced in place; destroy it first or choose another name");
                }
                deleteStoredCardVerificationKey(base); // half of one whose store was interrupted
                CardVerificationKeyPair stored = storeCardVerificationKey(base, keyAba, keyAbb);
                try {
                    if (!sameCheckValue(checkValue, checkValue(stored.ede))
                            || !sameCheckValue(singleACheckValue, checkValue(stored.singleA))) {
                        throw new VaultKeyException("the provider computes other key check values for card"
                                + " verification key \"" + keyName + "\" than the key given; it was not stored");
                    }
                } catch (GeneralSecurityException | VaultKeyException | RuntimeException e) {
                    try {
                        deleteStoredCardVerificationKey(base);
                    } catch (VaultKeyException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    if (e instanceof VaultKeyException known) {
                        throw known;
                    }
                    throw new VaultKeyException("could not use card verification key \"" + keyName
                            + "\" in " + description() + " after storing it; it was removed again", e);
                }
                var next = new HashMap<>(state().cvks);
                next.put(base, stored);
                keys = keys.withCvks(next);
                return checkValue;
            }
        } finally {
            Arrays.fill(keyAba, (byte) 0);
            Arrays.fill(keyAbb, (byte) 0);
        }
    }

    /** The tenant's CVK: from the snapshot, or else from the store (another instance made it). */
    private CardVerificationKeyPair cardVerificationKey(String base, String tenantId, String keyName)
            throws VaultKeyException {
        CardVerificationKeyPair pair = state().cvks.get(base);
        if (pair != null) {
            return pair;
        }
        synchronized (lock) {
            pair = state().cvks.get(base);
            if (pair == null) {
                pair = sharedStore() ? findStoredCardVerificationKey(base) : null;
                if (pair == null) {
                    throw new NoSuchCardVerificationKeyException("no card verification key \"" + keyName
                            + "\" for tenant " + tenantId + " in " + description() + ": it was never created or"
                            + " imported for this tenant, or it was destroyed");
                }
                var next = new HashMap<>(state().cvks);
                next.put(base, pair);
                keys = keys.withCvks(next);
            }
            return pair;
        }
    }

    private void forgetCardVerificationKey(String base) throws VaultKeyException {
        synchronized (lock) {
            Snapshot current = state();
            if (current.cvks.containsKey(base)) {
                var next = new HashMap<>(current.cvks);
                next.remove(base);
                keys = current.withCvks(next);
            }
        }
    }

    /** E_A(block1) XOR block2, then TDEA (A, B, A): the DES steps of the CVV algorithm. */
    private byte[] cvvChain(CardVerificationKeyPair cvk, byte[] block1, byte[] block2) throws GeneralSecurityException {
        Cipher des = desedeCipher();
        byte[] r = null;
        try {
            des.init(Cipher.ENCRYPT_MODE, cvk.singleA);
            r = des.doFinal(block1);
            for (int i = 0; i < DES_BLOCK_BYTES; i++) {
                r[i] ^= block2[i];
            }
            des.init(Cipher.ENCRYPT_MODE, cvk.ede);
            return des.doFinal(r);
        } finally {
            if (r != null) {
                Arrays.fill(r, (byte) 0);
            }
            releaseDesedeCipher(des);
        }
    }

    /** The KCV of a DESede key held by the provider (8 zero bytes encrypted). */
    private String checkValue(Key desede) throws GeneralSecurityException {
        Cipher des = desedeCipher();
        try {
            des.init(Cipher.ENCRYPT_MODE, desede);
            return KeyCheckValue.fromEncryptedZeroBlock(des.doFinal(new byte[DES_BLOCK_BYTES]));
        } finally {
            releaseDesedeCipher(des);
        }
    }

    /** The KCV of 24 DESede key bytes, computed by the JDK as the reference for the provider's. */
    private static String softwareCheckValue(byte[] desedeKey) {
        try {
            Cipher des = Cipher.getInstance(DESEDE_ECB);
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(desedeKey, "DESede"));
            return KeyCheckValue.fromEncryptedZeroBlock(des.doFinal(new byte[DES_BLOCK_BYTES]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DESede/ECB/NoPadding is not available", e);
        }
    }

    private static boolean sameCheckValue(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether key A equals key B, ignoring the parity bits (bit 0 of each byte), which DES ignores. */
    private static boolean halvesEqual(byte[] cvk) {
        int difference = 0;
        for (int i = 0; i < DES_BLOCK_BYTES; i++) {
            difference |= (cvk[i] ^ cvk[i + DES_BLOCK_BYTES]) & 0xFE;
        }
        return difference == 0;
    }

    /** Sets bit 0 of each byte so that it has an odd number of one bits, the DES convention. */
    private static void setOddParity(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            int high = key[i] & 0xFE;
            key[i] = (byte) (Integer.bitCount(high) % 2 == 0 ? high | 1 : high);
        }
    }

    private static void checkWrappedLength(byte[] wrapped) throws VaultKeyException {
        if (wrapped.length < IV_BYTES + TAG_BYTES) {
            throw new VaultKeyException("a wrapped key is at least " + (IV_BYTES + TAG_BYTES)
                    + " bytes (IV and tag), got " + wrapped.length);
        }
    }

    /** The tenant's key: from the snapshot, or else from the store (another instance made it). */
    private Key tenantKey(String tenantId) throws VaultKeyException {
        String alias = MasterKeyAlias.ofTenant(tenantId);
        Key key = state().tenants.get(tenantId);
        if (key != null) {
            return key;
        }
        synchronized (lock) {
            key = state().tenants.get(tenantId);
            if (key == null) {
                key = findStoredTenantKey(alias);
                if (key == null) {
                    throw new TenantKeyGoneException("no tenant key for tenant " + tenantId + " in " + description()
                            + ": it was destroyed (the tenant was shredded) or never created");
                }
                publishTenant(tenantId, key);
            }
            return key;
        }
    }

    private void forgetTenantKey(String tenantId) throws VaultKeyException {
        synchronized (lock) {
            Snapshot current = state();
            if (current.tenants.containsKey(tenantId)) {
                var next = new HashMap<>(current.tenants);
                next.remove(tenantId);
                keys = current.withTenants(next);
            }
        }
    }

    private TenantKeyGoneException tenantKeyGone(String tenantId, AEADBadTagException cause) {
        return new TenantKeyGoneException("the wrapped key does not authenticate under the tenant key of tenant "
                + tenantId + ": it was wrapped under a tenant key destroyed since, or its bytes or associated"
                + " data were changed", cause);
    }

    private void publishTenant(String tenantId, Key key) {
        Snapshot current = keys;
        var next = new HashMap<>(current.tenants);
        next.put(tenantId, key);
        keys = current.withTenants(next);
    }

    private MasterKeyEntry entry(int version) throws VaultKeyException {
        var current = snapshot();
        MasterKeyEntry entry = current.get(version);
        if (entry == null) {
            throw unknownVersion(version, current);
        }
        return entry;
    }

    private NavigableMap<Integer, MasterKeyEntry> snapshot() throws VaultKeyException {
        return state().masters;
    }

    private Snapshot state() throws VaultKeyException {
        var current = keys;
        if (current == null) {
            throw new VaultKeyException("master key provider " + description() + " is closed");
        }
        return current;
    }

    private int nextVersion() throws VaultKeyException {
        var current = snapshot();
        return current.isEmpty() ? 1 : Math.addExact(current.lastKey(), 1);
    }

    private void publish(int version, MasterKeyEntry entry) {
        Snapshot current = keys;
        var next = new TreeMap<>(current.masters);
        next.put(version, entry);
        keys = current.withMasters(next);
    }

    private VaultKeyException unknownVersion(int version, NavigableMap<Integer, MasterKeyEntry> current) {
        return new VaultKeyException("no master key version " + version + " in " + description()
                + " (versions held: " + current.keySet() + ")");
    }

    private static byte[] orEmpty(byte[] associatedData) {
        return associatedData == null ? NO_ASSOCIATED_DATA : associatedData;
    }
}
