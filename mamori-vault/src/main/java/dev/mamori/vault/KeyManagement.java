package dev.mamori.vault;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.DataStoreException;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.vault.internal.Aes256Gcm;
import dev.mamori.vault.internal.CardRow;
import dev.mamori.vault.internal.KeyRing;
import dev.mamori.vault.internal.KeyRow;
import dev.mamori.vault.internal.RotationRow;
import dev.mamori.vault.internal.TenantKeys;
import dev.mamori.vault.internal.VaultRepository;
import dev.mamori.vault.keys.MasterKeyInfo;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.VaultKeyException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * Rotation, ceremonies and crypto-shredding of the vault's keys.
 *
 * <p>Two rotations run online, worked through in batches by {@link #runRotations} (the server
 * calls it every few seconds) while tokenize and detokenize go on:
 * <ul>
 *   <li><b>tenant</b>: the tenant gets a new KEK (its other keys are re-wrapped at once) and a new
 *   data key that encrypts every new card; the job re-encrypts the cards still under older data
 *   keys, then destroys those keys;</li>
 *   <li><b>master</b>: a new master key version (generated in the provider, or assembled by a key
 *   ceremony); the job re-wraps every tenant's KEK under it. The old master version stays in the
 *   provider until an operator destroys it.</li>
 * </ul>
 */
public final class KeyManagement {
    public static final String TENANT = "tenant";
    public static final String MASTER = "master";
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    /** Superseded by a newer rotation of the same tenant, or the tenant was shredded. */
    public static final String CANCELLED = "cancelled";

    private final VaultRepository repository;
    private final KeyRing keyRing;
    private final Clock clock;
    private final Duration keyCacheTtl;
    private final SecurityCodeStore securityCodes;
    private final Map<UUID, KeyCeremony> ceremonies = new ConcurrentHashMap<>();

    KeyManagement(VaultRepository repository, KeyRing keyRing, Clock clock, Duration keyCacheTtl, SecurityCodeStore securityCodes) {
        this.repository = repository;
        this.keyRing = keyRing;
        this.clock = clock;
        this.keyCacheTtl = keyCacheTtl;
        this.securityCodes = securityCodes;
    }

    /** A rotation and how far it got. */
    public record Rotation(UUID id, String kind, TenantId tenant, int fromVersion, int toVersion, String state, long total,
                           long done, String startedBy, Instant startedAt, Instant finishedAt) {
        static Rotation of(RotationRow r) {
            return new Rotation(r.id(), r.kind(), r.tenantId() == null ? null : new TenantId(r.tenantId()), r.fromVersion(),
                    r.toVersion(), r.state(), r.total(), r.done(), r.startedBy(), r.startedAt(), r.finishedAt());
        }
    }

    /** One tenant's keys, without key material. */
    public record TenantKeyStatus(TenantId tenant, int kekVersion, int kekWrappedByMaster, int activeDataKeyVersion,
                                  List<Integer> retiringDataKeyVersions) {}

    public record Status(String providerId, String providerDescription, List<MasterKeyInfo> masterKeys, int currentMasterVersion,
                         List<TenantKeyStatus> tenants, List<Rotation> rotations) {}

