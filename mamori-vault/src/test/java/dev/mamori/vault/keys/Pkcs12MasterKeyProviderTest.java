package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12MasterKeyProviderTest extends MasterKeyProviderContract {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("data").resolve("keys").resolve("master-keys.p12");
    }

    @Override
    protected MasterKeyProvider openEmpty() throws Exception {
        return Pkcs12MasterKeyProvider.open(file(), PASSPHRASE);
    }

    @Override
    protected MasterKeyProvider openAgain() throws Exception {
        return Pkcs12MasterKeyProvider.open(file(), PASSPHRASE);
    }

    @Test
    void openCreatesAnEmptyStoreAndItsDirectories() throws Exception {
        assertThat(file()).isRegularFile();
        assertThat(provider.id()).isEqualTo("pkcs12");
        assertThat(provider.description()).isEqualTo("PKCS#12 key store " + file().toAbsolutePath());
    }

    @Test
    void theStoreIsReadableAndWritableByItsOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void everyWriteLeavesTheStoreOwnerOnlyEvenIfSomeoneLoosenedIt() throws Exception {
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        provider.generate();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws Exception {
        provider.generate();
        provider.importKey(randomKey());
        provider.generate();
        provider.destroy(1);

        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files).containsExactly(file());
        }
    }

    @Test
    void theStoreIsAStandardPkcs12FileWithAes256SecretKeyEntries() throws Exception {
        provider.importKey(KNOWN_KEY.clone());
        provider.generate();

        KeyStore plain = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file())) {
            plain.load(in, PASSPHRASE);
        }
        assertThat(Collections.list(plain.aliases())).containsExactlyInAnyOrder("mamori-master-1", "mamori-master-2");
        var entry = (KeyStore.SecretKeyEntry) plain.getEntry("mamori-master-1", new KeyStore.PasswordProtection(PASSPHRASE));
        SecretKey key = entry.getSecretKey();
        assertThat(key.getAlgorithm()).isEqualTo("AES");
        assertThat(key.getEncoded()).isEqualTo(KNOWN_KEY);
    }

    @Test
    void aTenantKeyIsAnAes256EntryOfTheFileAndDestroyRemovesItFromTheFile() throws Exception {
        provider.generate();
        provider.createTenantKey(TENANT);
        provider.createTenantKey(OTHER_TENANT);
        provider.destroyTenantKey(OTHER_TENANT);

        KeyStore plain = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file())) {
            plain.load(in, PASSPHRASE);
        }
        assertThat(Collections.list(plain.aliases())).containsExactlyInAnyOrder("mamori-master-1", "mamori-tenant-" + TENANT);
        var entry = (KeyStore.SecretKeyEntry) plain.getEntry("mamori-tenant-" + TENANT, new KeyStore.PasswordProtection(PASSPHRASE));
        assertThat(entry.getSecretKey().getAlgorithm()).isEqualTo("AES");
        assertThat(entry.getSecretKey().getEncoded()).hasSize(32);
    }

    @Test
    void aCardVerificationKeyIsTwoDesedeEntriesOfTheFileAndShreddingRemovesThem() throws Exception {
        provider.importCardVerificationKey(TENANT, "visa", TEST_CVK.clone());
        provider.createCardVerificationKey(OTHER_TENANT, "visa");
        provider.createCardVerificationKey(OTHER_TENANT, "mc");
        provider.destroyTenantKey(OTHER_TENANT);

        KeyStore plain = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file())) {
            plain.load(in, PASSPHRASE);
        }
        assertThat(Collections.list(plain.aliases())).containsExactlyInAnyOrder(
                "mamori-cvk-" + TENANT + "-visa-ede", "mamori-cvk-" + TENANT + "-visa-a");
        var protection = new KeyStore.PasswordProtection(PASSPHRASE);
        SecretKey ede = ((KeyStore.SecretKeyEntry) plain.getEntry("mamori-cvk-" + TENANT + "-visa-ede", protection)).getSecretKey();
        SecretKey singleA = ((KeyStore.SecretKeyEntry) plain.getEntry("mamori-cvk-" + TENANT + "-visa-a", protection)).getSecretKey();
        assertThat(ede.getAlgorithm()).isEqualTo("DESede");
        assertThat(ede.getEncoded()).as("A, B, A").isEqualTo(HexFormat.of().parseHex(
                "0123456789ABCDEFFEDCBA98765432100123456789ABCDEF"));
        assertThat(singleA.getEncoded()).as("A, B, B").isEqualTo(HexFormat.of().parseHex(
                "0123456789ABCDEFFEDCBA9876543210FEDCBA9876543210"));
    }

    @Test
    void aWrongPassphraseIsAClearError() throws Exception {
        provider.generate();
        provider.close();

        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(file(), "wrong".toCharArray()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("wrong passphrase or damaged key store " + file().toAbsolutePath());
    }

    @Test
    void aTruncatedStoreIsAClearError() throws Exception {
        provider.generate();
        provider.close();
        byte[] content = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(content, content.length / 2));

        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(file(), PASSPHRASE))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("wrong passphrase or damaged key store " + file().toAbsolutePath());
    }

    @Test
    void aGarbageOrEmptyFileIsAClearError() throws Exception {
        provider.close();
        Files.writeString(file(), "this is not a key store\n");
        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(file(), PASSPHRASE))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("wrong passphrase or damaged key store " + file().toAbsolutePath());

        Files.write(file(), new byte[0]);
        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(file(), PASSPHRASE))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("wrong passphrase or damaged key store " + file().toAbsolutePath());
    }

    @Test
    void anEmptyPassphraseIsRefused() {
        assertThatThrownBy(() -> Pkcs12MasterKeyProvider.open(directory.resolve("other.p12"), new char[0]))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageContaining("passphrase")
                .hasMessageContaining("is empty");
        assertThat(directory.resolve("other.p12")).doesNotExist();
    }

    @Test
    void theCallerMayWipeThePassphraseAfterOpen() throws Exception {
        provider.close();
        char[] passphrase = PASSPHRASE.clone();
        provider = Pkcs12MasterKeyProvider.open(file(), passphrase);
        Arrays.fill(passphrase, '\0');

        provider.generate();
        assertThat(reopen().versions()).hasSize(1);
    }

    @Test
    void aChangeThatCannotBeWrittenIsNotAppliedInMemoryEither() throws Exception {
        MasterKeyInfo first = provider.generate();
        byte[] before = Files.readAllBytes(file());
        // A non-empty directory where the store was: the atomic move over it must fail.
        Path aside = directory.resolve("aside.p12");
        Files.move(file(), aside);
        Files.createDirectories(file().resolve("blocker"));

        assertThatThrownBy(provider::generate)
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("could not write key store " + file().toAbsolutePath());
        assertThatThrownBy(() -> provider.importKey(randomKey())).isInstanceOf(VaultKeyException.class);
        assertThat(provider.versions()).containsExactly(first);

        Files.delete(file().resolve("blocker"));
        Files.delete(file());
        Files.move(aside, file());
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(provider.generate().version()).isEqualTo(2);
        assertThat(reopen().versions()).extracting(MasterKeyInfo::version).containsExactly(1, 2);
    }

    @Test
    void aDestroyThatCannotBeWrittenKeepsTheKey() throws Exception {
        int old = provider.generate().version();
        provider.generate();
        byte[] dataKey = randomKey();
        byte[] wrapped = provider.wrap(old, dataKey, null);
        Path aside = directory.resolve("aside.p12");
        Files.move(file(), aside);
        Files.createDirectories(file().resolve("blocker"));

        assertThatThrownBy(() -> provider.destroy(old)).isInstanceOf(VaultKeyException.class);

        assertThat(provider.versions()).extracting(MasterKeyInfo::version).containsExactly(1, 2);
        assertThat(provider.unwrap(old, wrapped, null)).isEqualTo(dataKey);
        Files.delete(file().resolve("blocker"));
        Files.delete(file());
        Files.move(aside, file());
        provider.destroy(old);
        assertThat(reopen().versions()).extracting(MasterKeyInfo::version).containsExactly(2);
    }
}
