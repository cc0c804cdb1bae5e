package dev.mamori.vault.keys;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key check value (KCV) of an AES key: the first three bytes of AES-ECB-encrypting one block of
 * zeros, as six upper-case hex digits. Key custodians compare KCVs to confirm that the right key
 * was loaded without revealing it; three bytes say nothing useful about the key.
 */
public final class KeyCheckValue {

    /** The block that is encrypted; PKCS#11 providers encrypt it inside the token. */
    static final int BLOCK_SIZE = 16;

    private static final int KCV_BYTES = 3;
    private static final int AES_256_KEY_BYTES = 32;

    private KeyCheckValue() {
    }

    /**
     * The KCV of an AES-256 key. Does not keep or change {@code aes256Key}.
     *
     * @throws IllegalArgumentException when the key is not 32 bytes long (the message gives the
     *     length only)
     */
    public static String of(byte[] aes256Key) {
        if (aes256Key == null || aes256Key.length != AES_256_KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes, got "
                    + (aes256Key == null ? "null" : aes256Key.length + " bytes"));
        }
        byte[] block = null;
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes256Key, "AES"));
            block = ecb.doFinal(new byte[BLOCK_SIZE]);
            return fromEncryptedZeroBlock(block);
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding is mandatory in every Java platform; this is a broken JDK.
            throw new IllegalStateException("AES/ECB/NoPadding is not available", e);
        } finally {
            if (block != null) {
                Arrays.fill(block, (byte) 0);
            }
        }
    }

    /** The KCV given the encryption of the zero block, e.g. computed inside an HSM. */
    static String fromEncryptedZeroBlock(byte[] encryptedZeroBlock) {
        return HexFormat.of().withUpperCase().formatHex(encryptedZeroBlock, 0, KCV_BYTES);
    }
}
