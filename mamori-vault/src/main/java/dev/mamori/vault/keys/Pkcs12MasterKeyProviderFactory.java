package dev.mamori.vault.keys;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Id {@code "pkcs12"}: {@link Pkcs12MasterKeyProvider}. Settings: {@code path} (the key store file,
 * created when absent) and {@code password} (its passphrase).
 */
public final class Pkcs12MasterKeyProviderFactory implements MasterKeyProviderFactory {

    public static final String ID = "pkcs12";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MasterKeyProvider create(Map<String, String> settings) throws VaultKeyException {
        String path = MasterKeyProviders.required(ID, settings, "path");
        char[] password = MasterKeyProviders.required(ID, settings, "password").toCharArray();
        try {
            return Pkcs12MasterKeyProvider.open(Path.of(path), password);
        } catch (InvalidPathException e) {
            throw new VaultKeyException("setting 'path' of master key provider 'pkcs12' is not a valid path: "
                    + e.getReason(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
