package dev.mamori.vault.scan.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * Masks the card numbers in a short text that comes from outside, such as a file name, an archive
 * entry name, a primary key value or an error message, with the scanner's own rules (public test
 * numbers included): what the scanner would report is what it hides. Keeps separators and the
 * first six and last four digits, like {@link dev.mamori.common.CardNumberDetector#mask}.
 */
public final class TextMasker {
    private TextMasker() {}

    public static String mask(String text) {
        if (text.length() < 13) {
            return text;
        }
        StringBuilder out = new StringBuilder(text);
        PanByteScanner engine = new PanByteScanner(PanByteScanner.MIN_BUFFER_SIZE, TestCardNumbers.builtIn());
        try {
            engine.scan(new CharSource(new StringReader(text)),
                    (offset, length, line, column, brand, masked, testCard) -> maskSpan(out, (int) offset, (int) offset + length));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return out.toString();
    }

    private static void maskSpan(StringBuilder out, int start, int end) {
        int total = 0;
        for (int i = start; i < end; i++) {
            if (Character.isDigit(out.charAt(i))) {
                total++;
            }
        }
        int index = 0;
        for (int i = start; i < end; i++) {
            if (Character.isDigit(out.charAt(i))) {
                if (index >= 6 && index < total - 4) {
                    out.setCharAt(i, '*');
                }
                index++;
            }
        }
    }
}
