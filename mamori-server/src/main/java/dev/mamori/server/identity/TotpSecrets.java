package dev.mamori.server.identity;

import dev.mamori.server.config.PlatformSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals TOTP secrets for storage: AES-256-GCM under a key derived from the platform secret, with
 * the user id as associated data so a sealed secret copied to another user's row does not open.
 */
@Component
class TotpSecrets {
    private static final String VERSION = "v1:";
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    TotpSecrets(PlatformSecret secret) {
        this.key = new SecretKeySpec(secret.derive("totp-secrets"), "AES");
    }

    String seal(UUID userId, String base32) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(userId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(base32.getBytes(StandardCharsets.US_ASCII));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal TOTP secret", e);
        }
    }

    /** @throws IllegalStateException when the stored value was changed or belongs to another user */
    String open(UUID userId, String stored) {
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException("unknown TOTP secret format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(userId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("stored TOTP secret does not open", e);
        }
    }
}
