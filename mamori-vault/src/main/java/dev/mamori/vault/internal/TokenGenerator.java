package dev.mamori.vault.internal;

import dev.mamori.common.Luhn;
import java.security.SecureRandom;
import java.util.Base64;

/** New token values. Uniqueness within a tenant is the database's primary key; callers retry on a clash. */
public final class TokenGenerator {
    public static final String OPAQUE_PREFIX = "tok_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenGenerator() {}

    /** {@code tok_} and 128 random bits in base64url. */
    public static String opaque() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return OPAQUE_PREFIX + BASE64URL.encodeToString(bytes);
    }

    /**
     * 12 random digits and the card's last four. When the result happens to pass the Luhn check,
     * the first digit is changed: it sits in a doubled position, and doubling permutes the digits,
     * so any change moves the Luhn sum off a multiple of ten.
     */
    public static String formatPreserving(String last4) {
        char[] digits = new char[16];
        for (int i = 0; i < 12; i++) {
            digits[i] = (char) ('0' + RANDOM.nextInt(10));
        }
        last4.getChars(0, 4, digits, 12);
        String token = new String(digits);
        if (Luhn.isValid(token)) {
            digits[0] = (char) ('0' + (digits[0] - '0' + 1) % 10);
            token = new String(digits);
        }
        return token;
    }

    public static boolean looksLikeToken(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        if (value.startsWith(OPAQUE_PREFIX)) {
            return value.length() == 26 && value.chars().skip(4).allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
        }
        // Format-preserving tokens never pass Luhn: 16 digits that do are a card number, not a token.
        return value.length() == 16 && value.chars().allMatch(c -> c >= '0' && c <= '9') && !Luhn.isValid(value);
    }
}
