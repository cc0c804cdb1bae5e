package dev.mamori.vault.keys;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key check value (KCV) of a key: the first three bytes of ECB-encrypting one block of zeros
 * under it, as six upper-case hex digits; 16 zero bytes under AES for an AES key, 8 zero bytes
 * under TDEA (DESede) for a DES key (the first of the two methods of PCI PIN requirement 15-1 and
 * ANSI X9.24-1). Key custodians compare KCVs to confirm that the right key was loaded without
 * revealing it; three bytes say nothing useful about the key.
 */
public final class KeyCheckValue {

    /** The block that is encrypted; PKCS#11 providers encrypt it inside the token. */
    static final int BLOCK_SIZE = 16;
    /** The DES block that is encrypted for a DES key's KCV. */
    static final int DES_BLOCK_SIZE = 8;

    private static final int KCV_BYTES = 3;
    private static final int AES_256_KEY_BYTES = 32;
    private static final int DOUBLE_LENGTH_DES_KEY_BYTES = 16;

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

    /**
     * The KCV of a double-length DES key (16 bytes, key A then key B: TDEA keying option 2, the
     * form of card verification keys): TDEA with (A, B, A) of 8 zero bytes. Does not keep or
     * change {@code key}.
     *
     * @throws IllegalArgumentException when the key is not 16 bytes long (the message gives the
     *     length only)
     */
    public static String ofDoubleLengthDes(byte[] key) {
        if (key == null || key.length != DOUBLE_LENGTH_DES_KEY_BYTES) {
            throw new IllegalArgumentException("a double-length DES key is 16 bytes, got "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        byte[] keyAba = new byte[24];
        byte[] block = null;
        try {
            System.arraycopy(key, 0, keyAba, 0, 16);
            System.arraycopy(key, 0, keyAba, 16, 8);
            Cipher ecb = Cipher.getInstance("DESede/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAba, "DESede"));
            block = ecb.doFinal(new byte[DES_BLOCK_SIZE]);
            return fromEncryptedZeroBlock(block);
        } catch (GeneralSecurityException e) {
            // DESede/ECB/NoPadding is mandatory in every Java platform; this is a broken JDK.
            throw new IllegalStateException("DESede/ECB/NoPadding is not available", e);
        } finally {
            Arrays.fill(keyAba, (byte) 0);
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
