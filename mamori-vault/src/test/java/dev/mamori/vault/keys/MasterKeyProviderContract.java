package dev.mamori.vault.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
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

    // --- card verification keys -----------------------------------------------------------------

    /** The CVK of the published test vectors: A = 0123456789ABCDEF, B = FEDCBA9876543210. */
    static final byte[] TEST_CVK = HexFormat.of().parseHex("0123456789ABCDEFFEDCBA9876543210");
    /**
     * Its KCV: TDEA (A, B, A) of 8 zero bytes is 08D7B4FB629D0885. Computed independently with the
     * JDK's DESede in {@link #theCheckValueOfTheTestKeyIsTdeaOfZeros}; the same 08D7B4FB629D0885
     * appears beside this key in public POS SDK samples, but no standard publishes it.
     */
    static final String TEST_CVK_CHECK_VALUE = "08D7B4";
    static final String CVK = "visa-2025";
    static final String OTHER_CVK = "mc_2025.1";

    /**
     * PAN, expiry (YYMM), service code and CVV under {@link #TEST_CVK}. The first eight are the
     * "CVV test data" table of a Chinese bank-card specification excerpt,
     * http://fsou.com/html/text/chl/848/84828_4.html (13- and 16-digit PANs); 856 is the worked
     * example of http://topic.alibabacloud.com/a/algorithm-generation-7-cvn_8_8_31672247.html;
     * 170 is the docstring example of knovichikhin/psec psec/cvv.py. Not all PANs pass Luhn.
     */
    static final String[][] TEST_VECTORS = {
        {"4123456789012", "8701", "101", "370"},
        {"4999988887777", "9105", "111", "649"},
        {"4666655554444", "9206", "120", "821"},
        {"4333322221111", "9307", "141", "697"},
        {"4123456789012345", "8701", "101", "561"},
        {"4999988887777000", "9105", "111", "245"},
        {"4666655554444111", "9206", "120", "664"},
        {"4333322221111222", "9307", "141", "382"},
        {"4123456789012345", "8701", "111", "856"},
        {"1234567890123456", "9912", "220", "170"},
    };

    /** A Luhn-valid PAN (a well-known test card number) for the Pan-based API. */
    static final String LUHN_PAN = "4111111111111111";

    @Test
    void theImportedTestKeyComputesEveryPublishedValue() throws Exception {
        assertThat(provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone())).isEqualTo(TEST_CVK_CHECK_VALUE);

        for (String[] vector : TEST_VECTORS) {
            char[] value = CardVerificationValues.computeDigits(provider, TENANT, CVK, vector[0], vector[1], vector[2], 3);
            assertThat(new String(value)).as("PAN %s expiry %s service code %s", (Object[]) vector).isEqualTo(vector[3]);
            assertThat(CardVerificationValues.verifyDigits(provider, TENANT, CVK, vector[0], vector[1], vector[2], 3,
                    vector[3].toCharArray())).isTrue();
        }
    }

    @Test
    void theDigestIsTheRetailMacWhoseIntermediateValuesArePublished() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        byte[] data = CardVerificationValues.packData("4123456789012345", "8701", "111");

        assertThat(HexFormat.of().formatHex(data)).isEqualTo("41234567890123458701111000000000");
        byte[] digest = provider.cardVerificationDigest(TENANT, CVK, Arrays.copyOf(data, 8), Arrays.copyOfRange(data, 8, 16));

        // alibabacloud's worked example: E_A(block1) = b76addce71ccc6be, ..., result 8d5625fa78011a0c.
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo("8d5625fa78011a0c");
        assertThat(new String(CardVerificationValues.decimalize(digest, 5))).isEqualTo("85625");
    }

    @Test
    void aSecondPublishedKeyGivesItsPublishedValue() throws Exception {
        // knovichikhin/psec tests/test_cvv.py: CVK 9999999999999999 8888888888888888.
        provider.importCardVerificationKey(TENANT, CVK, HexFormat.of().parseHex("99999999999999998888888888888888"));

        assertThat(new String(CardVerificationValues.computeDigits(provider, TENANT, CVK, "2222222222222222", "3333", "111", 3)))
                .isEqualTo("361");
    }

    @Test
    void theCheckValueOfTheTestKeyIsTdeaOfZeros() throws Exception {
        Cipher tdea = Cipher.getInstance("DESede/ECB/NoPadding");
        tdea.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aba(TEST_CVK), "DESede"));
        assertThat(HexFormat.of().withUpperCase().formatHex(tdea.doFinal(new byte[8]))).isEqualTo("08D7B4FB629D0885");
        assertThat(KeyCheckValue.ofDoubleLengthDes(TEST_CVK)).isEqualTo(TEST_CVK_CHECK_VALUE);

        assertThat(provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone())).isEqualTo(TEST_CVK_CHECK_VALUE);
        assertThat(provider.cardVerificationKeyCheckValue(TENANT, CVK)).isEqualTo(TEST_CVK_CHECK_VALUE);
    }

    @Test
    void digestsMatchAPlainJceReferenceForRandomKeysAndData() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] cvk = new byte[16];
            RANDOM.nextBytes(cvk);
            String name = "random-" + i;
            provider.importCardVerificationKey(TENANT, name, cvk.clone());
            byte[] block1 = new byte[8];
            byte[] block2 = new byte[8];
            RANDOM.nextBytes(block1);
            RANDOM.nextBytes(block2);

            assertThat(provider.cardVerificationDigest(TENANT, name, block1, block2))
                    .isEqualTo(referenceDigest(cvk, block1, block2));
            assertThat(provider.cardVerificationKeyCheckValue(TENANT, name)).isEqualTo(KeyCheckValue.ofDoubleLengthDes(cvk));
        }
    }

    @Test
    void aGeneratedKeyComputesAStableThreeDigitValueThatSurvivesAReopen() throws Exception {
        String checkValue = provider.createCardVerificationKey(TENANT, CVK);
        Pan pan = Pan.of(LUHN_PAN);

        String cvv2 = CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912",
                CardVerificationValues.CVV2_SERVICE_CODE, 3);

        assertThat(checkValue).matches("[0-9A-F]{6}");
        assertThat(provider.cardVerificationKeyCheckValue(TENANT, CVK)).isEqualTo(checkValue);
        assertThat(cvv2).matches("[0-9]{3}");
        assertThat(CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "000", 3)).isEqualTo(cvv2);
        assertThat(new String(CardVerificationValues.computeDigits(provider, TENANT, CVK, LUHN_PAN, "2912", "000", 3)))
                .as("the Pan API and the digits API agree").isEqualTo(cvv2);
        assertThat(CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "000", 5)).startsWith(cvv2);

        MasterKeyProvider reopened = reopen();

        assertThat(CardVerificationValues.compute(reopened, TENANT, CVK, pan, "2912", "000", 3)).isEqualTo(cvv2);
        assertThat(reopened.cardVerificationKeyCheckValue(TENANT, CVK)).isEqualTo(checkValue);
        assertThat(reopened.cardVerificationKeys(TENANT)).containsExactly(CVK);
    }

    /** A provider may reuse a cipher per thread: keys used in turn, on several threads at once, still give each key's own digest. */
    @Test
    void digestsUnderTwoKeysInterleavedOnSeveralThreadsAreEachKeysOwn() throws Exception {
        provider.createCardVerificationKey(TENANT, CVK);
        provider.createCardVerificationKey(TENANT, OTHER_CVK);
        byte[][] blocks = new byte[16][8];
        byte[][] expected = new byte[blocks.length * 2][];
        for (int i = 0; i < blocks.length; i++) {
            new SecureRandom().nextBytes(blocks[i]);
            expected[2 * i] = provider.cardVerificationDigest(TENANT, CVK, blocks[i], blocks[i]);
            expected[2 * i + 1] = provider.cardVerificationDigest(TENANT, OTHER_CVK, blocks[i], blocks[i]);
        }
        assertThat(expected[0]).isNotEqualTo(expected[1]);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < blocks.length; i++) {
                            if (!Arrays.equals(provider.cardVerificationDigest(TENANT, CVK, blocks[i], blocks[i]), expected[2 * i])
                                    || !Arrays.equals(provider.cardVerificationDigest(TENANT, OTHER_CVK, blocks[i], blocks[i]), expected[2 * i + 1])) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoGeneratedKeysAreDifferentKeys() throws Exception {
        String first = provider.createCardVerificationKey(TENANT, CVK);
        String second = provider.createCardVerificationKey(TENANT, OTHER_CVK);
        byte[] block = new byte[8];

        assertThat(provider.cardVerificationDigest(TENANT, CVK, block, block))
                .isNotEqualTo(provider.cardVerificationDigest(TENANT, OTHER_CVK, block, block));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void verifyAcceptsTheValueAndRejectsAnyOtherOrMalformedOne() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        Pan pan = Pan.of(LUHN_PAN);
        String cvv = CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "101", 3);

        assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "2912", "101", 3, cvv.toCharArray())).isTrue();
        for (int position = 0; position < 3; position++) {
            char[] wrong = cvv.toCharArray();
            wrong[position] = (char) ('0' + (wrong[position] - '0' + 1) % 10);
            assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "2912", "101", 3, wrong))
                    .as("one digit changed at %d", position).isFalse();
        }
        for (String malformed : new String[] {"", cvv.substring(0, 2), cvv + "0", cvv.substring(0, 2) + "a", " " + cvv.substring(1)}) {
            assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "2912", "101", 3, malformed.toCharArray()))
                    .as("\"%s\"", malformed).isFalse();
        }
        assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "2912", "101", 3, null)).isFalse();
        assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "2912", "000", 3, cvv.toCharArray()))
                .as("CVV2 and CVV differ (service code)").isEqualTo(
                        cvv.equals(CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "000", 3)));
        assertThat(CardVerificationValues.verify(provider, TENANT, CVK, pan, "3001", "101", 3, cvv.toCharArray()))
                .isEqualTo(cvv.equals(CardVerificationValues.compute(provider, TENANT, CVK, pan, "3001", "101", 3)));
    }

    @Test
    void malformedInputIsRefusedWithoutRepeatingIt() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        Pan pan = Pan.of(LUHN_PAN);

        assertThatThrownBy(() -> CardVerificationValues.compute(provider, TENANT, CVK, pan, "29123", "101", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the expiry date must be 4 digits, YYMM");
        assertThatThrownBy(() -> CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "1O1", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the service code must be 3 digits");
        assertThatThrownBy(() -> CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "101", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a card verification value has 3 to 5 digits, not 2");
        assertThatThrownBy(() -> CardVerificationValues.computeDigits(provider, TENANT, CVK, "41111111111111111111", "2912", "101", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the card number must be 1 to 19 digits");
        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, CVK, new byte[8], new byte[7]))
                .isInstanceOf(VaultKeyException.class).hasMessage("the card verification data is two blocks of 8 bytes each");
    }

    @Test
    void anotherTenantOrAnUnknownNameIsAClearError() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        Pan pan = Pan.of(LUHN_PAN);

        assertThatThrownBy(() -> CardVerificationValues.compute(provider, OTHER_TENANT, CVK, pan, "2912", "101", 3))
                .isInstanceOf(NoSuchCardVerificationKeyException.class)
                .hasMessageStartingWith("no card verification key \"" + CVK + "\" for tenant " + OTHER_TENANT);
        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, OTHER_CVK, new byte[8], new byte[8]))
                .isInstanceOf(NoSuchCardVerificationKeyException.class)
                .hasMessageStartingWith("no card verification key \"" + OTHER_CVK + "\" for tenant " + TENANT);
        assertThatThrownBy(() -> provider.cardVerificationKeyCheckValue(OTHER_TENANT, CVK))
                .isInstanceOf(NoSuchCardVerificationKeyException.class);
        assertThat(provider.cardVerificationKeys(OTHER_TENANT)).isEmpty();
    }

    @Test
    void aNameIsNeverReplacedInPlace() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());

        assertThatThrownBy(() -> provider.createCardVerificationKey(TENANT, CVK))
                .isInstanceOf(CardVerificationKeyExistsException.class)
                .hasMessageStartingWith("tenant " + TENANT + " has a card verification key \"" + CVK + "\" already");
        assertThatThrownBy(() -> provider.importCardVerificationKey(TENANT, CVK, randomCvk()))
                .isInstanceOf(CardVerificationKeyExistsException.class);
        assertThat(provider.cardVerificationKeyCheckValue(TENANT, CVK)).as("the first key is kept").isEqualTo(TEST_CVK_CHECK_VALUE);

        // The same name for another tenant is another key.
        provider.createCardVerificationKey(OTHER_TENANT, CVK);
        assertThat(provider.cardVerificationKeyCheckValue(TENANT, CVK)).isEqualTo(TEST_CVK_CHECK_VALUE);
    }

    @Test
    void importRefusesSingleDesAndWrongLengths() throws Exception {
        byte[] same = HexFormat.of().parseHex("0123456789ABCDEF0123456789ABCDEF");
        byte[] sameButParity = HexFormat.of().parseHex("0123456789ABCDEF0022446688AACCEE");

        for (byte[] singleDes : List.of(same, sameButParity)) {
            assertThatThrownBy(() -> provider.importCardVerificationKey(TENANT, CVK, singleDes))
                    .isInstanceOf(VaultKeyException.class)
                    .hasMessageStartingWith("key A and key B of the imported card verification key are equal");
        }
        assertThatThrownBy(() -> provider.importCardVerificationKey(TENANT, CVK, new byte[24]))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("an imported card verification key must be 16 bytes (key A, then key B), got 24 bytes");
        assertThatThrownBy(() -> provider.importCardVerificationKey(TENANT, CVK, null)).isInstanceOf(VaultKeyException.class);
        assertThat(provider.cardVerificationKeys(TENANT)).isEmpty();
    }

    @Test
    void keyNamesAndTenantIdsAreChecked() {
        for (String bad : new String[] {"", "Visa", "-visa", "visa 2025", "a".repeat(33), "visa/2025"}) {
            assertThatThrownBy(() -> provider.createCardVerificationKey(TENANT, bad))
                    .isInstanceOf(VaultKeyException.class)
                    .hasMessageStartingWith("a card verification key name must be 1 to 32 lower-case letters");
        }
        assertThatThrownBy(() -> provider.createCardVerificationKey(TENANT, null)).isInstanceOf(VaultKeyException.class);
        assertThatThrownBy(() -> provider.importCardVerificationKey("tenant-1", CVK, TEST_CVK.clone()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("a tenant id must be a UUID in lower case");
        assertThatThrownBy(() -> provider.cardVerificationKeys("tenant-1")).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void keysAreListedByTenantAndDestroyRemovesOneIdempotently() throws Exception {
        provider.createCardVerificationKey(TENANT, CVK);
        provider.createCardVerificationKey(TENANT, OTHER_CVK);
        provider.createCardVerificationKey(TENANT, "a-ede");   // names that end like the suffixes
        provider.importCardVerificationKey(OTHER_TENANT, CVK, TEST_CVK.clone());
        provider.createTenantKey(TENANT);
        provider.generate();

        assertThat(provider.cardVerificationKeys(TENANT)).containsExactly("a-ede", OTHER_CVK, CVK);
        assertThat(provider.cardVerificationKeys(OTHER_TENANT)).containsExactly(CVK);
        assertThat(provider.versions()).as("CVKs are not master versions").hasSize(1);

        provider.destroyCardVerificationKey(TENANT, OTHER_CVK);
        provider.destroyCardVerificationKey(TENANT, OTHER_CVK); // already gone: harmless

        assertThat(provider.cardVerificationKeys(TENANT)).containsExactly("a-ede", CVK);
        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, OTHER_CVK, new byte[8], new byte[8]))
                .isInstanceOf(NoSuchCardVerificationKeyException.class);
        assertThat(reopen().cardVerificationKeys(TENANT)).containsExactly("a-ede", CVK);
        assertThat(provider.cardVerificationKeyCheckValue(OTHER_TENANT, CVK)).isEqualTo(TEST_CVK_CHECK_VALUE);
    }

    @Test
    void shreddingATenantDestroysItsCardVerificationKeysAndNoOneElses() throws Exception {
        provider.createTenantKey(TENANT);
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        provider.createCardVerificationKey(TENANT, OTHER_CVK);
        provider.importCardVerificationKey(OTHER_TENANT, CVK, TEST_CVK.clone());
        byte[] block = new byte[8];
        byte[] before = provider.cardVerificationDigest(TENANT, CVK, block, block);

        provider.destroyTenantKey(TENANT);

        assertThat(provider.cardVerificationKeys(TENANT)).isEmpty();
        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, CVK, block, block))
                .isInstanceOf(NoSuchCardVerificationKeyException.class);
        assertThat(provider.cardVerificationDigest(OTHER_TENANT, CVK, block, block)).isEqualTo(before);

        MasterKeyProvider reopened = reopen();

        assertThat(reopened.cardVerificationKeys(TENANT)).as("still gone after a reopen").isEmpty();
        assertThatThrownBy(() -> reopened.cardVerificationDigest(TENANT, OTHER_CVK, block, block))
                .isInstanceOf(NoSuchCardVerificationKeyException.class);
        assertThat(reopened.cardVerificationKeys(OTHER_TENANT)).containsExactly(CVK);
        // The name is free again, for a new key.
        reopened.createCardVerificationKey(TENANT, CVK);
        assertThat(reopened.cardVerificationDigest(TENANT, CVK, block, block)).isNotEqualTo(before);
    }

    @Test
    void aClosedProviderRefusesCardVerificationKeys() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());

        provider.close();

        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, CVK, new byte[8], new byte[8]))
                .isInstanceOf(VaultKeyException.class).hasMessageEndingWith("is closed");
        assertThatThrownBy(() -> provider.createCardVerificationKey(TENANT, OTHER_CVK)).isInstanceOf(VaultKeyException.class);
        assertThatThrownBy(() -> provider.cardVerificationKeys(TENANT)).isInstanceOf(VaultKeyException.class);
        assertThatThrownBy(() -> provider.destroyCardVerificationKey(TENANT, CVK)).isInstanceOf(VaultKeyException.class);
    }

    @Test
    void manyThreadsComputeWhileOtherKeysAreCreatedAndDestroyed() throws Exception {
        provider.importCardVerificationKey(TENANT, CVK, TEST_CVK.clone());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                tasks.add(() -> {
                    if (n % 4 == 0) {
                        provider.createCardVerificationKey(TENANT, "temp-" + n);
                        provider.destroyCardVerificationKey(TENANT, "temp-" + n);
                        return true;
                    }
                    for (int round = 0; round < 10; round++) {
                        String[] vector = TEST_VECTORS[(n + round) % TEST_VECTORS.length];
                        char[] value = CardVerificationValues.computeDigits(provider, TENANT, CVK, vector[0], vector[1], vector[2], 3);
                        if (!new String(value).equals(vector[3])) {
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
        assertThat(provider.cardVerificationKeys(TENANT)).containsExactly(CVK);
    }

    @Test
    void cardVerificationMessagesNeverContainTheKeyOrTheCardData() throws Exception {
        byte[] cvk = randomCvk();
        provider.importCardVerificationKey(TENANT, CVK, cvk.clone());
        Pan pan = Pan.of(LUHN_PAN);
        String cvv = CardVerificationValues.compute(provider, TENANT, CVK, pan, "2912", "101", 3);

        List<Throwable> failures = new ArrayList<>();
        collect(failures, () -> provider.importCardVerificationKey(TENANT, CVK, cvk.clone()));
        collect(failures, () -> provider.importCardVerificationKey(TENANT, OTHER_CVK, Arrays.copyOf(cvk, 15)));
        byte[] singleDes = Arrays.copyOf(cvk, 16);
        System.arraycopy(cvk, 0, singleDes, 8, 8);
        collect(failures, () -> provider.importCardVerificationKey(TENANT, OTHER_CVK, singleDes));
        collect(failures, () -> CardVerificationValues.compute(provider, OTHER_TENANT, CVK, pan, "2912", "101", 3));
        collect(failures, () -> provider.cardVerificationDigest(TENANT, OTHER_CVK, new byte[8], new byte[8]));
        assertThat(failures).hasSize(5);
        for (String malformed : new String[] {"29121", "x"}) {
            try {
                CardVerificationValues.compute(provider, TENANT, CVK, pan, malformed, "101", 3);
            } catch (IllegalArgumentException e) {
                failures.add(e);
            }
        }
        assertThat(failures).hasSize(7);

        var texts = new ArrayList<String>();
        texts.add(provider.toString());
        texts.add(pan.toString());
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t));
            }
        }
        for (String form : encodings(cvk)) {
            assertThat(texts).noneMatch(text -> text.contains(form));
        }
        assertThat(texts).noneMatch(text -> text.contains(LUHN_PAN) || text.contains("2912"));
        assertThat(failures).noneMatch(failure -> String.valueOf(failure.getMessage()).contains(cvv));
    }

    static byte[] randomCvk() {
        byte[] cvk = new byte[16];
        RANDOM.nextBytes(cvk);
        return cvk;
    }

    /** (A, B) as the 24 bytes (A, B, A) of a DESede key. */
    static byte[] aba(byte[] cvk) {
        byte[] key = Arrays.copyOf(cvk, 24);
        System.arraycopy(cvk, 0, key, 16, 8);
        return key;
    }

    /** The CVV's DES steps with the JDK's own single DES and DESede, as a reference. */
    static byte[] referenceDigest(byte[] cvk, byte[] block1, byte[] block2) throws Exception {
        Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
        des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(cvk, 8), "DES"));
        byte[] r = des.doFinal(block1);
        for (int i = 0; i < 8; i++) {
            r[i] ^= block2[i];
        }
        Cipher tdea = Cipher.getInstance("DESede/ECB/NoPadding");
        tdea.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aba(cvk), "DESede"));
        return tdea.doFinal(r);
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
