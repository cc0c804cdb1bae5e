package dev.mamori.vault.scan.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The public test card numbers of {@code test-card-numbers.txt} (Stripe, PayPal/Braintree,
 * Authorize.Net, Adyen). Held as a sorted {@code long[]}: a branded card number has no leading
 * zero and at most 19 digits starting with 2 to 6, so its value fits a {@code long} and is unique.
 */
public final class TestCardNumbers {
    private static final String RESOURCE = "test-card-numbers.txt";
    private static final TestCardNumbers BUILT_IN = load();

    private final long[] values;

    private TestCardNumbers(long[] values) {
        this.values = values;
    }

    public static TestCardNumbers builtIn() {
        return BUILT_IN;
    }

    public int size() {
        return values.length;
    }

    /** Whether {@code digits[0..count)} (ASCII digits) is a known test card number. */
    public boolean contains(byte[] digits, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value * 10 + (digits[i] - '0');
        }
        return Arrays.binarySearch(values, value) >= 0;
    }

    private static TestCardNumbers load() {
        try (InputStream in = TestCardNumbers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            long[] values = new long[64];
            int count = 0;
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                int hash = line.indexOf('#');
                String number = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (number.isEmpty()) {
                    continue;
                }
                if (!number.matches("[2-6][0-9]{12,18}") || !luhn(number)) {
                    // The list holds public test numbers only, so naming the line is safe and enough.
                    throw new IllegalStateException(RESOURCE + " line " + lineNumber + " is not a branded, Luhn-valid number");
                }
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                values[count++] = Long.parseLong(number);
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return new TestCardNumbers(sorted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean luhn(String number) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            int d = number.charAt(i) - '0';
            sum += doubleIt ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
