package dev.mamori.common;

/**
 * Finds card numbers in free text: runs of 13 to 19 digits that pass the Luhn check, written
 * together or in groups split by single spaces or hyphens ({@code 4111 1111 1111 1111}).
 *
 * <p>Used on every log line and by the PAN discovery scanner, so the common case (no candidate)
 * allocates nothing and returns the input unchanged. Within a run of digit groups every
 * contiguous sequence of groups is tried, so a card number written after another number
 * ({@code "qty 2 4111 1111 1111 1111"}) is still found. A run of more than 19 digits with no
 * separator is not a card number and is left alone.
 */
public final class CardNumberDetector {
    private CardNumberDetector() {}

    /** Receives the span {@code [start, end)} of each card number found, separators included. */
    @FunctionalInterface
    public interface Listener {
        void found(int start, int end);
    }

    /** True when {@code text} contains at least one card number. */
    public static boolean containsCardNumber(CharSequence text) {
        boolean[] seen = {false};
        scan(text, (start, end) -> seen[0] = true);
        return seen[0];
    }

    /**
     * Returns {@code text} with the middle digits of every card number replaced by {@code *}
     * (first six and last four kept), or the same instance when there is none.
     */
    public static String mask(String text) {
        if (text == null || text.length() < Pan.MIN_LENGTH) {
            return text;
        }
        StringBuilder[] out = {null};
        scan(text, (start, end) -> {
            if (out[0] == null) {
                out[0] = new StringBuilder(text);
            }
            maskSpan(out[0], start, end);
        });
        return out[0] == null ? text : out[0].toString();
    }

    /** Reports each card number in {@code text} to {@code listener}, left to right, without overlaps. */
    public static void scan(CharSequence text, Listener listener) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = endOfRun(text, i, n);
            scanRun(text, i, runEnd, listener);
            i = runEnd;
        }
    }

    /** End (exclusive) of a run of digit groups joined by single separators, starting at a digit. */
    private static int endOfRun(CharSequence text, int start, int n) {
        int j = start;
        while (j < n) {
            char c = text.charAt(j);
            if (isDigit(c)) {
                j++;
            } else if (isSeparator(c) && j + 1 < n && isDigit(text.charAt(j + 1))) {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    private static void scanRun(CharSequence text, int runStart, int runEnd, Listener listener) {
        int start = runStart;
        while (start < runEnd) {
            int matchEnd = longestMatchFrom(text, start, runEnd);
            if (matchEnd > 0) {
                listener.found(start, matchEnd);
                start = nextGroupStart(text, matchEnd, runEnd);
            } else {
                start = nextGroupStart(text, start, runEnd);
            }
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
            if (groupEnd && digits >= Pan.MIN_LENGTH && luhnOverSpan(text, start, j + 1)
                    && !groupsInsideAWord(text, start, j + 1)) {
                best = j + 1;
            }
        }
        return best;
    }

    /**
     * Digit groups that touch letters (directly or across a hyphen) are part of an identifier, not a card
     * number: the digits of a UUID ({@code cd5e-4137-9847-9439713d3867}) pass Luhn one time in
     * ten. Card numbers written without separators are masked whatever surrounds them.
     */
    private static boolean groupsInsideAWord(CharSequence text, int start, int end) {
        boolean grouped = false;
        for (int j = start; j < end && !grouped; j++) {
            grouped = !isDigit(text.charAt(j));
        }
        if (!grouped) {
            return false;
        }
        int before = start - 1;
        if (before >= 0 && text.charAt(before) == '-') {
            before--;
        }
        int after = end;
        if (after < text.length() && text.charAt(after) == '-') {
            after++;
        }
        return (before >= 0 && Character.isLetter(text.charAt(before)))
                || (after < text.length() && Character.isLetter(text.charAt(after)));
    }

    private static int nextGroupStart(CharSequence text, int from, int runEnd) {
        int j = from;
        while (j < runEnd && isDigit(text.charAt(j))) {
            j++;
        }
        return j < runEnd ? j + 1 : runEnd; // skip the single separator
    }

    private static boolean luhnOverSpan(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubleIt = false;
        for (int j = end - 1; j >= start; j--) {
            char c = text.charAt(j);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            sum += doubleIt ? Luhn.DOUBLED[d] : d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
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

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }
}
