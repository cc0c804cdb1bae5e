package dev.mamori.server.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one of the instance's own PKCS#12 key stores is, and its passphrase: the configured path (which
 * must exist: it holds a key a CA certified) and password, else {@code <data-dir>/<name>.p12}, created
 * on first start, with a passphrase generated into {@code <data-dir>/<name>-password}.
 */
public record OwnKeyStore(Path file, char[] password) {

    /** @param pathProperty the setting {@code configuredPath} came from, named when the file is missing */
    public static OwnKeyStore resolve(Path dataDir, String name, String pathProperty, String configuredPath, String configuredPassword) {
        boolean configured = configuredPath != null && !configuredPath.isBlank();
        Path file = configured ? Path.of(configuredPath) : dataDir.resolve(name + ".p12");
        if (configured && !Files.exists(file)) {
            throw new IllegalStateException(pathProperty + " " + file + " does not exist");
        }
        char[] password = configuredPassword != null && !configuredPassword.isBlank() ? configuredPassword.toCharArray()
                : GeneratedPasswords.loadOrCreate(dataDir.resolve(name + "-password"));
        return new OwnKeyStore(file, password);
    }
}
