package dev.mamori.vault.keys;

import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Opens a {@link MasterKeyProvider} by the id of its {@link MasterKeyProviderFactory}. */
public final class MasterKeyProviders {

    private MasterKeyProviders() {
    }

    /**
     * Finds the factory with {@code id} through {@link ServiceLoader} and creates a provider.
     *
     * @throws VaultKeyException when no factory has that id (the message lists the known ids), a
     *     required setting is missing (the message names it), or the provider cannot be opened
     */
    public static MasterKeyProvider open(String id, Map<String, String> settings) throws VaultKeyException {
        Map<String, MasterKeyProviderFactory> factories = factories();
        MasterKeyProviderFactory factory = id == null ? null : factories.get(id);
        if (factory == null) {
            throw new VaultKeyException("unknown master key provider " + (id == null ? "(none given)" : "'" + id + "'")
                    + "; known providers: " + String.join(", ", factories.keySet()));
        }
        return factory.create(settings == null ? Map.of() : settings);
    }

    /** Every factory found, by id, sorted. */
    static Map<String, MasterKeyProviderFactory> factories() throws VaultKeyException {
        // The context class loader sees plug-ins of an application server or a Spring Boot jar;
        // fall back to ours when a thread has none.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MasterKeyProviders.class.getClassLoader();
        }
        var byId = new TreeMap<String, MasterKeyProviderFactory>();
        try {
            for (MasterKeyProviderFactory factory : ServiceLoader.load(MasterKeyProviderFactory.class, loader)) {
                MasterKeyProviderFactory other = byId.putIfAbsent(factory.id(), factory);
                if (other != null && other.getClass() != factory.getClass()) {
                    throw new VaultKeyException("two master key provider factories have the id '" + factory.id()
                            + "': " + other.getClass().getName() + " and " + factory.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            // A plug-in jar whose services file names a class that is missing or cannot be built.
            throw new VaultKeyException("could not load the master key provider factories: " + e.getMessage(), e);
        }
        return byId;
    }

    /** The value of a required setting. @throws VaultKeyException naming the setting when absent or blank */
    static String required(String providerId, Map<String, String> settings, String name) throws VaultKeyException {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw new VaultKeyException("master key provider '" + providerId + "' needs the setting '"
                    + name + "'");
        }
        return value;
    }
}
