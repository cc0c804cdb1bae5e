package dev.mamori.vault.scan.internal;

import dev.mamori.common.CardBrand;
import dev.mamori.common.Pan;
import java.io.IOException;

/**
 * The byte-level engine of {@code PanScanner}: finds card numbers in a stream of ASCII-compatible
 * bytes (ASCII, UTF-8, Latin-1, Shift_JIS digits) with the rules documented on
 * {@code dev.mamori.vault.scan.PanScanner}. One instance per thread; it reuses one buffer.
 *
 * <p>How it stays fast: the stream is read into one large buffer and examined in place (no
 * per-line strings, no regex, no allocation unless something is found). The inner loop does one
 * subtraction and one unsigned compare per non-digit byte. A run of digit groups is measured once
 * and skipped whole when it holds fewer than 13 digits, which is what dates, times, counters and
 * IP addresses are. Brand (from the first six digits), length and Luhn are checked before any of
 * the context rules, so those run only for the rare Luhn-valid branded candidate.
 *
 * <p>Buffer boundaries: each pass examines candidate starts in {@code [pos, len - CONTEXT)}, so
 * every candidate (at most 37 bytes) and the context its rules read ({@value #CONTEXT} bytes
 * either side at most) are in the buffer; the last {@value #CONTEXT} bytes before the next
 * start are kept as look-behind when the buffer is refilled. A number split by a read is
 * therefore found exactly as if the stream had been read at once.
 */
public final class PanByteScanner {

    /** Reads up to {@code length} bytes; -1 at the end. {@code InputStream::read} fits. */
    @FunctionalInterface
    public interface Source {
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    /** Receives each card number found. Never sees the digits, only their masked form. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param offset byte offset of the first digit in the stream, from 0
         * @param length bytes from the first digit to the last, separators included
         * @param line   line of the first digit, from 1 (lines end at {@code \n})
         * @param column byte column of the first digit in its line, from 1
         */
        void found(long offset, int length, long line, long column, CardBrand brand, String masked, boolean testCard);
    }

    /** Look-behind kept and look-ahead required around a candidate start, in bytes. */
    static final int CONTEXT = 128;
    /** The smallest buffer that still leaves room to make progress on each refill. */
    public static final int MIN_BUFFER_SIZE = 4 * CONTEXT;
    /** How far the hexadecimal-identifier rule looks along a token glued to a candidate. */
    private static final int TOKEN_LOOK = 64;
    private static final int UUID_LENGTH = 36;
    /** In a number written in groups, each group but the last has at least this many digits. */
    private static final int MIN_INNER_GROUP = 4;
    private static final int[] DOUBLED = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

    private final byte[] buf;
    private final TestCardNumbers testCards;
    /** Digits of the candidate being tried; a candidate never outlives one {@link #longestFrom}. */
    private final byte[] digits = new byte[Pan.MAX_LENGTH];
    private final DigitView digitView = new DigitView(digits);

    // Per-stream state. Hot fields are copied to locals in scanRange.
    private Listener listener;
    private long base;
    private long line;
    private long lineStart;
    private int len;
    private boolean eof;
    private int candidateDigits;

    public PanByteScanner(int bufferSize, TestCardNumbers testCards) {
        if (bufferSize < MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException("bufferSize must be at least " + MIN_BUFFER_SIZE);
        }
        this.buf = new byte[bufferSize];
        this.testCards = testCards;
    }

    /** Scans {@code source} to its end and returns the number of bytes read. */
    public long scan(Source source, Listener listener) throws IOException {
        this.listener = listener;
        base = 0;
        line = 1;
        lineStart = 0;
        len = fill(source, 0);
        eof = len < buf.length;
        int pos = 0;
        try {
            while (true) {
                int limit = eof ? len : len - CONTEXT;
                pos = scanRange(pos, limit);
                if (eof) {
                    return base + len;
                }
                // scanRange stops at or after limit, so keep >= len - 2 * CONTEXT > 0.
                int keep = Math.min(pos, limit) - CONTEXT;
                System.arraycopy(buf, keep, buf, 0, len - keep);
                base += keep;
                pos -= keep;
                len -= keep;
                int read = fill(source, len);
                len += read;
                eof = len < buf.length;
            }
        } finally {
            this.listener = null;
        }
    }

