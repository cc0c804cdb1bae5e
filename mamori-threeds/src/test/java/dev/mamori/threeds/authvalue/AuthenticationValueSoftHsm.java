package dev.mamori.threeds.authvalue;

import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for this module's PKCS#11 test, made once per JVM under
 * {@code target/softhsm}, as the vault's tests do: surefire sets {@code SOFTHSM2_CONF} (see this
 * module's pom), this class writes that file and initialises the token. A missing SoftHSM2 fails
 * the test rather than skipping it, so the HSM path is never silently untested.
 */
final class AuthenticationValueSoftHsm {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String PIN = "123456";
    private static boolean ready;

    private AuthenticationValueSoftHsm() {
    }

    static synchronized void ensureReady() throws Exception {
        if (ready) {
            return;
        }
        Path util = Path.of("/usr/bin/softhsm2-util");
        if (!Files.isRegularFile(LIBRARY) || !Files.isExecutable(util)) {
            fail("SoftHSM2 is not installed (need " + LIBRARY + " and softhsm2-util): apt-get install softhsm2");
        }
        String setting = System.getenv("SOFTHSM2_CONF");
        if (setting == null || setting.isBlank()) {
            fail("SOFTHSM2_CONF is not set: run the test through Maven, whose surefire configuration sets it");
        }
        Path conf = Path.of(setting).toAbsolutePath();
        Path tokens = conf.getParent().resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> paths = Files.walk(tokens)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        ProcessBuilder init = new ProcessBuilder(util.toString(), "--init-token", "--free", "--label", "mamori-threeds-test",
                "--pin", PIN, "--so-pin", "654321").redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", conf.toString());
        Process process = init.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("softhsm2-util --init-token failed: " + output);
        }
        ready = true;
    }
}
