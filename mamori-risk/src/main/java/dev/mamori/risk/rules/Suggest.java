package dev.mamori.risk.rules;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt names: the same name in another case, else the closest by edit distance. */
final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a distance that still looks like a typo, or null. */
    static String closest(String wrong, Collection<String> candidates) {
        if (wrong.length() > 64) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(wrong)) {
                return candidate;
            }
            int d = distance(wrong.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int allowed = wrong.length() <= 2 ? 1 : wrong.length() < 9 ? 2 : 3;
        return bestDistance <= allowed ? best : null;
    }

    static String didYouMean(String wrong, Collection<String> candidates) {
        String s = closest(wrong, candidates);
        return s == null ? "" : "; did you mean '" + s + "'?";
    }

    /** "a, b, c" with at most {@code max} entries, then "...". */
    static String list(Collection<String> items, int max) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (String item : items) {
            if (n == max) {
                b.append(", ...");
                break;
            }
            if (n++ > 0) {
                b.append(", ");
            }
            b.append(item);
        }
        return b.toString();
    }

    /** Levenshtein distance, with a transposition counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
