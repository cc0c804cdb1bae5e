package dev.mamori.server.vault;

import dev.mamori.server.config.GeneratedPasswords;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.MasterKeyProviders;
import dev.mamori.vault.keys.VaultKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/** Wires the card vault: its master key provider and the {@link Vault} over the shared database. */
@Configuration
public class VaultConfig {
    private static final Logger log = LoggerFactory.getLogger(VaultConfig.class);
    static final String PASSWORD_FILE = "vault-keystore-password";

    @Bean(destroyMethod = "close")
    MasterKeyProvider masterKeyProvider(MamoriProperties properties) throws VaultKeyException {
        MamoriProperties.Vault settings = properties.vault();
        Map<String, String> config = new HashMap<>();
        switch (settings.keyProvider()) {
            case "pkcs12" -> {
                Path path = settings.keystorePath() != null ? settings.keystorePath() : properties.dataDir().resolve("vault-master.p12");
                config.put("path", path.toAbsolutePath().toString());
                config.put("password", keystorePassword(settings, properties.dataDir()));
            }
            case "pkcs11" -> {
                config.put("library", settings.pkcs11Library().toString());
                config.put("slot-list-index", Integer.toString(settings.pkcs11SlotListIndex()));
                if (settings.pkcs11Pin() == null || settings.pkcs11Pin().isBlank()) {
                    throw new IllegalStateException("mamori.vault.key-provider=pkcs11 needs the HSM user PIN in MAMORI_VAULT_PKCS11_PIN");
                }
                config.put("pin", settings.pkcs11Pin());
            }
            default -> { }
        }
        return MasterKeyProviders.open(settings.keyProvider(), config);
    }

    @Bean
    @DependsOn("moduleMigrations")
    Vault vault(DataSource dataSource, MasterKeyProvider master, Clock clock, MamoriProperties properties) {
        MamoriProperties.Vault settings = properties.vault();
        // Transaction-aware: a vault call inside a Spring transaction (with its audit record) joins it.
        Vault vault = new Vault(new TransactionAwareDataSourceProxy(dataSource), master, clock, settings.keyCacheTtl(),
                settings.securityCodeWindow());
        vault.keys().ensureMasterKey();
        return vault;
    }

    /**
     * The key store passphrase comes from {@code MAMORI_VAULT_KEYSTORE_PASSWORD}. So that a first
     * {@code ./mamori up} needs nothing, an instance without one generates a passphrase into an
     * owner-only file in the data directory and says so: fine for a demo, not for production,
     * where the passphrase must not sit beside the key store.
     */
    private static String keystorePassword(MamoriProperties.Vault settings, Path dataDir) {
        if (settings.keystorePassword() != null && !settings.keystorePassword().isBlank()) {
            return settings.keystorePassword();
        }
        Path file = dataDir.resolve(PASSWORD_FILE);
        if (!Files.exists(file)) {
            log.warn("MAMORI_VAULT_KEYSTORE_PASSWORD is not set: generating a key store passphrase into {}; "
                    + "set the variable (and remove the file) before holding real card data", file);
        }
        return new String(GeneratedPasswords.loadOrCreate(file));
    }
}
