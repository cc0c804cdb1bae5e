package dev.mamori.bench;

import java.util.SplittableRandom;

/**
 * Synthetic card numbers for benchmarks: Luhn-valid, in the ranges of Visa (4), Mastercard
 * (51-55) and JCB (3528-3589), 16 digits (a length every one of these brands issues). Random
 * digits in a real brand range can collide with a real card, so they are used only against a
 * vault that holds test data, never printed.
 */
final class TestCards {
    private static final String[] PREFIXES = {"4", "51", "52", "53", "54", "55", "3528", "3566", "3589"};

    private TestCards() {}

    /** {@code count} card numbers, reproducible from {@code seed}. */
    static String[] generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = next(random, PREFIXES[i % PREFIXES.length]);
        }
        return out;
    }

    private static String next(SplittableRandom random, String prefix) {
        char[] digits = new char[16];
        for (int i = 0; i < prefix.length(); i++) {
            digits[i] = prefix.charAt(i);
        }
        for (int i = prefix.length(); i < 15; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        digits[15] = (char) ('0' + checkDigit(digits));
        return new String(digits);
    }

    /** The Luhn check digit for the first 15 digits. */
    private static int checkDigit(char[] digits) {
        int sum = 0;
        // Counting from the check digit's left neighbour, every other digit is doubled.
        for (int i = 14, k = 0; i >= 0; i--, k++) {
            int d = digits[i] - '0';
            if (k % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
