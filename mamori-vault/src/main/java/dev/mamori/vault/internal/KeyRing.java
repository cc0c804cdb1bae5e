package dev.mamori.vault.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.DataStoreException;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.vault.CardUnrecoverableException;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.TenantKeyGoneException;
import dev.mamori.vault.keys.VaultKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key hierarchy below the master key: per tenant one key-encryption key (KEK) wrapped by the
 * master key provider, and the data and fingerprint keys wrapped by the KEK in memory.
 *
 * <p>A KEK is wrapped twice, both times inside the provider (see {@link #wrapKek}): first under
 * the tenant's own key in the provider, then under a master key version. Crypto-shredding
 * destroys the tenant key, so the KEK rows in any database backup can no longer be unwrapped; a
 * master rotation re-wraps only the outer layer and never touches the tenant key.
 *
 * <p>Unwrapped keys are cached per tenant for {@code cacheTtl}, so the HSM is asked once per
 * tenant and period, not per card. Other instances sharing the database see a rotation within
 * that time; the rotation job waits that long before it destroys a retired key.
 */
public final class KeyRing {
    private final VaultRepository repository;
    private final MasterKeyProvider master;
    private final Clock clock;
    private final long cacheTtlNanos;
    private final Map<UUID, TenantKeys> cache = new ConcurrentHashMap<>();
    /**
     * Bumped by every eviction. A reload caches what it read only if no eviction happened while it
     * was reading (an HSM round trip): otherwise keys read before a rotation or shredding committed
     * would sit in the cache for another full TTL.
     */
    private final Map<UUID, Long> generations = new ConcurrentHashMap<>();

    public KeyRing(VaultRepository repository, MasterKeyProvider master, Clock clock, Duration cacheTtl) {
        this.repository = repository;
        this.master = master;
        this.clock = clock;
        this.cacheTtlNanos = cacheTtl.toNanos();
    }

    public MasterKeyProvider master() {
        return master;
    }

    /** The tenant's keys, created at its first use. */
    public TenantKeys forTenant(TenantId tenant) {
        TenantKeys keys = cache.get(tenant.value());
        if (keys != null && System.nanoTime() - keys.loadedAtNanos() < cacheTtlNanos) {
            return keys;
        }
        return reload(tenant);
    }

    /** The data key of {@code version}; reloads once in case a rotation happened since the cache was filled. */
    public SecretKey dataKey(TenantId tenant, int version)  {
        SecretKey key = forTenant(tenant).dataKey(version);
        if (key == null) {
            key = reload(tenant).dataKey(version);
        }
        if (key == null) {
            throw new CardUnrecoverableException();
        }
        return key;
    }

    public TenantKeys reload(TenantId tenant) {
        long generation = generations.getOrDefault(tenant.value(), 0L);
        List<KeyRow> rows = repository.keysOf(tenant.value());
        if (rows.isEmpty()) {
            createKeys(tenant);
            rows = repository.keysOf(tenant.value());
        }
        TenantKeys keys = unwrap(tenant, rows);
        // compute() runs under the entry's lock, as does evict(): the check and the put are one step.
        cache.compute(tenant.value(), (id, cached) -> generations.getOrDefault(id, 0L) == generation ? keys : cached);
        return keys;
    }

    public void evict(TenantId tenant) {
        cache.compute(tenant.value(), (id, cached) -> {
            generations.merge(id, 1L, Long::sum);
            return null;
        });
    }

    private void createKeys(TenantId tenant) {
        byte[] kek = Aes256Gcm.newKeyMaterial();
        byte[] data = Aes256Gcm.newKeyMaterial();
        byte[] fingerprint = Aes256Gcm.newKeyMaterial();
        try {
            int masterVersion = master.currentVersion();
            master.createTenantKey(tenant.toString());
            // 1 for a new tenant; after a shredding, past every version the tenant ever had.
            int version = repository.firstVersionAfterShredding(tenant.value());
            SecretKey kekKey = Aes256Gcm.key(kek);
            KeyRow kekRow = new KeyRow(tenant.value(), KeyRow.KEK, version, wrapKek(master, masterVersion, tenant, version, kek),
                    masterVersion, KeyRow.ACTIVE, clock.instant());
            KeyRow dataRow = new KeyRow(tenant.value(), KeyRow.DATA, version,
                    Aes256Gcm.encrypt(kekKey, data, aad(tenant, KeyRow.DATA, version)), version, KeyRow.ACTIVE, clock.instant());
            KeyRow fpRow = new KeyRow(tenant.value(), KeyRow.FINGERPRINT, version,
                    Aes256Gcm.encrypt(kekKey, fingerprint, aad(tenant, KeyRow.FINGERPRINT, version)), version, KeyRow.ACTIVE, clock.instant());
            repository.jdbc().inTransaction(c -> {
                VaultRepository.insertKey(c, kekRow);
                VaultRepository.insertKey(c, dataRow);
                VaultRepository.insertKey(c, fpRow);
                return null;
            });
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        } catch (DataStoreException e) {
            // Another request created the tenant's keys at the same moment: use theirs.
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        } finally {
            Aes256Gcm.wipe(kek);
            Aes256Gcm.wipe(data);
            Aes256Gcm.wipe(fingerprint);
        }
    }

    private TenantKeys unwrap(TenantId tenant, List<KeyRow> rows) {
        KeyRow kekRow = null;
        for (KeyRow row : rows) {
            if (row.purpose().equals(KeyRow.KEK) && (kekRow == null || row.version() > kekRow.version())) {
                kekRow = row;
            }
        }
        if (kekRow == null) {
            throw new IllegalStateException("tenant has data keys but no key-encryption key");
        }
        Map<Integer, SecretKey> kekByVersion = new HashMap<>();
        try {
            for (KeyRow row : rows) {
                if (row.purpose().equals(KeyRow.KEK)) {
                    byte[] material = unwrapKek(master, tenant, row);
                    kekByVersion.put(row.version(), Aes256Gcm.key(material));
                    Aes256Gcm.wipe(material);
                }
            }
            Map<Integer, SecretKey> dataKeys = new HashMap<>();
            SecretKey fingerprintKey = null;
            int activeData = -1;
            for (KeyRow row : rows) {
                if (row.purpose().equals(KeyRow.KEK)) {
                    continue;
                }
                SecretKey kek = kekByVersion.get(row.wrappedBy());
                if (kek == null) {
                    throw new IllegalStateException("tenant key wrapped by a missing key-encryption key version");
                }
                byte[] material = Aes256Gcm.decrypt(kek, row.wrappedKey(), aad(tenant, row.purpose(), row.version()));
                if (row.purpose().equals(KeyRow.DATA)) {
                    dataKeys.put(row.version(), Aes256Gcm.key(material));
                    if (row.state().equals(KeyRow.ACTIVE) && row.version() > activeData) {
                        activeData = row.version();
                    }
                } else if (row.purpose().equals(KeyRow.FINGERPRINT)) {
                    fingerprintKey = new SecretKeySpec(material, "HmacSHA256");
                }
                Aes256Gcm.wipe(material);
            }
            if (activeData < 0 || fingerprintKey == null) {
                throw new IllegalStateException("tenant keys incomplete: no active data key or no fingerprint key");
            }
            return new TenantKeys(kekRow.version(), kekByVersion.get(kekRow.version()), activeData, dataKeys, fingerprintKey, System.nanoTime());
        } catch (TenantKeyGoneException e) {
            // The outer layer authenticated under the master key, so the row is as the vault wrote
            // it: the tenant key under it was destroyed. Rows of a shredded tenant, restored from a
            // database backup.
            throw new CardUnrecoverableException();
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a tenant key failed authentication: the key table was changed", e);
        }
    }

    /**
     * Wraps a KEK for its row: {@code master.wrap(masterVersion, master.wrapForTenant(tenant, kek))}.
     * The inner layer is under the tenant's key in the provider, the outer one under a master
     * version; both bound to the row by {@link #aad}. The tenant key must exist
     * ({@link MasterKeyProvider#createTenantKey}).
     *
     * <p>Every KEK row is wrapped this way. Before, a KEK was wrapped under the master key only;
     * no release ever wrote such rows, so there is no migration: such a row (a development
     * database) would fail in {@link #unwrapKek} as if its tenant had been shredded.
     */
    public static byte[] wrapKek(MasterKeyProvider master, int masterVersion, TenantId tenant, int kekVersion, byte[] kek)
            throws VaultKeyException {
        byte[] aad = aad(tenant, KeyRow.KEK, kekVersion);
        byte[] inner = master.wrapForTenant(tenant.toString(), kek, aad);
        try {
            return master.wrap(masterVersion, inner, aad);
        } finally {
            Aes256Gcm.wipe(inner);
        }
    }

    /**
     * Reverses {@link #wrapKek} for a KEK row. The caller wipes the result.
     *
     * @throws TenantKeyGoneException when the tenant key was destroyed (the tenant was shredded)
     */
    public static byte[] unwrapKek(MasterKeyProvider master, TenantId tenant, KeyRow kekRow) throws VaultKeyException {
        byte[] aad = aad(tenant, KeyRow.KEK, kekRow.version());
        byte[] inner = master.unwrap(kekRow.wrappedBy(), kekRow.wrappedKey(), aad);
        try {
            return master.unwrapForTenant(tenant.toString(), inner, aad);
        } finally {
            Aes256Gcm.wipe(inner);
        }
    }

    /** Binds a wrapped key to its tenant, purpose and version: a wrapped key copied to another row fails. */
    public static byte[] aad(TenantId tenant, String purpose, int version) {
        return ("mamori/vault/" + purpose + "/" + tenant + "/" + version).getBytes(StandardCharsets.US_ASCII);
    }
}
