package dev.mamori.vault.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MasterKeyProvider} promises, run against each implementation by a subclass
 * that says how to open an empty store and how to open the same store again.
 */
abstract class MasterKeyProviderContract {

    /** FIPS-197 C.3's key; AES-256 of the zero block under it starts f29000 (checked with OpenSSL). */
    static final byte[] KNOWN_KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    static final String KNOWN_KEY_CHECK_VALUE = "F29000";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "tenant:7f3a;kek:2".getBytes(UTF_8);

    protected MasterKeyProvider provider;

    /** A provider on a store that holds no master key. */
    protected abstract MasterKeyProvider openEmpty() throws Exception;

    /** A new provider instance on the same store as the last one; that one is closed already. */
    protected abstract MasterKeyProvider openAgain() throws Exception;

    @BeforeEach
    void openProvider() throws Exception {
        provider = openEmpty();
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    /** Closes the provider and opens a new instance on the same store. */
    protected final MasterKeyProvider reopen() throws Exception {
        provider.close();
        provider = openAgain();
        return provider;
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    @Test
    void anEmptyProviderHasNoVersionsAndNoCurrentVersion() throws Exception {
        assertThat(provider.versions()).isEmpty();
        assertThatThrownBy(provider::currentVersion)
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("no master key yet");
    }

    @Test
    void generateCreatesVersionOneWhichBecomesCurrent() throws Exception {
        MasterKeyInfo info = provider.generate();

        assertThat(info.version()).isEqualTo(1);
        assertThat(info.checkValue()).matches("[0-9A-F]{6}");
        assertThat(provider.currentVersion()).isEqualTo(1);
        assertThat(provider.versions()).containsExactly(info);
    }

    @Test
    void eachGenerateAddsTheNextVersionAndVersionsAreListedLowestFirst() throws Exception {
        MasterKeyInfo first = provider.generate();
        MasterKeyInfo second = provider.generate();
        MasterKeyInfo third = provider.generate();

        assertThat(provider.versions()).containsExactly(first, second, third);
        assertThat(provider.versions()).extracting(MasterKeyInfo::version).containsExactly(1, 2, 3);
        assertThat(provider.currentVersion()).isEqualTo(3);
        assertThat(List.of(first.checkValue(), second.checkValue(), third.checkValue()))
                .as("independent random keys").doesNotHaveDuplicates();
    }

    @Test
    void unwrapGivesBackTheWrappedKey() throws Exception {
        int version = provider.generate().version();
        byte[] dataKey = randomKey();

        byte[] wrapped = provider.wrap(version, dataKey, AAD);

        assertThat(wrapped).hasSize(12 + dataKey.length + 16);
        assertThat(provider.unwrap(version, wrapped, AAD)).isEqualTo(dataKey);
    }

    @Test
    void wrapWithoutAssociatedDataUnwrapsWithEmptyAssociatedData() throws Exception {
        int version = provider.generate().version();
        byte[] dataKey = randomKey();

        byte[] wrapped = provider.wrap(version, dataKey, null);

        assertThat(provider.unwrap(version, wrapped, new byte[0])).isEqualTo(dataKey);
        assertThatThrownBy(() -> provider.unwrap(version, wrapped, AAD)).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void twoWrapsOfTheSameKeyDifferBecauseEachHasAFreshIv() throws Exception {
        int version = provider.generate().version();
        byte[] dataKey = randomKey();

        byte[] one = provider.wrap(version, dataKey, AAD);
        byte[] two = provider.wrap(version, dataKey, AAD);

        assertThat(Arrays.copyOf(one, 12)).isNotEqualTo(Arrays.copyOf(two, 12));
        assertThat(one).isNotEqualTo(two);
        assertThat(provider.unwrap(version, one, AAD)).isEqualTo(provider.unwrap(version, two, AAD));
    }

    @Test
    void unwrapRejectsAChangedCiphertextByte() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);
        wrapped[12 + 5] ^= 0x01;

        assertThatThrownBy(() -> provider.unwrap(version, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate under master key version " + version);
    }

    @Test
    void unwrapRejectsAChangedTagByte() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);
        wrapped[wrapped.length - 1] ^= (byte) 0x80;

        assertThatThrownBy(() -> provider.unwrap(version, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void unwrapRejectsAChangedIv() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);
        wrapped[0] ^= 0x01;

        assertThatThrownBy(() -> provider.unwrap(version, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void unwrapRejectsChangedAssociatedData() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);
        byte[] otherTenant = "tenant:7f3b;kek:2".getBytes(UTF_8);

        assertThatThrownBy(() -> provider.unwrap(version, wrapped, otherTenant))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> provider.unwrap(version, wrapped, null))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void unwrapRejectsAnotherVersionsKey() throws Exception {
        int first = provider.generate().version();
        int second = provider.generate().version();
        byte[] wrapped = provider.wrap(first, randomKey(), AAD);

        assertThatThrownBy(() -> provider.unwrap(second, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("does not authenticate under master key version " + second);
    }

    @Test
    void wrapAndUnwrapRejectAVersionTheProviderDoesNotHold() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);

        assertThatThrownBy(() -> provider.unwrap(9, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("no master key version 9")
                .hasMessageContaining("versions held: [1]");
        assertThatThrownBy(() -> provider.wrap(0, randomKey(), AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("no master key version 0");
    }

    @Test
    void unwrapRejectsBytesTooShortToHoldAnIvAndATag() throws Exception {
        int version = provider.generate().version();

        assertThatThrownBy(() -> provider.unwrap(version, new byte[27], AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("a wrapped key is at least 28 bytes (IV and tag), got 27");
    }

    @Test
    void wrapRejectsAnEmptyKey() throws Exception {
        int version = provider.generate().version();

        assertThatThrownBy(() -> provider.wrap(version, new byte[0], AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("the key to wrap is empty");
    }

    @Test
    void aFailedUnwrapLeavesTheProviderUsable() throws Exception {
        int version = provider.generate().version();
        byte[] dataKey = randomKey();
        byte[] wrapped = provider.wrap(version, dataKey, AAD);
        byte[] tampered = wrapped.clone();
        tampered[20] ^= 0x04;

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> provider.unwrap(version, tampered, AAD)).isInstanceOf(VaultKeyException.class);
            assertThat(provider.unwrap(version, wrapped, AAD)).isEqualTo(dataKey);
        }
    }

    @Test
    void importReportsTheCheckValueOfTheGivenKey() throws Exception {
        byte[] material = randomKey();

        MasterKeyInfo info = provider.importKey(material.clone());

        assertThat(info.checkValue()).isEqualTo(KeyCheckValue.of(material));
        assertThat(provider.importKey(KNOWN_KEY.clone()).checkValue()).isEqualTo(KNOWN_KEY_CHECK_VALUE);
        assertThat(provider.versions()).extracting(MasterKeyInfo::version).containsExactly(1, 2);
    }

    @Test
    void anImportedKeyUnwrapsWhatItWrapped() throws Exception {
        int version = provider.importKey(randomKey()).version();
        byte[] dataKey = randomKey();

        assertThat(provider.unwrap(version, provider.wrap(version, dataKey, AAD), AAD)).isEqualTo(dataKey);
    }

    @Test
    void wrappedBytesAreIvCiphertextAndTagOfStandardAesGcmUnderTheImportedKey() throws Exception {
        int version = provider.importKey(KNOWN_KEY.clone()).version();
        byte[] dataKey = randomKey();

        byte[] wrapped = provider.wrap(version, dataKey, AAD);

        // Decrypt with the plain JDK: proves the layout and that the key used is the one imported.
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KNOWN_KEY, "AES"), new GCMParameterSpec(128, wrapped, 0, 12));
        gcm.updateAAD(AAD);
        assertThat(gcm.doFinal(wrapped, 12, wrapped.length - 12)).isEqualTo(dataKey);
    }

    @Test
    void importRejectsKeysThatAreNot32BytesLong() {
        assertThatThrownBy(() -> provider.importKey(new byte[16]))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("an imported master key must be 32 bytes (AES-256), got 16 bytes");
        assertThatThrownBy(() -> provider.importKey(null)).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void olderVersionsStillUnwrapAfterANewOneIsGenerated() throws Exception {
        int old = provider.generate().version();
        byte[] dataKey = randomKey();
        byte[] wrapped = provider.wrap(old, dataKey, AAD);

        int current = provider.generate().version();

        assertThat(current).isEqualTo(old + 1);
        assertThat(provider.currentVersion()).isEqualTo(current);
        assertThat(provider.unwrap(old, wrapped, AAD)).isEqualTo(dataKey);
    }

    @Test
    void destroyRefusesTheCurrentVersion() throws Exception {
        provider.generate();
        int current = provider.generate().version();

        assertThatThrownBy(() -> provider.destroy(current))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("master key version 2 is current and cannot be destroyed");
        assertThat(provider.versions()).hasSize(2);
    }

    @Test
    void destroyRemovesAnOldVersionAndKeepsTheOthers() throws Exception {
        int old = provider.generate().version();
        byte[] wrappedUnderOld = provider.wrap(old, randomKey(), AAD);
        MasterKeyInfo current = provider.generate();
        byte[] dataKey = randomKey();
        byte[] wrappedUnderCurrent = provider.wrap(current.version(), dataKey, AAD);

        provider.destroy(old);

        assertThat(provider.versions()).containsExactly(current);
        assertThatThrownBy(() -> provider.unwrap(old, wrappedUnderOld, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("no master key version " + old);
        assertThat(provider.unwrap(current.version(), wrappedUnderCurrent, AAD)).isEqualTo(dataKey);
    }

    @Test
    void destroyRejectsAVersionTheProviderDoesNotHold() throws Exception {
        provider.generate();

        assertThatThrownBy(() -> provider.destroy(5))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("no master key version 5");
    }

    @Test
    void versionsAreNotReusedAfterADestroy() throws Exception {
        provider.generate();
        provider.generate();
        provider.destroy(1);

        assertThat(provider.generate().version()).isEqualTo(3);
        assertThat(provider.versions()).extracting(MasterKeyInfo::version).containsExactly(2, 3);
    }

    @Test
    void aReopenedStoreHasTheSameVersionsCheckValuesAndKeys() throws Exception {
        MasterKeyInfo destroyed = provider.generate();
        MasterKeyInfo generated = provider.generate();
        MasterKeyInfo imported = provider.importKey(KNOWN_KEY.clone());
        provider.destroy(destroyed.version());
        byte[] dataKey = randomKey();
        byte[] underGenerated = provider.wrap(generated.version(), dataKey, AAD);
        byte[] underImported = provider.wrap(imported.version(), dataKey, AAD);

        MasterKeyProvider reopened = reopen();

        assertThat(reopened.versions()).containsExactly(generated, imported);
        assertThat(reopened.currentVersion()).isEqualTo(imported.version());
        assertThat(reopened.unwrap(generated.version(), underGenerated, AAD)).isEqualTo(dataKey);
        assertThat(reopened.unwrap(imported.version(), underImported, AAD)).isEqualTo(dataKey);
        assertThat(reopened.generate().version()).isEqualTo(4);
    }

    @Test
    void aClosedProviderRefusesEveryUse() throws Exception {
        int version = provider.generate().version();
        byte[] wrapped = provider.wrap(version, randomKey(), AAD);

        provider.close();
        provider.close(); // closing twice is harmless

        assertThatThrownBy(() -> provider.unwrap(version, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageEndingWith("is closed");
        assertThatThrownBy(provider::generate).isInstanceOf(VaultKeyException.class);
        assertThatThrownBy(provider::versions).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void manyThreadsWrapAndUnwrapAtOnce() throws Exception {
        int old = provider.generate().version();
        int current = provider.generate().version();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int version = i % 2 == 0 ? old : current;
                byte[] aad = ("record-" + i).getBytes(UTF_8);
                tasks.add(() -> {
                    byte[] dataKey = randomKey();
                    for (int round = 0; round < 10; round++) {
                        byte[] wrapped = provider.wrap(version, dataKey, aad);
                        if (!Arrays.equals(provider.unwrap(version, wrapped, aad), dataKey)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- tenant keys ---------------------------------------------------------------------------

    static final String TENANT = "7f3a0c1e-5b2d-4c8e-9a41-0d6e2f3b4c5d";
    static final String OTHER_TENANT = "0b1c2d3e-4f50-4617-a829-3a4b5c6d7e8f";

    @Test
    void aTenantKeyUnwrapsWhatItWrapped() throws Exception {
        provider.createTenantKey(TENANT);
        byte[] kek = randomKey();

        byte[] wrapped = provider.wrapForTenant(TENANT, kek, AAD);

        assertThat(wrapped).hasSize(12 + kek.length + 16);
        assertThat(provider.unwrapForTenant(TENANT, wrapped, AAD)).isEqualTo(kek);
        assertThat(provider.wrapForTenant(TENANT, kek, AAD)).as("fresh IV").isNotEqualTo(wrapped);
    }

    @Test
    void tenantUnwrapRejectsChangedBytesChangedAssociatedDataAndAnotherTenantsKey() throws Exception {
        provider.createTenantKey(TENANT);
        provider.createTenantKey(OTHER_TENANT);
        byte[] wrapped = provider.wrapForTenant(TENANT, randomKey(), AAD);
        byte[] tampered = wrapped.clone();
        tampered[15] ^= 0x01;

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, tampered, AAD))
                .isInstanceOf(TenantKeyGoneException.class)
                .hasMessageContaining("does not authenticate under the tenant key of tenant " + TENANT);
        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, wrapped, "other".getBytes(UTF_8)))
                .isInstanceOf(TenantKeyGoneException.class);
        assertThatThrownBy(() -> provider.unwrapForTenant(OTHER_TENANT, wrapped, AAD))
                .isInstanceOf(TenantKeyGoneException.class);
        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, new byte[27], AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("a wrapped key is at least 28 bytes (IV and tag), got 27");
        assertThatThrownBy(() -> provider.wrapForTenant(TENANT, new byte[0], AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("the key to wrap is empty");
    }

    @Test
    void createTenantKeyIsIdempotentAndKeepsTheKey() throws Exception {
        provider.createTenantKey(TENANT);
        byte[] kek = randomKey();
        byte[] wrapped = provider.wrapForTenant(TENANT, kek, AAD);

        provider.createTenantKey(TENANT);
        provider.createTenantKey(TENANT);

        assertThat(provider.unwrapForTenant(TENANT, wrapped, AAD)).isEqualTo(kek);
    }

    @Test
    void withoutATenantKeyWrapAndUnwrapForTheTenantFail() throws Exception {
        provider.createTenantKey(OTHER_TENANT);
        byte[] wrapped = provider.wrapForTenant(OTHER_TENANT, randomKey(), AAD);

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, wrapped, AAD))
                .isInstanceOf(TenantKeyGoneException.class)
                .hasMessageStartingWith("no tenant key for tenant " + TENANT);
        assertThatThrownBy(() -> provider.wrapForTenant(TENANT, randomKey(), AAD))
                .isInstanceOf(TenantKeyGoneException.class);
    }

    @Test
    void destroyTenantKeyMakesWhatItWrappedUnrecoverableAndIsIdempotent() throws Exception {
        provider.createTenantKey(TENANT);
        provider.createTenantKey(OTHER_TENANT);
        byte[] kek = randomKey();
        byte[] wrapped = provider.wrapForTenant(TENANT, kek, AAD);
        byte[] othersWrapped = provider.wrapForTenant(OTHER_TENANT, kek, AAD);

        provider.destroyTenantKey(TENANT);
        provider.destroyTenantKey(TENANT); // already gone: harmless

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, wrapped, AAD))
                .isInstanceOf(TenantKeyGoneException.class)
                .hasMessageStartingWith("no tenant key for tenant " + TENANT);
        assertThat(provider.unwrapForTenant(OTHER_TENANT, othersWrapped, AAD)).isEqualTo(kek);

        MasterKeyProvider reopened = reopen();

        assertThatThrownBy(() -> reopened.unwrapForTenant(TENANT, wrapped, AAD))
                .as("still gone after a reopen").isInstanceOf(TenantKeyGoneException.class);
        assertThat(reopened.unwrapForTenant(OTHER_TENANT, othersWrapped, AAD)).isEqualTo(kek);
        reopened.destroyTenantKey(TENANT);
    }

    @Test
    void aTenantKeyCreatedAgainAfterADestroyIsANewKey() throws Exception {
        provider.createTenantKey(TENANT);
        byte[] wrapped = provider.wrapForTenant(TENANT, randomKey(), AAD);
        provider.destroyTenantKey(TENANT);

        provider.createTenantKey(TENANT);

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, wrapped, AAD))
                .isInstanceOf(TenantKeyGoneException.class)
                .hasMessageContaining("does not authenticate");
        byte[] kek = randomKey();
        assertThat(provider.unwrapForTenant(TENANT, provider.wrapForTenant(TENANT, kek, AAD), AAD)).isEqualTo(kek);
    }

    @Test
    void tenantKeysSurviveAReopen() throws Exception {
        provider.generate();
        provider.createTenantKey(TENANT);
        provider.createTenantKey(OTHER_TENANT);
        byte[] kek = randomKey();
        byte[] wrapped = provider.wrapForTenant(TENANT, kek, AAD);
        byte[] othersWrapped = provider.wrapForTenant(OTHER_TENANT, kek, AAD);

        MasterKeyProvider reopened = reopen();

        assertThat(reopened.unwrapForTenant(TENANT, wrapped, AAD)).isEqualTo(kek);
        assertThat(reopened.unwrapForTenant(OTHER_TENANT, othersWrapped, AAD)).isEqualTo(kek);
        reopened.createTenantKey(TENANT); // still idempotent: the loaded key is kept
        assertThat(reopened.unwrapForTenant(TENANT, wrapped, AAD)).isEqualTo(kek);
    }

    @Test
    void tenantKeysAreNotMasterVersions() throws Exception {
        provider.createTenantKey(TENANT);

        assertThat(provider.versions()).isEmpty();
        assertThatThrownBy(provider::currentVersion).isInstanceOf(VaultKeyException.class);

        MasterKeyInfo first = provider.generate();
        provider.createTenantKey(OTHER_TENANT);
        MasterKeyInfo second = provider.generate();

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(provider.versions()).containsExactly(first, second);
        provider.destroy(1);
        assertThat(provider.versions()).containsExactly(second);

        MasterKeyProvider reopened = reopen();

        assertThat(reopened.versions()).containsExactly(second);
        assertThat(reopened.currentVersion()).isEqualTo(2);
        assertThat(reopened.generate().version()).isEqualTo(3);
    }

    @Test
    void theMasterKeyAndATenantKeyAreDifferentKeys() throws Exception {
        int version = provider.generate().version();
        provider.createTenantKey(TENANT);
        byte[] kek = randomKey();

        byte[] underMaster = provider.wrap(version, kek, AAD);
        byte[] underTenant = provider.wrapForTenant(TENANT, kek, AAD);

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, underMaster, AAD)).isInstanceOf(TenantKeyGoneException.class);
        assertThatThrownBy(() -> provider.unwrap(version, underTenant, AAD)).isInstanceOf(VaultKeyException.class);
        // The vault's double wrap: inner under the tenant key, outer under the master version.
        byte[] both = provider.wrap(version, underTenant, AAD);
        assertThat(provider.unwrapForTenant(TENANT, provider.unwrap(version, both, AAD), AAD)).isEqualTo(kek);
    }

    @Test
    void tenantIdsMustBeLowerCaseUuids() {
        for (String bad : new String[] {"", "tenant-1", TENANT.toUpperCase(java.util.Locale.ROOT), TENANT + "0", "1"}) {
            assertThatThrownBy(() -> provider.createTenantKey(bad))
                    .isInstanceOf(VaultKeyException.class)
                    .hasMessageStartingWith("a tenant id must be a UUID in lower case");
            assertThatThrownBy(() -> provider.destroyTenantKey(bad)).isInstanceOf(VaultKeyException.class);
            assertThatThrownBy(() -> provider.wrapForTenant(bad, randomKey(), AAD)).isInstanceOf(VaultKeyException.class);
        }
        assertThatThrownBy(() -> provider.createTenantKey(null)).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void aClosedProviderRefusesTenantKeys() throws Exception {
        provider.createTenantKey(TENANT);
        byte[] wrapped = provider.wrapForTenant(TENANT, randomKey(), AAD);

        provider.close();

        assertThatThrownBy(() -> provider.unwrapForTenant(TENANT, wrapped, AAD))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageEndingWith("is closed");
        assertThatThrownBy(() -> provider.createTenantKey(OTHER_TENANT)).isInstanceOf(VaultKeyException.class);
        assertThatThrownBy(() -> provider.destroyTenantKey(TENANT)).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void manyThreadsUseTenantKeysWhileOthersAreCreatedAndDestroyed() throws Exception {
        provider.createTenantKey(TENANT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                tasks.add(() -> {
                    if (n % 4 == 0) {
                        String other = String.format("00000000-0000-4000-8000-%012d", n);
                        provider.createTenantKey(other);
                        provider.destroyTenantKey(other);
                        return true;
                    }
                    byte[] kek = randomKey();
                    for (int round = 0; round < 10; round++) {
                        byte[] wrapped = provider.wrapForTenant(TENANT, kek, AAD);
                        if (!Arrays.equals(provider.unwrapForTenant(TENANT, wrapped, AAD), kek)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void messagesAndDescriptionsNeverContainKeyMaterial() throws Exception {
        byte[] master = randomKey();
        int version = provider.importKey(master.clone()).version();
        byte[] dataKey = randomKey();
        byte[] wrapped = provider.wrap(version, dataKey, AAD);
        byte[] tampered = wrapped.clone();
        tampered[14] ^= 1;

        List<Throwable> failures = new ArrayList<>();
        collect(failures, () -> provider.unwrap(version, tampered, AAD));
        collect(failures, () -> provider.unwrap(version, wrapped, "other".getBytes(UTF_8)));
        collect(failures, () -> provider.unwrap(version + 1, wrapped, AAD));
        collect(failures, () -> provider.unwrap(version, Arrays.copyOf(wrapped, 20), AAD));
        collect(failures, () -> provider.destroy(version));
        collect(failures, () -> provider.importKey(Arrays.copyOf(master, 31)));
        collect(failures, () -> provider.wrap(version + 7, dataKey, AAD));
        provider.createTenantKey(TENANT);
        byte[] underTenant = provider.wrapForTenant(TENANT, dataKey, AAD);
        collect(failures, () -> provider.unwrapForTenant(TENANT, underTenant, "other".getBytes(UTF_8)));
        collect(failures, () -> provider.unwrapForTenant(OTHER_TENANT, underTenant, AAD));
        assertThat(failures).hasSize(9);

        var texts = new ArrayList<String>();
        texts.add(provider.toString());
        texts.add(provider.description());
        texts.add(provider.versions().toString());
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t));
                for (StackTraceElement frame : t.getStackTrace()) {
                    texts.add(frame.toString());
                }
            }
        }
        for (byte[] secret : List.of(master, dataKey)) {
            for (String form : encodings(secret)) {
                assertThat(texts).noneMatch(text -> text.contains(form));
            }
        }
    }

    private static List<String> encodings(byte[] secret) {
        var forms = new ArrayList<String>();
        forms.add(HexFormat.of().formatHex(secret));
        forms.add(HexFormat.of().withUpperCase().formatHex(secret));
        forms.add(Base64.getEncoder().encodeToString(secret));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        // Any 8-byte window too, in case a message shows part of a key.
        for (int i = 0; i + 8 <= secret.length; i += 8) {
            forms.add(HexFormat.of().formatHex(secret, i, i + 8));
            forms.add(HexFormat.of().withUpperCase().formatHex(secret, i, i + 8));
        }
        return forms;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void collect(List<Throwable> failures, Action action) {
        try {
            action.run();
        } catch (VaultKeyException e) {
            failures.add(e);
        } catch (Exception e) {
            throw new AssertionError("expected a VaultKeyException", e);
        }
    }
}
