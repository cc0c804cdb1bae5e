package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Collections;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SoftHSM2 token for the PKCS#11 tests, created under {@code target/softhsm} once per JVM.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} when the library initialises, so surefire sets it for
 * the test JVM (see {@code mamori-vault/pom.xml}); this class writes that file, wipes the token
 * directory and runs {@code softhsm2-util --init-token} before any PKCS#11 call of the JVM.
 * A missing SoftHSM2 fails the tests: CI installs it, a skip would hide the HSM path.
 */
final class SoftHsmToken {

    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String LABEL = "mamori-test";
    static final String PIN = "123456";
    static final String SO_PIN = "654321";

    private static boolean ready;
    private static int rawInstances;

    private SoftHsmToken() {
    }

    /** Creates the token the first time it is called in this JVM. */
    static synchronized void ensureReady() throws Exception {
        if (ready) {
            return;
        }
        Path util = softhsmUtil();
        if (!Files.isRegularFile(LIBRARY) || util == null) {
            fail("SoftHSM2 is not installed (need " + LIBRARY + " and softhsm2-util):"
                    + " apt-get install softhsm2   (./mamori test and .ci/run install it)");
        }
        String confSetting = System.getenv("SOFTHSM2_CONF");
        if (confSetting == null || confSetting.isBlank()) {
            fail("SOFTHSM2_CONF is not set in the test JVM: run the tests through Maven, whose surefire"
                    + " configuration sets it to target/softhsm/softhsm2.conf");
        }
        Path conf = Path.of(confSetting).toAbsolutePath();
        Path tokens = conf.getParent().resolve("tokens");
        deleteRecursively(tokens);
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\n"
                + "objectstore.backend = file\n"
                + "log.level = ERROR\n");

        var command = new ProcessBuilder(util.toString(), "--init-token", "--free", "--label", LABEL,
                "--pin", PIN, "--so-pin", SO_PIN).redirectErrorStream(true);
        command.environment().put("SOFTHSM2_CONF", conf.toString());
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("softhsm2-util --init-token failed: " + output);
        }
        ready = true;
    }

    /** Removes every object from the token, so that each test starts empty. */
    static void clear() throws Exception {
        withRawKeyStore((store, provider) -> {
            for (String alias : Collections.list(store.aliases())) {
                store.deleteEntry(alias);
            }
            return null;
        });
    }

    interface KeyStoreUse<T> {
        T apply(KeyStore store, Provider provider) throws Exception;
    }

    /**
     * Logs in with a SunPKCS11 instance of its own, independent of the code under test, and logs
     * out afterwards. Call it only while no provider under test is open (a logout is process-wide).
     */
    static <T> T withRawKeyStore(KeyStoreUse<T> use) throws Exception {
        Provider provider = rawProvider();
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, PIN.toCharArray());
        try {
            return use.apply(store, provider);
        } finally {
            ((AuthProvider) provider).logout();
        }
    }

    private static synchronized Provider rawProvider() {
        return Security.getProvider("SunPKCS11").configure("--name=mamori-test-raw-" + (++rawInstances) + "\n"
                + "library = " + LIBRARY + "\n"
                + "slotListIndex = 0\n");
    }

    private static Path softhsmUtil() {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "softhsm2-util");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path usual = Path.of("/usr/bin/softhsm2-util");
        return Files.isExecutable(usual) ? usual : null;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
