package dev.mamori.vault.keys;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Key check value: the first three bytes of AES-encrypting a zero block, upper-case hex. */
public final class KeyCheckValue {
    private KeyCheckValue() {}

    public static String of(byte[] aes256Key) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes256Key, "AES"));
            byte[] block = cipher.doFinal(new byte[16]);
            return HexFormat.of().formatHex(block, 0, 3).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }
}
