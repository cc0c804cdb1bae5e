package dev.mamori.vault.scan.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * Characters as the engine's bytes, one byte per character so offsets are character offsets:
 * ASCII as is, full-width digits and the ideographic space and full-width hyphen as their ASCII
 * counterparts (Japanese input methods type them), anything else as a byte that is neither a
 * digit, a separator nor a letter.
 */
public final class CharSource implements PanByteScanner.Source {
    private final Reader reader;
    private char[] chars = new char[0];

    public CharSource(Reader reader) {
        this.reader = reader;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int want = Math.min(length, 64 * 1024);
        if (chars.length < want) {
            chars = new char[want];
        }
        int n = reader.read(chars, 0, Math.min(length, chars.length));
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            byte b;
            if (c < 0x80) {
                b = (byte) c;
            } else if (c >= '\uFF10' && c <= '\uFF19') {
                b = (byte) ('0' + (c - '\uFF10'));
            } else if (c == '\u3000') {
                b = ' ';
            } else if (c == '\uFF0D') {
                b = '-';
            } else {
                b = (byte) 0x80;
            }
            buffer[offset + i] = b;
        }
        return n;
    }
}
