package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyProvidersTest {

    @TempDir
    Path directory;

    @Test
    void bothBuiltInFactoriesAreFoundThroughServiceLoader() throws Exception {
        assertThat(MasterKeyProviders.factories())
                .containsOnlyKeys("pkcs11", "pkcs12")
                .hasEntrySatisfying("pkcs11", f -> assertThat(f).isInstanceOf(Pkcs11MasterKeyProviderFactory.class))
                .hasEntrySatisfying("pkcs12", f -> assertThat(f).isInstanceOf(Pkcs12MasterKeyProviderFactory.class));
    }

    @Test
    void pkcs12OpensTheKeyStoreAtPathWithPassword() throws Exception {
        Path file = directory.resolve("keys.p12");
        Map<String, String> settings = Map.of("path", file.toString(), "password", "s3cret-passphrase");

        try (MasterKeyProvider provider = MasterKeyProviders.open("pkcs12", settings)) {
            assertThat(provider).isInstanceOf(Pkcs12MasterKeyProvider.class);
            assertThat(provider.id()).isEqualTo("pkcs12");
            provider.generate();
        }
        try (MasterKeyProvider again = MasterKeyProviders.open("pkcs12", settings)) {
            assertThat(again.versions()).hasSize(1);
        }
        assertThat(file).isRegularFile();
    }

    @Test
    void pkcs11OpensTheTokenWithSlotListIndexZeroByDefault() throws Exception {
        SoftHsmToken.ensureReady();
        Map<String, String> settings = Map.of("library", SoftHsmToken.LIBRARY.toString(), "pin", SoftHsmToken.PIN);

        try (MasterKeyProvider provider = MasterKeyProviders.open("pkcs11", settings)) {
            assertThat(provider).isInstanceOf(Pkcs11MasterKeyProvider.class);
            assertThat(provider.description()).contains("slot list index 0");
        }
    }

    @Test
    void anUnknownIdIsRefusedWithTheKnownIds() {
        assertThatThrownBy(() -> MasterKeyProviders.open("aws-kms", Map.of()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("unknown master key provider 'aws-kms'; known providers: pkcs11, pkcs12");
        assertThatThrownBy(() -> MasterKeyProviders.open(null, Map.of()))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("unknown master key provider (none given); known providers: pkcs11, pkcs12");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs12", Map.of("password", "x")))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("master key provider 'pkcs12' needs the setting 'path'");
        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs12", Map.of("path", "/tmp/k.p12", "password", " ")))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("master key provider 'pkcs12' needs the setting 'password'");
        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs11", Map.of("pin", "123456")))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("master key provider 'pkcs11' needs the setting 'library'");
        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs11", Map.of("library", "/usr/lib/x.so")))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("master key provider 'pkcs11' needs the setting 'pin'");
        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs12", null))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("master key provider 'pkcs12' needs the setting 'path'");
    }

    @Test
    void aSlotListIndexThatIsNotANumberIsNamedWithTheRule() {
        var settings = Map.of("library", "/usr/lib/softhsm/libsofthsm2.so", "pin", "123456", "slot-list-index", "-1");

        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs11", settings))
                .isInstanceOf(VaultKeyException.class)
                .hasMessage("setting 'slot-list-index' of master key provider 'pkcs11' must be a whole number 0"
                        + " or more, got '-1'");
    }

    @Test
    void aWrongPasswordIsReportedWithoutRepeatingIt() throws Exception {
        Path file = directory.resolve("keys.p12");
        MasterKeyProviders.open("pkcs12", Map.of("path", file.toString(), "password", "right-one")).close();

        assertThatThrownBy(() -> MasterKeyProviders.open("pkcs12", Map.of("path", file.toString(),
                "password", "Tr0ub4dor&3")))
                .isInstanceOf(VaultKeyException.class)
                .hasMessageStartingWith("wrong passphrase or damaged key store")
                .hasMessageNotContaining("Tr0ub4dor")
                .hasMessageNotContaining("right-one");
    }
}
