package dev.mamori.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The instance's own secret, kept outside the database so that someone who can write the database
 * cannot forge what it protects: the audit chain's HMAC, the idempotency records. Purpose-bound
 * keys are derived from it with HMAC-SHA256.
 *
 * <p>Taken from {@code mamori.platform-secret} (base64, at least 32 bytes; set it the same on every
 * instance that shares a database), else from {@code <data-dir>/platform-secret}, created with
 * owner-only permissions at first start. The vault's key providers (key store file, HSM) will
 * hold it later; until then this file is the root of trust, so back it up with the database.
 */
@Component
public class PlatformSecret {
    private static final String FILE_NAME = "platform-secret";
    private final byte[] master;

    public PlatformSecret(MamoriProperties properties) {
        this.master = properties.platformSecret() != null && !properties.platformSecret().isBlank()
                ? decode(properties.platformSecret())
                : loadOrCreate(properties.dataDir().resolve(FILE_NAME));
    }

    /** A 32-byte key for one purpose, e.g. {@code "audit-chain"}. The same purpose always gives the same key. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(("mamori/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length < 32) {
            throw new IllegalStateException("mamori.platform-secret must be at least 32 bytes (base64)");
        }
        return key;
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the platform secret " + file, e);
        }
    }
}
