package dev.mamori.threeds.authvalue;

import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the default key provider, a PKCS#12 key store file. */
class AuthenticationValuesTest extends AuthenticationValuesContract {
    @TempDir
    Path directory;

    @Override
    protected MasterKeyProvider open() throws Exception {
        return Pkcs12MasterKeyProvider.open(directory.resolve("keys.p12"), "test-passphrase".toCharArray());
    }
}
