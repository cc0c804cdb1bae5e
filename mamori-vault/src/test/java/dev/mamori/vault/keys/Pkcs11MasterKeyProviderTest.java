package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the contract against a real SoftHSM2 token, plus what only an HSM promises. */
class Pkcs11MasterKeyProviderTest extends MasterKeyProviderContract {

    @BeforeAll
    static void createToken() throws Exception {
        SoftHsmToken.ensureReady();
    }

    @Override
    protected MasterKeyProvider openEmpty() throws Exception {
        SoftHsmToken.clear();
        return openAgain();
    }

    @Override
    protected MasterKeyProvider openAgain() throws Exception {
        return Pkcs11MasterKeyProvider.open(SoftHsmToken.LIBRARY, 0, SoftHsmToken.PIN.toCharArray());
    }

    @Test
    void describesTheTokenWithoutSecrets() {
        assertThat(provider.id()).isEqualTo("pkcs11");
        assertThat(provider.description())
                .isEqualTo("PKCS#11 token at slot list index 0 of /usr/lib/softhsm/libsofthsm2.so")
                .doesNotContain(SoftHsmToken.PIN);
    }

    @Test
    void generatedKeysAreTokenObjectsThatCannotBeExported() throws Exception {
        MasterKeyInfo info = provider.generate();
        provider.close();

        SoftHsmToken.withRawKeyStore((store, token) -> {
            assertNonExtractableButUsable(store, token, info);
            return null;
        });
    }

    @Test
    void importedKeysCannotBeExportedAfterwards() throws Exception {
        MasterKeyInfo info = provider.importKey(KNOWN_KEY.clone());
        provider.close();

        SoftHsmToken.withRawKeyStore((store, token) -> {
            assertNonExtractableButUsable(store, token, info);
            return null;
        });
    }

    @Test
    void tenantKeysAreTokenObjectsThatCannotBeExportedAndDestroyDeletesThem() throws Exception {
        provider.createTenantKey(TENANT);
        provider.createTenantKey(OTHER_TENANT);
        provider.destroyTenantKey(OTHER_TENANT);
        provider.close();

        SoftHsmToken.withRawKeyStore((store, token) -> {
            Key key = store.getKey("mamori-tenant-" + TENANT, null);
            assertThat(key).isInstanceOf(SecretKey.class);
            assertThat(key.getEncoded()).as("key bytes").isNull();
            assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
            assertThatThrownBy(() -> SecretKeyFactory.getInstance("AES", token)
                    .getKeySpec((SecretKey) key, SecretKeySpec.class))
                    .isInstanceOf(InvalidKeySpecException.class);
            assertThat(store.containsAlias("mamori-tenant-" + OTHER_TENANT)).as("destroyed in the token").isFalse();
            return null;
        });
    }

