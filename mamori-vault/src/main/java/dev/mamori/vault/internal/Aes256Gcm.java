package dev.mamori.vault.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit IV per message; output is IV, ciphertext, 128-bit tag.
 *
 * <p>Security guarantees: {@link #decrypt} throws unless the bytes and the associated data are
 * exactly what {@link #encrypt} produced with the same key. Random IVs keep the per-key message
 * limit at 2^32 (NIST SP 800-38D 8.3); each tenant's data key is rotated long before that.
 */
public final class Aes256Gcm {
    public static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aes256Gcm() {}

    public static SecretKey key(byte[] material) {
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        return new SecretKeySpec(material, "AES");
    }

    public static byte[] newKeyMaterial() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] associatedData) {
        try {
            byte[] out = new byte[IV_BYTES + plaintext.length + TAG_BITS / 8];
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws GeneralSecurityException when the ciphertext or associated data was changed, or the key is wrong */
    public static byte[] decrypt(SecretKey key, byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    }

    public static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
