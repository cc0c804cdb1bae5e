package dev.mamori.phishing.internal;

/**
 * Edit distance with adjacent transpositions (optimal string alignment), computed only up to a
 * bound: the matcher only cares whether two labels are within 1 or 2 edits, so it keeps the band
 * of width 2·bound+1 around the diagonal and stops as soon as a row exceeds the bound.
 */
public final class DamerauLevenshtein {
    private DamerauLevenshtein() {
    }

    /** The distance between {@code a} and {@code b}, or {@code bound + 1} when it is larger than {@code bound}. */
    public static int distance(CharSequence a, CharSequence b, int bound) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > bound) {
            return bound + 1;
        }
        int big = bound + 1;
        int[] twoBack = new int[m + 1];
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = Math.min(j, big);
        }
        for (int i = 1; i <= n; i++) {
            int from = Math.max(1, i - bound);
            int to = Math.min(m, i + bound);
            current[0] = Math.min(i, big);
            if (from > 1) {
                current[from - 1] = big;
            }
            int rowMin = current[0];
            char ca = a.charAt(i - 1);
            for (int j = from; j <= to; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : 1;
                int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    value = Math.min(value, twoBack[j - 2] + 1);
                }
                current[j] = Math.min(value, big);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (to < m) {
                current[to + 1] = big;
            }
            if (rowMin > bound) {
                return big;
            }
            int[] recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }
        return Math.min(previous[m], big);
    }
}
