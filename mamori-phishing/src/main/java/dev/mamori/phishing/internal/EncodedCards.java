package dev.mamori.phishing.internal;

import dev.mamori.common.CardNumberDetector;

/**
 * Card numbers written with URL-encoded separators, as a phishing kit's query string carries what
 * a victim typed: {@code 4111+1111+1111+1111}, {@code 4111%201111%201111%201111}, {@code %2D} for
 * a hyphen. {@link CardNumberDetector} knows blanks and hyphens only; this reads {@code +},
 * {@code %20} and {@code %2D} as those, then masks the digits in the text as written.
 */
public final class EncodedCards {
    private EncodedCards() {
    }

    /** The text with every card number masked, plain or with URL-encoded separators. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String plain = CardNumberDetector.mask(text);
        Decoded decoded = Decoded.of(plain);
        if (decoded == null) {
            return plain;
        }
        String masked = CardNumberDetector.mask(decoded.text);
        if (masked == decoded.text || masked.length() != decoded.text.length()) {
            return plain;
        }
        char[] out = plain.toCharArray();
        for (int j = 0; j < masked.length(); j++) {
            if (masked.charAt(j) != decoded.text.charAt(j)) {
                out[decoded.origin[j]] = masked.charAt(j);
            }
        }
        return new String(out);
    }

    /** {@code text} with {@code +}, {@code %20} and {@code %2D} read as a blank or hyphen, for {@link CardNumberDetector#scan}. */
    public static String decodeSeparators(String text) {
        Decoded decoded = Decoded.of(text);
        return decoded == null ? text : decoded.text;
    }

    /** Text with encoded separators decoded, and for each of its characters the index it came from. */
    private record Decoded(String text, int[] origin) {
        static Decoded of(String text) {
            if (text.indexOf('+') < 0 && text.indexOf('%') < 0) {
                return null;
            }
            StringBuilder out = new StringBuilder(text.length());
            int[] origin = new int[text.length()];
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                origin[out.length()] = i;
                if (c == '+') {
                    out.append(' ');
                    i++;
                } else if (c == '%' && i + 2 < text.length() && text.charAt(i + 1) == '2'
                        && (text.charAt(i + 2) == '0' || text.charAt(i + 2) == 'D' || text.charAt(i + 2) == 'd')) {
                    out.append(text.charAt(i + 2) == '0' ? ' ' : '-');
                    i += 3;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return new Decoded(out.toString(), origin);
        }
    }
}