    /** Makes sure the provider holds a master key; the first start of an instance generates one. */
    public MasterKeyInfo ensureMasterKey() {
        try {
            MasterKeyProvider master = keyRing.master();
            List<MasterKeyInfo> versions = master.versions();
            return versions.isEmpty() ? master.generate() : versions.get(versions.size() - 1);
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    public Status status() {
        MasterKeyProvider master = keyRing.master();
        try {
            Map<UUID, List<KeyRow>> byTenant = new LinkedHashMap<>();
            for (KeyRow row : repository.allKeys(KeyRow.KEK)) {
                byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(row);
            }
            for (KeyRow row : repository.allKeys(KeyRow.DATA)) {
                byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(row);
            }
            List<TenantKeyStatus> tenants = new ArrayList<>();
            byTenant.forEach((tenant, rows) -> {
                int kek = 0, kekMaster = 0, active = 0;
                List<Integer> retiring = new ArrayList<>();
                for (KeyRow row : rows) {
                    if (row.purpose().equals(KeyRow.KEK) && row.version() > kek) {
                        kek = row.version();
                        kekMaster = row.wrappedBy();
                    } else if (row.purpose().equals(KeyRow.DATA)) {
                        if (row.state().equals(KeyRow.ACTIVE)) {
                            active = Math.max(active, row.version());
                        } else {
                            retiring.add(row.version());
                        }
                    }
                }
                tenants.add(new TenantKeyStatus(new TenantId(tenant), kek, kekMaster, active, retiring));
            });
            return new Status(master.id(), master.description(), master.versions(), master.currentVersion(), tenants,
                    repository.rotations(null, 20).stream().map(Rotation::of).toList());
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    public Optional<Rotation> rotation(UUID id) {
        return repository.rotation(id).map(Rotation::of);
    }

    /**
     * Starts a tenant key rotation: a new KEK and a new data key at once, re-encryption of the
     * tenant's cards in the background.
     */
    public Rotation rotateTenantKeys(TenantId tenant, String actor) {
        TenantKeys current = keyRing.reload(tenant);
        int newKek = current.kekVersion() + 1;
        int oldData = current.activeDataVersion();
        int newData = maxDataVersion(tenant) + 1;
        byte[] kekMaterial = Aes256Gcm.newKeyMaterial();
        byte[] dataMaterial = Aes256Gcm.newKeyMaterial();
        try {
            MasterKeyProvider master = keyRing.master();
            int masterVersion = master.currentVersion();
            SecretKey kek = Aes256Gcm.key(kekMaterial);
            // Under the tenant key in the provider, then under the current master version.
            byte[] wrappedKek = KeyRing.wrapKek(master, masterVersion, tenant, newKek, kekMaterial);
            Instant now = clock.instant();
            // Re-wrap every data and fingerprint key under the new KEK (computed first, written in one transaction).
            List<KeyRow> rows = repository.keysOf(tenant.value());
            List<KeyRow> rewrapped = new ArrayList<>();
            for (KeyRow row : rows) {
                if (row.purpose().equals(KeyRow.KEK)) {
                    continue;
                }
                byte[] material = Aes256Gcm.decrypt(unwrapKek(tenant, row.wrappedBy()), row.wrappedKey(),
                        KeyRing.aad(tenant, row.purpose(), row.version()));
                String state = row.purpose().equals(KeyRow.DATA) ? KeyRow.RETIRING : row.state();
                rewrapped.add(new KeyRow(tenant.value(), row.purpose(), row.version(),
                        Aes256Gcm.encrypt(kek, material, KeyRing.aad(tenant, row.purpose(), row.version())), newKek, state, row.createdAt()));
                Aes256Gcm.wipe(material);
            }
            byte[] wrappedData = Aes256Gcm.encrypt(kek, dataMaterial, KeyRing.aad(tenant, KeyRow.DATA, newData));
            try {
                writeRotatedKeys(tenant, rows, rewrapped, newKek, wrappedKek, masterVersion, newData, wrappedData, now);
            } catch (DataStoreException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new KeyStateException("rotation-in-progress", "another rotation of this tenant's keys is starting; try again");
                }
                throw e;
            }
            keyRing.evict(tenant);
            cancelRunningTenantRotations(tenant);
            RotationRow rotation = new RotationRow(UUID.randomUUID(), TENANT, tenant.value(), oldData, newData, RUNNING,
                    repository.countCardsBelowKeyVersion(tenant.value(), newData), 0, actor, now, null);
            repository.insertRotation(rotation);
            return Rotation.of(rotation);
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a tenant key failed authentication: the key table was changed", e);
        } finally {
            Aes256Gcm.wipe(kekMaterial);
            Aes256Gcm.wipe(dataMaterial);
        }
    }

    /** The new KEK, the re-wrapped keys, the new data key, the old KEK gone: all or nothing. */
    private void writeRotatedKeys(TenantId tenant, List<KeyRow> rows, List<KeyRow> rewrapped, int newKek, byte[] wrappedKek,
                                  int masterVersion, int newData, byte[] wrappedData, Instant now) {
        repository.jdbc().inTransaction(c -> {
            VaultRepository.insertKey(c, new KeyRow(tenant.value(), KeyRow.KEK, newKek, wrappedKek, masterVersion, KeyRow.ACTIVE, now));
            for (KeyRow row : rewrapped) {
                VaultRepository.rewrapKey(c, tenant.value(), row.purpose(), row.version(), row.wrappedKey(), newKek);
                VaultRepository.setKeyState(c, tenant.value(), row.purpose(), row.version(), row.state());
            }
            VaultRepository.insertKey(c, new KeyRow(tenant.value(), KeyRow.DATA, newData, wrappedData, newKek, KeyRow.ACTIVE, now));
            for (KeyRow row : rows) {
                if (row.purpose().equals(KeyRow.KEK)) {
                    VaultRepository.deleteKey(c, tenant.value(), KeyRow.KEK, row.version());
                }
            }
            return null;
        });
    }

    /** Generates a new master key version in the provider and starts re-wrapping every KEK under it. */
    public Rotation rotateMasterKey(String actor) {
        try {
            MasterKeyProvider master = keyRing.master();
            int from = master.currentVersion();
            MasterKeyInfo created = master.generate();
            return startMasterRewrap(from, created.version(), actor);
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    private Rotation startMasterRewrap(int from, int to, String actor) {
        // Only the newest master version is a target: an older running rotation would move the
        // KEKs back under its own, older version.
        for (RotationRow running : repository.rotations(RUNNING, 100)) {
            if (running.kind().equals(MASTER)) {
                repository.updateRotation(running.id(), CANCELLED, running.total(), running.done(), clock.instant());
            }
        }
        long total = repository.allKeys(KeyRow.KEK).stream().filter(k -> k.wrappedBy() != to).count();
        RotationRow rotation = new RotationRow(UUID.randomUUID(), MASTER, null, from, to, RUNNING, total, 0, actor, clock.instant(), null);
        repository.insertRotation(rotation);
        return Rotation.of(rotation);
    }

    /**
     * Destroys a master key version in the provider; refused while any KEK is still wrapped by it
     * or while it is current.
     */
    public void destroyMasterKey(int version) {
        boolean inUse = repository.allKeys(KeyRow.KEK).stream().anyMatch(k -> k.wrappedBy() == version)
                || repository.rotations(RUNNING, 100).stream().anyMatch(r -> r.kind().equals(MASTER) && r.toVersion() == version);
        if (inUse) {
            throw new KeyStateException("master-key-in-use", "master key version " + version
                    + " still wraps tenant keys; wait until its rotation has finished");
        }
        try {
            keyRing.master().destroy(version);
        } catch (VaultKeyException e) {
            throw new KeyStateException("master-key", e.getMessage());
        }
    }

    /**
     * Works through one batch of every running rotation. Safe to run on several instances at once:
     * each row is updated only if it is still as it was read.
     *
     * @return how many cards or keys were moved
     */
    public int runRotations(int batchSize) {
        int moved = 0;
        for (RotationRow rotation : repository.rotations(RUNNING, 100)) {
            moved += rotation.kind().equals(MASTER) ? stepMaster(rotation, batchSize) : stepTenant(rotation, batchSize);
        }
        return moved;
    }

    private int stepTenant(RotationRow rotation, int batchSize) {
        TenantId tenant = new TenantId(rotation.tenantId());
        List<CardRow> batch = repository.cardsBelowKeyVersion(tenant.value(), rotation.toVersion(), batchSize);
        int moved = 0;
        if (!batch.isEmpty()) {
            TenantKeys keys = keyRing.forTenant(tenant);
            SecretKey target = keys.dataKey(rotation.toVersion());
            if (target == null) {
                keys = keyRing.reload(tenant);
                target = keys.dataKey(rotation.toVersion());
            }
            if (target == null) {
                // The target key is gone (the tenant was shredded): nothing left to move.
                repository.updateRotation(rotation.id(), CANCELLED, rotation.total(), rotation.done(), clock.instant());
                return 0;
            }
            for (CardRow row : batch) {
                byte[] aad = Vault.cardAad(tenant, row.token());
                byte[] plaintext;
                try {
                    plaintext = Aes256Gcm.decrypt(keyRing.dataKey(tenant, row.dataKeyVersion()), row.ciphertext(), aad);
                } catch (GeneralSecurityException | CardUnrecoverableException e) {
                    continue; // left for an operator: an altered row must not stop the rotation of the others
                }
                try {
                    if (repository.reencrypt(tenant.value(), row.token(), row.dataKeyVersion(),
                            Aes256Gcm.encrypt(target, plaintext, aad), rotation.toVersion())) {
                        moved++;
                    }
                } finally {
                    Aes256Gcm.wipe(plaintext);
                }
            }
        }
        long remaining = repository.countCardsBelowKeyVersion(tenant.value(), rotation.toVersion());
        long done = rotation.done() + moved;
        // Retired keys are destroyed only once every instance's key cache has seen the new data key
        // (twice the cache TTL after the start, which is a little before the commit), so no card can
        // still be on its way in under an old one; insertCard refuses a retired key besides.
        boolean settled = !clock.instant().isBefore(rotation.startedAt().plus(keyCacheTtl.multipliedBy(2)));
        if (remaining == 0 && settled && moved == 0) {
            // Finish first, and only if the rotation is still running: a rotation cancelled meanwhile
            // (superseded, or the tenant shredded) must not delete the keys of what replaced it.
            if (!repository.updateRotation(rotation.id(), FINISHED, done, done, clock.instant())) {
                return moved;
            }
            List<KeyRow> retired = repository.keysOf(tenant.value()).stream()
                    .filter(k -> k.purpose().equals(KeyRow.DATA) && k.version() < rotation.toVersion()).toList();
            repository.jdbc().inTransaction(c -> {
                for (KeyRow row : retired) {
                    VaultRepository.deleteKey(c, tenant.value(), KeyRow.DATA, row.version());
                }
                return null;
            });
            keyRing.evict(tenant);
        } else {
            repository.updateRotation(rotation.id(), RUNNING, done + remaining, done, null);
        }
        return moved;
    }

    private int stepMaster(RotationRow rotation, int batchSize) {
        // An older rotation was cancelled when this one started (startMasterRewrap), so KEKs only
        // move forward. An instance whose provider does not know the target version yet cannot
        // wrap under it and leaves the work to the others. Only the outer layer of a KEK row moves:
        // what the old master version unwraps is the KEK still wrapped under the tenant key
        // (KeyRing.wrapKek), which is re-wrapped as it is; the tenant key is not used.
        MasterKeyProvider master = keyRing.master();
        int moved = 0;
        List<KeyRow> pending = repository.allKeys(KeyRow.KEK).stream().filter(k -> k.wrappedBy() != rotation.toVersion())
                .limit(batchSize).toList();
        for (KeyRow row : pending) {
            TenantId tenant = new TenantId(row.tenantId());
            byte[] aad = KeyRing.aad(tenant, KeyRow.KEK, row.version());
            byte[] underTenantKey = null;
            try {
                underTenantKey = master.unwrap(row.wrappedBy(), row.wrappedKey(), aad);
                byte[] wrapped = master.wrap(rotation.toVersion(), underTenantKey, aad);
                int from = row.wrappedBy();
                moved += repository.jdbc().update("update vault.tenant_keys set wrapped_key = ?, wrapped_by = ? "
                        + "where tenant_id = ? and purpose = 'kek' and version = ? and wrapped_by = ?", ps -> {
                            ps.setBytes(1, wrapped);
                            ps.setInt(2, rotation.toVersion());
                            ps.setObject(3, row.tenantId());
                            ps.setInt(4, row.version());
                            ps.setInt(5, from);
                        });
            } catch (VaultKeyException e) {
                continue; // this KEK stays under its old master key; the rotation does not finish until it moves
            } finally {
                Aes256Gcm.wipe(underTenantKey);
            }
        }
        long remaining = repository.allKeys(KeyRow.KEK).stream().filter(k -> k.wrappedBy() != rotation.toVersion()).count();
        long done = rotation.done() + moved;
        if (remaining == 0) {
            repository.updateRotation(rotation.id(), FINISHED, done, done, clock.instant());
        } else {
            repository.updateRotation(rotation.id(), RUNNING, done + remaining, done, null);
        }
        return moved;
    }

    /**
     * Crypto-shredding: deletes the tenant's key rows and cards, and destroys the tenant key in the
     * master key provider. Copies of the ciphertext in backups or replicas become unreadable, even
     * with the key rows beside them (a database backup): the KEK rows are wrapped under the tenant
     * key too, and it no longer exists. Such a restored row answers {@link CardUnrecoverableException};
     * shredding the tenant again removes restored rows.
     *
     * <p>The tenant key is destroyed inside the transaction that deletes the rows, after the
     * deletes: if destroying fails, the rows stay and the call fails (try again); if the commit
     * fails after it, the cards are unrecoverable already and shredding again removes the rows.
     * Never the other way round, rows gone and the tenant key kept without anyone noticing.
     *
     * @return how many cards were deleted
     */
    public long shredTenant(TenantId tenant) {
        long cards = repository.jdbc().inTransaction(c -> {
            VaultRepository.recordShredding(c, tenant.value(), clock.instant());
            VaultRepository.deleteAllKeys(c, tenant.value());
            long deleted = VaultRepository.deleteAllCards(c, tenant.value());
            try {
                keyRing.master().destroyTenantKey(tenant.toString());
            } catch (VaultKeyException e) {
                throw new KeyUnavailableException(e);
            }
            return deleted;
        });
        keyRing.evict(tenant);
        securityCodes.discardTenant(tenant);
        cancelRunningTenantRotations(tenant);
        return cards;
    }

    /**
     * Drops this instance's cached keys of the tenant. Rotation and shredding do it themselves, but
     * when they run inside a caller's transaction a request may reload the old rows before that
     * commits: the caller calls this again after the commit.
     */
    public void forgetCachedKeys(TenantId tenant) {
        keyRing.evict(tenant);
    }

    // --- key ceremony ------------------------------------------------------------------------

    /** Opens a ceremony that assembles a new master key from {@code components} custodians' components. */
    public KeyCeremony.View startCeremony(int components, String startedBy, Duration timeout) {
        ceremonies.values().removeIf(KeyCeremony::isClosed);
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), components, startedBy, clock, timeout);
        ceremonies.put(ceremony.id(), ceremony);
        return ceremony.view();
    }

    public Optional<KeyCeremony.View> ceremony(UUID id) {
        return Optional.ofNullable(ceremonies.get(id)).map(KeyCeremony::view);
    }

    /**
     * A custodian's component (32 bytes) with its check value. The last component completes the
     * ceremony: the XOR of all components is imported into the master key provider as the new
     * current version and a master rotation starts re-wrapping the tenants' KEKs.
     *
     * @throws KeyStateException naming the rule broken (unknown ceremony, same custodian twice, wrong check value...)
     */
    public KeyCeremony.View submitComponent(UUID id, String custodian, byte[] component, String checkValue) {
        KeyCeremony ceremony = ceremonies.get(id);
        if (ceremony == null) {
            Aes256Gcm.wipe(component);
            throw new KeyStateException("ceremony-unknown", "no open key ceremony with this id");
        }
        return ceremony.submit(custodian, component, checkValue, key -> {
            try {
                MasterKeyProvider master = keyRing.master();
                int from = master.currentVersion();
                MasterKeyInfo imported = master.importKey(key);
                Rotation rotation = startMasterRewrap(from, imported.version(), "key ceremony " + id);
                return new KeyCeremony.Result(imported, rotation.id());
            } catch (VaultKeyException e) {
                throw new KeyUnavailableException(e);
            }
        });
    }

    private void cancelRunningTenantRotations(TenantId tenant) {
        for (RotationRow running : repository.rotations(RUNNING, 100)) {
            if (tenant.value().equals(running.tenantId())) {
                repository.updateRotation(running.id(), CANCELLED, running.total(), running.done(), clock.instant());
            }
        }
    }

    private int maxDataVersion(TenantId tenant) {
        return repository.keysOf(tenant.value()).stream().filter(k -> k.purpose().equals(KeyRow.DATA))
                .mapToInt(KeyRow::version).max().orElse(0);
    }

    private SecretKey unwrapKek(TenantId tenant, int kekVersion) throws VaultKeyException {
        for (KeyRow row : repository.keysOf(tenant.value())) {
            if (row.purpose().equals(KeyRow.KEK) && row.version() == kekVersion) {
                byte[] material = KeyRing.unwrapKek(keyRing.master(), tenant, row);
                try {
                    return Aes256Gcm.key(material.clone());
                } finally {
                    Aes256Gcm.wipe(material);
                }
            }
        }
        throw new IllegalStateException("tenant key wrapped by a missing key-encryption key version");
    }
}
