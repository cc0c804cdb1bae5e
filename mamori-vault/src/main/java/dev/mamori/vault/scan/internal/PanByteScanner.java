package dev.mamori.vault.scan.internal;

import dev.mamori.common.CardBrand;
import dev.mamori.common.Pan;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
    /** ... and no group of a grouped number has more than this many. */
    private static final int MAX_GROUP = 6;
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
        final int n = len;
        while (i < limit) {
            if (i + Long.BYTES <= limit) {
                // Eight bytes at a time: most text between digits (words, names, punctuation) is
                // skipped a word per step; only newlines are counted on the way.
                long word = (long) LONG_LE.get(b, i);
                long digitBits = digitBits(word);
                long newlineBits = newlineBits(word);
                if (digitBits == 0) {
                    if (newlineBits != 0) {
                        ln += Long.bitCount(newlineBits);
                        lnStart = bs + i + ((63 - Long.numberOfLeadingZeros(newlineBits)) >>> 3) + 1;
                    }
                    i += Long.BYTES;
                    continue;
                }
                int first = Long.numberOfTrailingZeros(digitBits) >>> 3;
                long newlinesBefore = newlineBits & ((1L << (first << 3)) - 1);
                if (newlinesBefore != 0) {
                    ln += Long.bitCount(newlinesBefore);
                    lnStart = bs + i + ((63 - Long.numberOfLeadingZeros(newlinesBefore)) >>> 3) + 1;
                }
                i += first;
            } else {
                int c = b[i];
                if (((c - '0') & 0xFF) > 9) {
                    if (c == '\n') {
                        ln++;
                        lnStart = bs + i + 1;
                    }
                    i++;
                    continue;
                }
            }
            // A digit at i, not preceded by one: a group start. Measure its run of digit groups
            // joined by single separators; dates, times, counters, amounts and IP addresses have
            // fewer than 13 digits and are skipped whole, here, without a call. (A run cut by the
            // buffer end spans at least CONTEXT bytes, so it never takes this exit early.)
            // Runs never contain '\n', so the line count stays right.
            int j = i;
            int count = 0;
            while (true) {
                while (j < n && ((b[j] - '0') & 0xFF) <= 9) {
                    j++;
                    count++;
                }
                if (j + 1 < n && (b[j] == ' ' || b[j] == '-') && ((b[j + 1] - '0') & 0xFF) <= 9) {
                    j++;
                    continue;
                }
                break;
            }
            if (count < Pan.MIN_LENGTH) {
                i = j;
                continue;
            }
            line = ln;
            lineStart = lnStart;
            i = candidates(i, j, limit);
        }
        line = ln;
        lineStart = lnStart;
        return i;
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    /** The high bit of each byte of {@code word} that is an ASCII digit (SWAR: no carry crosses bytes). */
    private static long digitBits(long word) {
        long low = word & LOWS;
        long atLeast0 = low + ONES * (0x80 - '0');
        long above9 = low + ONES * (0x80 - '9' - 1);
        return atLeast0 & ~above9 & ~word & HIGHS;
    }

    /** The high bit of each byte of {@code word} that is '\n'. */
    private static long newlineBits(long word) {
        long x = word ^ (ONES * '\n');
        return ~(((x & LOWS) + LOWS) | x) & HIGHS;
    }

    /**
     * Tries every group start of the run {@code [start, runEnd)} (13 digits or more) that lies
     * before {@code limit}; returns the position after the run, or the first group start at or
     * after {@code limit} when the run goes on past it. Kept out of scanRange so that stays small.
     */
    private int candidates(int start, int runEnd, int limit) {
        final byte[] b = buf;
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
        boolean firstGroup = true;
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
            int group = j - groupStart;
            // Card numbers are written whole or in groups of 4 to 6 with a short last group
            // (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3, 4-4-4-1): "id 4287640327 200" is not one.
            boolean shapeOk = firstGroup || group <= MAX_GROUP;
            if (shapeOk && count >= Pan.MIN_LENGTH && brand.issuesLength(count) && luhn(d, count)
                    && contextAllows(s, j)) {
                best = j;
                candidateDigits = count;
            }
            if (group < MIN_INNER_GROUP || group > MAX_GROUP) {
                return best; // a group of this size may end a card number, never sit inside one
            }
            firstGroup = false;
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
    private boolean contextAllows(int s, int e) {
        final byte[] b = buf;
        final int n = len;
        // 0.4111111111111111 (a double in a log line), 4111111111111111.5, 1.4111111111111111E9
        if (s >= 2 && b[s - 1] == '.' && isDigit(b[s - 2])) {
            return false;
        }
        if (e + 1 < n && b[e] == '.' && isDigit(b[e + 1])) {
            return false;
        }
        // Glued to letters that, with the digits, make a hexadecimal token: a hash or trace id.
        if ((s > 0 && isLetter(b[s - 1]) && isHexBefore(s)) || (e < n && isLetter(b[e]) && isHexAfter(e))) {
            return false;
        }
        // Inside a UUID (8-4-4-4-12 hex): its digit groups pass Luhn like any digits do.
        for (int u = Math.max(0, s - UUID_LENGTH + 1); u < e; u++) {
            if (isUuidAt(u)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the letters and digits glued before {@code s} are hexadecimal, optionally 0x-prefixed. */
    private boolean isHexBefore(int s) {
        final byte[] b = buf;
        int ts = s;
        while (ts > 0 && s - ts < TOKEN_LOOK && isAlphanumeric(b[ts - 1])) {
            ts--;
        }
        if (s - ts >= 2 && b[ts] == '0' && (b[ts + 1] == 'x' || b[ts + 1] == 'X')) {
            ts += 2;
        }
        for (int k = ts; k < s; k++) {
            if (!isHex(b[k])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the letters and digits glued after {@code e} are hexadecimal. */
    private boolean isHexAfter(int e) {
        final byte[] b = buf;
        for (int k = e; k < len && k - e < TOKEN_LOOK && isAlphanumeric(b[k]); k++) {
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
