package dev.mamori.vault.keys;

import java.util.Map;

/**
 * Creates a {@link MasterKeyProvider} from configuration settings: the extension point for
 * plugging in another key store or HSM (in the manner of Keycloak's {@code ProviderFactory}).
 *
 * <p>Implementations have a public no-argument constructor and are listed in
 * {@code META-INF/services/dev.mamori.vault.keys.MasterKeyProviderFactory};
 * {@link MasterKeyProviders#open} finds them by {@link #id()}. Built in: {@code "pkcs12"}
 * ({@link Pkcs12MasterKeyProviderFactory}) and {@code "pkcs11"} ({@link Pkcs11MasterKeyProviderFactory}).
 */
public interface MasterKeyProviderFactory {

    /** The id used in configuration to choose this provider; lower case, stable. */
    String id();

    /**
     * Opens a provider.
     *
     * @param settings the provider's settings by name; secrets (passwords, PINs) among them
     * @throws VaultKeyException when a required setting is missing or invalid (the message names it
     *     and never repeats a secret's value), or the provider cannot be opened
     */
    MasterKeyProvider create(Map<String, String> settings) throws VaultKeyException;
}
