package dev.mamori.common;

import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * A primary account number (card number): 13 to 19 digits that pass the Luhn check.
 *
 * <p>Security guarantees: {@link #toString()} shows at most the first six and last four digits;
 * the digits are reachable only through {@link #reveal(PanAccess)}; error messages never repeat
 * the input. This is deliberately not a record (records print every component) and has no
 * serializer: modules that must send a PAN do it explicitly with {@code reveal}.
 */
public final class Pan {
    public static final int MIN_LENGTH = 13;
    public static final int MAX_LENGTH = 19;

    private final char[] digits;

    private Pan(char[] digits) {
        this.digits = digits;
    }

    /**
     * Parses a card number. Spaces and hyphens between digit groups are accepted, as people type
     * them, and so are full-width digits, the ideographic space and the full-width hyphen that
     * Japanese input methods produce; anything else is rejected.
     *
     * @throws InvalidPanException naming the rule broken (required, digits, length, luhn), never the input
     */
    public static Pan of(CharSequence text) {
        if (text == null) {
            throw new InvalidPanException("required", "card number is required");
        }
        char[] buffer = new char[MAX_LENGTH];
        try {
            int count = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '\uFF10' && c <= '\uFF19') {
                    c = (char) ('0' + (c - '\uFF10'));
                }
                if (c >= '0' && c <= '9') {
                    if (count == MAX_LENGTH) {
                        throw lengthError();
                    }
                    buffer[count++] = c;
                } else if (c != ' ' && c != '-' && c != '\u3000' && c != '\uFF0D') {
                    throw new InvalidPanException("digits", "card number must contain digits only");
                }
            }
            if (count < MIN_LENGTH) {
                throw lengthError();
            }
            if (!Luhn.isValid(CharBuffer.wrap(buffer, 0, count))) {
                throw new InvalidPanException("luhn", "card number fails the Luhn check");
            }
            return new Pan(Arrays.copyOf(buffer, count));
        } finally {
            Arrays.fill(buffer, '\0');
        }
    }

    private static InvalidPanException lengthError() {
        return new InvalidPanException("length", "card number must have 13 to 19 digits");
    }

    /** The digits in clear. Needs the searchable {@link InsecurePanAccess#get()} token. */
    public String reveal(PanAccess access) {
        if (access != PanAccess.INSTANCE) {
            throw new IllegalArgumentException("PanAccess required");
        }
        return new String(digits);
    }

    public int length() {
        return digits.length;
    }

    /** The brand whose IIN range this number is in, or {@code null} when Mamori knows none. */
    public CardBrand brand() {
        return CardBrand.detect(CharBuffer.wrap(digits));
    }

    /** The first six digits, as used for routing and risk. */
    public String bin() {
        return new String(digits, 0, 6);
    }

    public String last4() {
        return new String(digits, digits.length - 4, 4);
    }

    /** First six, asterisks, last four: the most PCI DSS 3.4.1 allows to display. */
    public String masked() {
        char[] out = new char[digits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (i < 6 || i >= out.length - 4) ? digits[i] : '*';
        }
        return new String(out);
    }

    /** Overwrites the digits held by this object; {@code reveal} then returns zeros. */
    public void wipe() {
        Arrays.fill(digits, '0');
    }

    @Override
    public String toString() {
        return "Pan[" + masked() + "]";
    }
}
