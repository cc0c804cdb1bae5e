package dev.mamori.phishing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DamerauLevenshteinTest {

    @Test
    void knownDistances() {
        assertThat(DamerauLevenshtein.distance("mamori", "mamori", 2)).isZero();
        assertThat(DamerauLevenshtein.distance("mamori", "mmaori", 2)).isEqualTo(1); // transposition
        assertThat(DamerauLevenshtein.distance("mamori", "mamor", 2)).isEqualTo(1);
        assertThat(DamerauLevenshtein.distance("mamori", "mamorix", 2)).isEqualTo(1);
        assertThat(DamerauLevenshtein.distance("mamori", "mamuru", 2)).isEqualTo(2);
        assertThat(DamerauLevenshtein.distance("ca", "abc", 3)).isEqualTo(3); // optimal string alignment, not full Damerau
    }

    @Test
    void stopsAtTheBound() {
        assertThat(DamerauLevenshtein.distance("mamori", "sakura", 2)).isEqualTo(3);
        assertThat(DamerauLevenshtein.distance("a", "abcdef", 2)).isEqualTo(3);
    }

    @Property(tries = 500)
    void boundedAgreesWithFullComputation(@ForAll @StringLength(max = 9) String a, @ForAll @StringLength(max = 9) String b,
                                          @ForAll @IntRange(min = 0, max = 3) int bound) {
        int full = full(a, b);
        assertThat(DamerauLevenshtein.distance(a, b, bound)).isEqualTo(Math.min(full, bound + 1));
    }

    private static int full(String a, String b) {
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
