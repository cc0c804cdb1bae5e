package dev.mamori.common;

/**
 * Finds card numbers in free text: 13 to 19 digits that pass the Luhn check, written together
 * or in groups split by one or two spaces or hyphens ({@code 4111 1111 1111 1111},
 * {@code 4111  1111-1111-1111}). Full-width digits (U+FF10 to U+FF19, as Japanese input methods
 * type them) count as digits, alone or mixed with ASCII ones, and the ideographic space (U+3000)
 * and full-width hyphen (U+FF0D) count as separators. Masking keeps the first six and last four
 * digits and turns every other digit, full-width or not, into {@code *}.
 *
 * <p>Letters around a number do not make it safe: {@code Visa4111 1111 1111 1111} and
 * {@code pan-4111-1111-1111-1111} are found. The one exemption is a UUID-shaped token (8-4-4-4-12
 * hexadecimal characters joined by hyphens, not part of a longer alphanumeric token), which is
 * skipped whole: its digit groups ({@code cd5e-4137-9847-9439713d3867}) pass Luhn one time in ten
 * and UUIDs are in most log lines and audit records.
 *
 * <p>Within a run of digit groups every contiguous sequence of groups is tried, so a card number
 * written after another number ({@code "qty 2 4111 1111 1111 1111"}) is still found. A run of more
 * than 19 digits with no separator is not a card number and is left alone.
 *
 * <p>Runs on every log line, on the audit trail and on free-text API fields, so it uses no regex,
 * and when no card number is found it allocates nothing and {@link #mask} returns the same instance.
 */
public final class CardNumberDetector {
    private CardNumberDetector() {}

    /** Receives the span {@code [start, end)} of each card number found, separators included. */
    @FunctionalInterface
    public interface Listener {
        void found(int start, int end);
    }

    private static final int UUID_LENGTH = 36;
    /** Offsets, from a UUID's start, of the character after each of its five groups. */
    private static final int[] UUID_GROUP_ENDS = {8, 13, 18, 23, UUID_LENGTH};
    /** Separators allowed between two digit groups: {@code 4111  1111} yes, {@code 4111 - 1111} no. */
    private static final int MAX_SEPARATORS = 2;
    private static final long NOT_FOUND = -1;

    /** True when {@code text} contains at least one card number. */
    public static boolean containsCardNumber(CharSequence text) {
        return find(text, 0) != NOT_FOUND;
    }

    /**
     * Returns {@code text} with the middle digits of every card number replaced by {@code *}
     * (first six and last four kept), or the same instance when there is none.
     */
    public static String mask(String text) {
        if (text == null || text.length() < Pan.MIN_LENGTH) {
            return text;
        }
        long match = find(text, 0);
        if (match == NOT_FOUND) {
            return text;
        }
        StringBuilder out = new StringBuilder(text); // stays Latin-1 for ASCII text, unlike a char[]
        do {
            maskSpan(out, start(match), end(match));
            match = find(text, end(match));
        } while (match != NOT_FOUND);
        return out.toString();
    }

    /** Reports each card number in {@code text} to {@code listener}, left to right, without overlaps. */
    public static void scan(CharSequence text, Listener listener) {
        for (long match = find(text, 0); match != NOT_FOUND; match = find(text, end(match))) {
            listener.found(start(match), end(match));
        }
    }

