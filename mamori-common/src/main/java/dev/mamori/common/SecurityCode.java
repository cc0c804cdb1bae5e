package dev.mamori.common;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A card security code (CVC2, CVV2, CID): three digits, four on American Express cards.
 *
 * <p>Security guarantees: PCI DSS 3.3.1.2 forbids storing it after authorization, so this type
 * has no way to be stored: no serializer, a {@code toString} that prints nothing of it, and the
 * digits held in a byte array that {@link #wipe()} overwrites (a {@code String} could not be
 * wiped and would linger in the heap until collected). Reading the digits needs the same
 * searchable {@link InsecurePanAccess#get()} token as a card number.
 */
public final class SecurityCode {
    private final byte[] digits;

    private SecurityCode(byte[] digits) {
        this.digits = digits;
    }

    /**
     * Parses a security code of 3 or 4 ASCII or full-width digits.
     *
     * @throws IllegalArgumentException naming the rule broken, never the input
     */
    public static SecurityCode of(CharSequence text) {
        if (text == null || text.length() < 3 || text.length() > 4) {
            throw new IllegalArgumentException("security code must have 3 or 4 digits");
        }
        byte[] digits = new byte[text.length()];
        for (int i = 0; i < digits.length; i++) {
            char c = text.charAt(i);
            if (c >= '\uFF10' && c <= '\uFF19') {
                c = (char) ('0' + (c - '\uFF10'));
            }
            if (c < '0' || c > '9') {
                Arrays.fill(digits, (byte) 0);
                throw new IllegalArgumentException("security code must have 3 or 4 digits");
            }
            digits[i] = (byte) c;
        }
        return new SecurityCode(digits);
    }

    public int length() {
        return digits.length;
    }

    /** Constant-time comparison with the digits in {@code expected} (e.g. a computed CVC2). */
    public boolean matches(byte[] expected) {
        return MessageDigest.isEqual(digits, expected);
    }

    /** A copy of the ASCII digits; the caller wipes it. Needs {@link InsecurePanAccess#get()}. */
    public byte[] reveal(PanAccess access) {
        if (access != PanAccess.INSTANCE) {
            throw new IllegalArgumentException("PanAccess required");
        }
        return digits.clone();
    }

    /** Overwrites the digits with zero bytes; afterwards nothing matches. */
    public void wipe() {
        Arrays.fill(digits, (byte) 0);
    }

    public boolean isWiped() {
        for (byte b : digits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SecurityCode[***]";
    }
}
