package dev.mamori.threeds.challenge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link SecretSealer} with AES-256-GCM (random 96-bit nonce, the context as associated data) and
 * HMAC-SHA256, under two 32-byte keys the caller derives and keeps outside the database.
 */
public final class AesGcmSecretSealer implements SecretSealer {
    private static final String VERSION = "g1:";
    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec sealKey;
    private final SecretKeySpec macKey;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecretSealer(byte[] sealKey, byte[] macKey) {
        if (sealKey.length != 32 || macKey.length < 32) {
            throw new IllegalArgumentException("keys must be 32 bytes");
        }
        if (Arrays.equals(sealKey, macKey)) {
            throw new IllegalArgumentException("the sealing key and the MAC key must differ");
        }
        this.sealKey = new SecretKeySpec(sealKey, "AES");
        this.macKey = new SecretKeySpec(macKey, "HmacSHA256");
    }

    @Override
    public String seal(byte[] secret, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the secret", e);
        }
    }

    @Override
    public byte[] open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("unknown sealed secret format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            if (all.length <= NONCE_BYTES) {
                throw new IllegalStateException("sealed secret too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("sealed secret does not open", e);
        }
    }

    @Override
    public byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