    /**
     * The first card number at or after {@code from}, packed as {@code start << 32 | end}, or
     * {@link #NOT_FOUND}. A packed long rather than an object keeps the no-match path allocation-free.
     */
    private static long find(CharSequence text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = endOfRun(text, i, n);
            long match = findInRun(text, i, runEnd);
            if (match == NOT_FOUND) {
                i = runEnd;
                continue;
            }
            // Asked only now, so text without a candidate pays nothing for UUID detection. Skipping
            // the UUID here gives what skipping it at its start would: nothing before its first digit
            // can start a card number, and a run only enters a UUID at its start (see endOfRun).
            int uuidEnd = endOfUuidAround(text, i, n);
            if (uuidEnd < 0) {
                return match;
            }
            i = uuidEnd;
        }
        return NOT_FOUND;
    }

    /** The first card number in the run {@code [runStart, runEnd)}, trying each group start in turn. */
    private static long findInRun(CharSequence text, int runStart, int runEnd) {
        for (int start = runStart; start < runEnd; start = nextGroupStart(text, start, runEnd)) {
            int end = longestMatchFrom(text, start, runEnd);
            if (end > 0) {
                return (long) start << 32 | end;
            }
        }
        return NOT_FOUND;
    }

    private static int start(long match) {
        return (int) (match >>> 32);
    }

    private static int end(long match) {
        return (int) match;
    }

    /**
     * End (exclusive) of a run of digit groups joined by one or two separators, starting at a digit.
     * A UUID starting after a separator ends the run, so its digit groups never join a card number.
     */
    private static int endOfRun(CharSequence text, int start, int n) {
        int j = start;
        while (true) {
            while (j < n && isDigit(text.charAt(j))) {
                j++;
            }
            int next = j;
            while (next < n && next - j < MAX_SEPARATORS && isSeparator(text.charAt(next))) {
                next++;
            }
            if (next == j || next == n || !isDigit(text.charAt(next)) || isUuidAt(text, next, n)) {
                return j;
            }
            j = next;
        }
    }

    /** The end of the longest card number starting at {@code start} and ending at a group end, or -1. */
    private static int longestMatchFrom(CharSequence text, int start, int runEnd) {
        int digits = 0;
        int best = -1;
        for (int j = start; j < runEnd; j++) {
            if (!isDigit(text.charAt(j))) {
                continue;
            }
            digits++;
            if (digits > Pan.MAX_LENGTH) {
                break;
            }
            boolean groupEnd = j + 1 == runEnd || !isDigit(text.charAt(j + 1));
            // Luhn only for candidates: short runs (dates, times, counters) are most of the digits.
            if (groupEnd && digits >= Pan.MIN_LENGTH && luhnOverSpan(text, start, j + 1)) {
                best = j + 1;
            }
        }
        return best;
    }

    private static int nextGroupStart(CharSequence text, int from, int runEnd) {
        int j = from;
        while (j < runEnd && isDigit(text.charAt(j))) {
            j++;
        }
        while (j < runEnd && !isDigit(text.charAt(j))) {
            j++; // inside a run only separators sit between groups
        }
        return j;
    }

    private static boolean luhnOverSpan(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubleIt = false;
        for (int j = end - 1; j >= start; j--) {
            char c = text.charAt(j);
            if (!isDigit(c)) {
                continue;
            }
            int d = digitValue(c);
            sum += doubleIt ? Luhn.DOUBLED[d] : d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * The end of the UUID-shaped token that holds the digit at {@code i}, or -1. The hex characters
     * from {@code i} end at one of the four hyphens or at the token's end (which may be followed by
     * a hyphen too), which leaves five places the token can start.
     */
    private static int endOfUuidAround(CharSequence text, int i, int n) {
        int j = i + 1;
        while (j < n && j - i <= 12 && isHex(text.charAt(j))) {
            j++;
        }
        if (j - i > 12) {
            return -1; // no UUID group is that long
        }
        for (int offset : UUID_GROUP_ENDS) {
            int start = j - offset;
            if (start >= 0 && start <= i && isUuidAt(text, start, n)) {
                return start + UUID_LENGTH;
            }
        }
        return -1;
    }

    /**
     * True when a UUID-shaped token starts at {@code i}: 8-4-4-4-12 hexadecimal characters joined by
     * hyphens, with no letter or digit directly before or after.
     */
    private static boolean isUuidAt(CharSequence text, int i, int n) {
        int end = i + UUID_LENGTH;
        if (end > n || text.charAt(i + 8) != '-' || text.charAt(i + 13) != '-'
                || text.charAt(i + 18) != '-' || text.charAt(i + 23) != '-') {
            return false;
        }
        if ((i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))
                || (end < n && Character.isLetterOrDigit(text.charAt(end)))) {
            return false;
        }
        for (int j = i; j < end; j++) {
            if (j != i + 8 && j != i + 13 && j != i + 18 && j != i + 23 && !isHex(text.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    private static void maskSpan(StringBuilder out, int start, int end) {
        int total = 0;
        for (int j = start; j < end; j++) {
            if (isDigit(out.charAt(j))) {
                total++;
            }
        }
        int index = 0;
        for (int j = start; j < end; j++) {
            if (isDigit(out.charAt(j))) {
                if (index >= 6 && index < total - 4) {
                    out.setCharAt(j, '*');
                }
                index++;
            }
        }
    }

    /** ASCII or full-width digit. Two plain ranges: measured as the cheapest form once compiled. */
    private static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= '\uFF10' && c <= '\uFF19');
    }

    private static int digitValue(char c) {
        return c <= '9' ? c - '0' : c - '\uFF10';
    }

    /** Space, hyphen, ideographic space, full-width hyphen. */
    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '\u3000' || c == '\uFF0D';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