    private int fill(Source source, int from) throws IOException {
        int at = from;
        while (at < buf.length) {
            int n = source.read(buf, at, buf.length - at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return at - from;
    }

    /** Examines candidate starts in {@code [from, limit)}; returns where the next pass starts. */
    private int scanRange(int from, int limit) {
        final byte[] b = buf;
        int i = from;
        // The previous pass may have stopped inside a digit group: numbers start at a group start.
        if (i > 0 && isDigit(b[i - 1])) {
            while (i < len && isDigit(b[i])) {
                i++;
            }
        }
        long ln = line;
        long lnStart = lineStart;
        final long bs = base;
        while (i < limit) {
            int c = b[i];
            // The fast path: one subtract and one unsigned compare for a non-digit byte. Runs of
            // digits and separators never contain '\n', so counting lines here counts them all.
            if (((c - '0') & 0xFF) > 9) {
                if (c == '\n') {
                    ln++;
                    lnStart = bs + i + 1;
                }
                i++;
                continue;
            }
            line = ln;
            lineStart = lnStart;
            i = run(i, limit);
        }
        line = ln;
        lineStart = lnStart;
        return i;
    }

    /**
     * Handles the run of digit groups (joined by single spaces or hyphens) that starts at
     * {@code start}; returns the position after it, or the first group start at or after
     * {@code limit} when the run goes on past it.
     */
    private int run(int start, int limit) {
        final byte[] b = buf;
        final int n = len;
        int j = start;
        int count = 0;
        while (true) {
            while (j < n && isDigit(b[j])) {
                j++;
                count++;
            }
            if (j + 1 < n && isSeparator(b[j]) && isDigit(b[j + 1])) {
                j++;
                continue;
            }
            break;
        }
        // Dates, times, counters, amounts, IP addresses: the common case, skipped whole. (A run
        // cut by the buffer end spans at least CONTEXT bytes, so it never takes this exit early.)
        if (count < Pan.MIN_LENGTH) {
            return j;
        }
        int runEnd = j;
        int s = start;
        while (s < runEnd) {
            if (s >= limit) {
                return s; // the next pass starts at this group start
            }
            int end = longestFrom(s, runEnd);
            if (end > 0) {
                report(s, end);
                s = end;
            }
            while (s < runEnd && isDigit(b[s])) {
                s++;
            }
            s++; // the separator before the next group
        }
        return runEnd;
    }

    /**
     * The end of the longest card number that starts at group start {@code s} and ends at a group
     * end inside the run, or -1; its digits are left in {@link #digits}, their count in
     * {@link #candidateDigits}.
     */
    private int longestFrom(int s, int runEnd) {
        final byte[] b = buf;
        final byte[] d = digits;
        int count = 0;
        int best = -1;
        CardBrand brand = null;
        int j = s;
        while (j < runEnd) {
            int groupStart = j;
            while (j < runEnd && isDigit(b[j])) {
                if (count == Pan.MAX_LENGTH) {
                    return best;
                }
                d[count++] = b[j++];
                if (count == 6) {
                    brand = CardBrand.detect(digitView.withLength(6));
                    if (brand == null) {
                        return -1; // no brand starts this way: nothing from s can be a card number
                    }
                }
            }
            if (count >= Pan.MIN_LENGTH && brand.issuesLength(count) && luhn(d, count)
                    && contextAllows(s, j, count)) {
                best = j;
                candidateDigits = count;
            }
            if (j - groupStart < MIN_INNER_GROUP) {
                return best; // a short group may end a card number, never sit inside one
            }
            j++; // the separator
        }
        return best;
    }

    private static boolean luhn(byte[] d, int count) {
        int sum = 0;
        boolean doubleIt = false;
        for (int k = count - 1; k >= 0; k--) {
            int v = d[k] - '0';
            sum += doubleIt ? DOUBLED[v] : v;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * The context rules for the Luhn-valid branded candidate {@code [s, e)}: not the fraction or
     * integer part of a decimal number, not part of a hexadecimal identifier, not inside a UUID.
     */
    private boolean contextAllows(int s, int e, int count) {
        final byte[] b = buf;
        final int n = len;
        // 0.4111111111111111 (a double in a log line), 4111111111111111.5, 1.4111111111111111E9
        if (s >= 2 && b[s - 1] == '.' && isDigit(b[s - 2])) {
            return false;
        }
        if (e + 1 < n && b[e] == '.' && isDigit(b[e + 1])) {
            return false;
        }
        // A contiguous candidate glued to letters: a hash or trace id when the whole token is hex.
        boolean contiguous = e - s == count;
        if (contiguous && ((s > 0 && isLetter(b[s - 1])) || (e < n && isLetter(b[e])))) {
            if (isHexToken(s, e)) {
                return false;
            }
        }
        // Inside a UUID (8-4-4-4-12 hex): its digit groups pass Luhn like any digits do.
        for (int u = Math.max(0, s - UUID_LENGTH + 1); u < e; u++) {
            if (isUuidAt(u)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the alphanumeric token around {@code [s, e)} is hexadecimal, optionally 0x-prefixed. */
    private boolean isHexToken(int s, int e) {
        final byte[] b = buf;
        int ts = s;
        while (ts > 0 && s - ts < TOKEN_LOOK && isAlphanumeric(b[ts - 1])) {
            ts--;
        }
        int te = e;
        while (te < len && te - e < TOKEN_LOOK && isAlphanumeric(b[te])) {
            te++;
        }
        int from = ts;
        if (s - ts >= 2 && b[ts] == '0' && (b[ts + 1] == 'x' || b[ts + 1] == 'X')) {
            from = ts + 2;
        }
        for (int k = from; k < te; k++) {
            if (!isHex(b[k])) {
                return false;
            }
        }
        return true;
    }

    /** A UUID-shaped token at {@code u}: 8-4-4-4-12 hex joined by hyphens, not glued to a letter or digit. */
    private boolean isUuidAt(int u) {
        final byte[] b = buf;
        int end = u + UUID_LENGTH;
        if (end > len || b[u + 8] != '-' || b[u + 13] != '-' || b[u + 18] != '-' || b[u + 23] != '-') {
            return false;
        }
        if ((u > 0 && isAlphanumeric(b[u - 1])) || (end < len && isAlphanumeric(b[end]))) {
            return false;
        }
        for (int k = u; k < end; k++) {
            if (k != u + 8 && k != u + 13 && k != u + 18 && k != u + 23 && !isHex(b[k])) {
                return false;
            }
        }
        return true;
    }

    /** Cold path: masks through {@link Pan} (the one masking rule) and tells the listener. */
    private void report(int s, int e) {
        int count = candidateDigits;
        Pan pan = Pan.of(digitView.withLength(count));
        try {
            long offset = base + s;
            listener.found(offset, e - s, line, offset - lineStart + 1, pan.brand(), pan.masked(),
                    testCards.contains(digits, count));
        } finally {
            pan.wipe();
        }
    }

    private static boolean isDigit(byte c) {
        return ((c - '0') & 0xFF) <= 9;
    }

    private static boolean isSeparator(byte c) {
        return c == ' ' || c == '-';
    }

    private static boolean isLetter(byte c) {
        return ((c | 0x20) - 'a' & 0xFF) < 26;
    }

    private static boolean isAlphanumeric(byte c) {
        return isDigit(c) || isLetter(c);
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || ((c | 0x20) - 'a' & 0xFF) < 6;
    }

    /** The candidate's digits as a CharSequence for {@link CardBrand#detect} and {@link Pan#of}, without copying. */
    private static final class DigitView implements CharSequence {
        private final byte[] digits;
        private int length;

        DigitView(byte[] digits) {
            this.digits = digits;
        }

        DigitView withLength(int length) {
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) digits[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            return "DigitView[" + length + " digits]"; // never the digits
        }
    }
}
