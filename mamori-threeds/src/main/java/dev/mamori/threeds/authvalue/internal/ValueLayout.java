package dev.mamori.threeds.authvalue.internal;

import java.util.Arrays;

/**
 * The 20 bytes of an authentication value:
 *
 * <pre>
 *  byte  0      version (1)
 *  byte  1      ECI as a binary number (5 = "05", 2 = "02", 6 = "06", 1 = "01")
 *  byte  2      authentication method: 0 frictionless, 1 SMS OTP, 2 e-mail OTP, 3 authenticator app, 4 out of band
 *  byte  3      key index: the value was computed under the tenant's key 3ds-av-&lt;index&gt;
 *  bytes 4-7    unpredictable number: the first 4 bytes of SHA-256 over the ACS transaction id
 *  bytes 8-11   origin MAC: over bytes 0-7 and 12-19, no payment data (proves the issuer's key made this value)
 *  bytes 12-19  binding MAC: over bytes 0-7 and the payment (card, amount, currency, merchant)
 * </pre>
 *
 * The header (bytes 0-7) travels in clear so the verifier knows the key and the ECI. The two MACs
 * let it tell a value the issuer never made or that was altered (origin MAC wrong: forged) from a
 * genuine value presented for another payment (origin right, binding wrong: mismatched).
 */
public final class ValueLayout {
    public static final int LENGTH = 20;
    public static final int HEADER = 8;
    public static final int VERSION = 1;
    public static final int ORIGIN_MAC_OFFSET = 8;
    public static final int ORIGIN_MAC_LENGTH = 4;
    public static final int BINDING_MAC_OFFSET = 12;
    public static final int BINDING_MAC_LENGTH = 8;

    private ValueLayout() {
    }

    public static byte[] header(int eci, int method, int keyIndex, byte[] unpredictable) {
        byte[] header = new byte[HEADER];
        header[0] = VERSION;
        header[1] = (byte) eci;
        header[2] = (byte) method;
        header[3] = (byte) keyIndex;
        System.arraycopy(unpredictable, 0, header, 4, 4);
        return header;
    }

    public static byte[] headerOf(byte[] value) {
        return Arrays.copyOf(value, HEADER);
    }

    public static int version(byte[] value) {
        return value[0] & 0xff;
    }

    public static int eci(byte[] value) {
        return value[1] & 0xff;
    }

    public static int method(byte[] value) {
        return value[2] & 0xff;
    }

    public static int keyIndex(byte[] value) {
        return value[3] & 0xff;
    }

    public static byte[] originMac(byte[] value) {
        return Arrays.copyOfRange(value, ORIGIN_MAC_OFFSET, ORIGIN_MAC_OFFSET + ORIGIN_MAC_LENGTH);
    }

    public static byte[] bindingMac(byte[] value) {
        return Arrays.copyOfRange(value, BINDING_MAC_OFFSET, BINDING_MAC_OFFSET + BINDING_MAC_LENGTH);
    }

    public static byte[] assemble(byte[] header, byte[] originMac, byte[] bindingMac) {
        byte[] value = new byte[LENGTH];
        System.arraycopy(header, 0, value, 0, HEADER);
        System.arraycopy(originMac, 0, value, ORIGIN_MAC_OFFSET, ORIGIN_MAC_LENGTH);
        System.arraycopy(bindingMac, 0, value, BINDING_MAC_OFFSET, BINDING_MAC_LENGTH);
        return value;
    }
}
