package dev.mamori.common;

/** The Luhn (mod 10) check used by every card number (ISO/IEC 7812-1 Annex B). */
public final class Luhn {
    private Luhn() {}

    /** True when {@code digits} holds only ASCII digits, at least two, and passes the Luhn check. */
    public static boolean isValid(CharSequence digits) {
        int length = digits.length();
        if (length < 2) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = length - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            sum += doubleIt ? DOUBLED[d] : d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** The digit that, appended to {@code payload}, makes it Luhn-valid. */
    public static char checkDigit(CharSequence payload) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("payload must contain digits only");
            }
            sum += doubleIt ? DOUBLED[d] : d;
            doubleIt = !doubleIt;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    // Precomputed "double, then subtract 9 if over 9" so the loop has no branch for it.
    static final int[] DOUBLED = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
}
