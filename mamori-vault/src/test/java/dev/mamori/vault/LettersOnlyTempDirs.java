package dev.mamori.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir} directories named with letters only. JUnit's default name ends in a random
 * 19-digit number, which now and then is a Luhn-valid card number by chance: the PAN scanner then
 * (rightly) masks the path it reports, and a test comparing paths fails. Set as the default in
 * {@code junit-platform.properties}.
 */
public final class LettersOnlyTempDirs implements TempDirFactory {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext) throws Exception {
        StringBuilder name = new StringBuilder("mamori-test-");
        for (int i = 0; i < 16; i++) {
            name.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir")).resolve(name.toString()));
    }
}