    @Test
    void cardVerificationKeysAreEncryptOnlyTokenObjectsThatCannotBeExported() throws Exception {
        provider.importCardVerificationKey(TENANT, "imported", TEST_CVK.clone());
        String generatedCheckValue = provider.createCardVerificationKey(TENANT, "generated");
        provider.close();

        SoftHsmToken.withRawKeyStore((store, token) -> {
            for (String name : List.of("imported", "generated")) {
                for (String suffix : List.of("-ede", "-a")) {
                    Key key = store.getKey("mamori-cvk-" + TENANT + "-" + name + suffix, null);
                    assertThat(key).isInstanceOf(SecretKey.class);
                    assertThat(key.getAlgorithm()).isEqualTo("DESede");
                    assertThat(key.getEncoded()).as("key bytes").isNull();
                    // SunPKCS11 reads CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE from the token for this text.
                    assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
                    assertThatThrownBy(() -> SecretKeyFactory.getInstance("DESede", token)
                            .getKeySpec((SecretKey) key, SecretKeySpec.class))
                            .isInstanceOf(InvalidKeySpecException.class);
                    assertThatThrownBy(() -> {
                        Cipher decrypt = Cipher.getInstance("DESede/ECB/NoPadding", token);
                        decrypt.init(Cipher.DECRYPT_MODE, key);
                        decrypt.doFinal(new byte[8]);
                    }).as("CKA_DECRYPT is false").hasStackTraceContaining("CKR_KEY_FUNCTION_NOT_PERMITTED");
                }
            }
            // Yet the token encrypts with them: (A, B, A) gives the CVK's check value, (A, B, B)
            // single DES under A, checked against the JDK's single DES.
            Cipher ecb = Cipher.getInstance("DESede/ECB/NoPadding", token);
            ecb.init(Cipher.ENCRYPT_MODE, store.getKey("mamori-cvk-" + TENANT + "-imported-ede", null));
            assertThat(KeyCheckValue.fromEncryptedZeroBlock(ecb.doFinal(new byte[8]))).isEqualTo(TEST_CVK_CHECK_VALUE);
            ecb.init(Cipher.ENCRYPT_MODE, store.getKey("mamori-cvk-" + TENANT + "-generated-ede", null));
            assertThat(KeyCheckValue.fromEncryptedZeroBlock(ecb.doFinal(new byte[8]))).isEqualTo(generatedCheckValue);
            ecb.init(Cipher.ENCRYPT_MODE, store.getKey("mamori-cvk-" + TENANT + "-imported-a", null));
            Cipher singleDes = Cipher.getInstance("DES/ECB/NoPadding");
            singleDes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(TEST_CVK, 8), "DES"));
            assertThat(ecb.doFinal(new byte[8])).isEqualTo(singleDes.doFinal(new byte[8]));
            return null;
        });
    }

    @Test
    void shreddingATenantDeletesItsCardVerificationKeyObjectsFromTheToken() throws Exception {
        provider.createTenantKey(TENANT);
        provider.createCardVerificationKey(TENANT, "visa");
        provider.createCardVerificationKey(TENANT, "mc");
        provider.createCardVerificationKey(OTHER_TENANT, "visa");
        provider.destroyTenantKey(TENANT);
        provider.close();

        SoftHsmToken.withRawKeyStore((store, token) -> {
            assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder(
                    "mamori-cvk-" + OTHER_TENANT + "-visa-ede", "mamori-cvk-" + OTHER_TENANT + "-visa-a");
            return null;
        });
    }

    @Test
    void aHalfStoredCardVerificationKeyIsNotUsedAndANewCreateReplacesIt() throws Exception {
        provider.close();
        // As if a store was interrupted after the first object: only the (A, B, A) object exists.
        SoftHsmToken.withRawKeyStore((store, token) -> {
            store.setEntry("mamori-cvk-" + TENANT + "-visa-ede",
                    new KeyStore.SecretKeyEntry(new SecretKeySpec(aba(TEST_CVK), "DESede")), null);
            return null;
        });
        provider = openAgain();

        assertThat(provider.cardVerificationKeys(TENANT)).isEmpty();
        assertThatThrownBy(() -> provider.cardVerificationDigest(TENANT, "visa", new byte[8], new byte[8]))
                .isInstanceOf(NoSuchCardVerificationKeyException.class);
        assertThat(provider.importCardVerificationKey(TENANT, "visa", TEST_CVK.clone())).isEqualTo(TEST_CVK_CHECK_VALUE);
        assertThat(new String(CardVerificationValues.computeDigits(provider, TENANT, "visa", "4123456789012345", "8701", "101", 3)))
                .isEqualTo("561");
    }

    /** Checks through a SunPKCS11 instance of the test's own, not through the code under test. */
    private static void assertNonExtractableButUsable(KeyStore store, Provider token, MasterKeyInfo info)
            throws Exception {
        Key key = store.getKey("mamori-master-" + info.version(), null);
        assertThat(key).isInstanceOf(SecretKey.class);
        assertThat(key.getEncoded()).as("key bytes").isNull();
        // SunPKCS11 reads CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE from the token for this text.
        assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
        assertThatThrownBy(() -> SecretKeyFactory.getInstance("AES", token)
                .getKeySpec((SecretKey) key, SecretKeySpec.class))
                .as("reading the value through the key factory")
                .isInstanceOf(InvalidKeySpecException.class);
        // Yet the token still uses it: it computes the same check value as the provider reported.
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", token);
        ecb.init(Cipher.ENCRYPT_MODE, key);
        assertThat(KeyCheckValue.fromEncryptedZeroBlock(ecb.doFinal(new byte[16]))).isEqualTo(info.checkValue());
    }

    @Test
    void aWrongPinIsAClearError() {
        provider.close();

        assertThatThrownBy(() -> Pkcs11MasterKeyProvider.open(SoftHsmToken.LIBRARY, 0, "000000".toCharArray()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("wrong PIN for the PKCS#11 token at slot list index 0 of " + SoftHsmToken.LIBRARY);
    }

    @Test
    void aSecondProviderOnTheSameTokenIsRefusedWhileTheFirstIsOpen() throws Exception {
        provider.generate();

        assertThatThrownBy(() -> Pkcs11MasterKeyProvider.open(SoftHsmToken.LIBRARY, 0, SoftHsmToken.PIN.toCharArray()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("is already open in this JVM");
        assertThat(provider.versions()).hasSize(1);
    }

    @Test
    void aMissingLibraryIsAClearError() {
        Path missing = Path.of("/nonexistent/libpkcs11.so");

        assertThatThrownBy(() -> Pkcs11MasterKeyProvider.open(missing, 0, SoftHsmToken.PIN.toCharArray()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("PKCS#11 library /nonexistent/libpkcs11.so does not exist");
    }

    @Test
    void aSlotListIndexBeyondTheSlotsIsAClearError() {
        assertThatThrownBy(() -> Pkcs11MasterKeyProvider.open(SoftHsmToken.LIBRARY, 40, SoftHsmToken.PIN.toCharArray()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("could not load PKCS#11 library " + SoftHsmToken.LIBRARY
                        + " at slot list index 40: slotListIndex is 40 but token only has");
    }
}
