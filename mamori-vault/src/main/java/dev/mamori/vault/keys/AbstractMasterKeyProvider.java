package dev.mamori.vault.keys;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * What both providers share: the versions, the rules (current = highest, the current version
 * cannot be destroyed), the tenant keys and AES-256-GCM wrapping. Subclasses only store, find and
 * delete keys.
 *
 * <p>Concurrency: {@link #wrap}, {@link #unwrap}, {@link #wrapForTenant} and
 * {@link #unwrapForTenant} take no lock. They read an immutable snapshot of the loaded keys through
 * one volatile field and create a {@link Cipher} per call (a Cipher is not thread-safe, and
 * creating one is cheap next to the HSM or GCM work). Changes (generate, import, destroy, create
 * or destroy a tenant key) are serialized on {@link #lock}, write the store first and publish a new
 * snapshot only once the store holds the change. The one exception: a tenant key missing from the
 * snapshot is looked up in the store under the lock, since another instance sharing the store (an
 * HSM) may have created it since this one was opened.
 */
abstract class AbstractMasterKeyProvider implements MasterKeyProvider {

    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int TAG_BYTES = TAG_BITS / 8;
    static final int AES_256_KEY_BYTES = 32;
    static final String GCM = "AES/GCM/NoPadding";

    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    // Thread-safe; random 96-bit IVs are fine for the 2^32 wraps per key NIST SP 800-38D allows,
    // far more than a master key ever wraps (tenant keys, not records).
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Serializes changes to the store; never taken by wrap or unwrap. */
    protected final Object lock = new Object();

    /** The master versions and the tenant keys (by tenant id), published together; immutable. */
    private record Snapshot(NavigableMap<Integer, MasterKeyEntry> masters, Map<String, Key> tenants) {
        Snapshot withMasters(NavigableMap<Integer, MasterKeyEntry> next) {
            return new Snapshot(Collections.unmodifiableNavigableMap(next), tenants);
        }

        Snapshot withTenants(Map<String, Key> next) {
            return new Snapshot(masters, Collections.unmodifiableMap(next));
        }
    }

    /** Null once closed. */
    private volatile Snapshot keys;

    /**
     * Publishes the keys found when the store was opened: master keys, and tenant keys by tenant
     * id (see {@link MasterKeyAlias#tenantOf}).
     */
    protected final void loaded(List<MasterKeyEntry> found, Map<String, Key> tenantKeys) {
        var map = new TreeMap<Integer, MasterKeyEntry>();
        for (MasterKeyEntry entry : found) {
            map.put(entry.info.version(), entry);
        }
        keys = new Snapshot(Collections.unmodifiableNavigableMap(map), Map.copyOf(tenantKeys));
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
