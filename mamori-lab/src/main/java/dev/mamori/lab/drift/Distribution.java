package dev.mamori.lab.drift;

import java.util.Arrays;

/**
 * A reference distribution of one number (a feature, the score) as the share of values in each of
 * up to ten bins cut at the deciles of the reference data, plus the share missing. Live values are
 * counted into the same bins and compared by the population stability index.
 *
 * @param edges ascending cut points: bin {@code i} holds values in [edges[i-1], edges[i]), the first
 *     bin everything below edges[0], the last everything from the last edge up
 * @param shares the share of non-missing reference values in each bin ({@code edges.length + 1} bins)
 * @param missing the share of reference values that were missing (NaN)
 */
public record Distribution(double[] edges, double[] shares, double missing) {

    /** Below this share a bin counts as this share, so an empty bin does not make the index infinite. */
    static final double FLOOR = 1e-4;

    /** The deciles of {@code values} (NaN = missing) as edges, with each bin's share. */
    public static Distribution of(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double missing = values.length == 0 ? 0 : (double) (values.length - present.length) / values.length;
        if (present.length == 0) {
            return new Distribution(new double[0], new double[] {0}, missing);
        }
        double[] cuts = new double[9];
        int n = 0;
        for (int q = 1; q <= 9; q++) {
            double cut = present[(int) Math.min(present.length - 1, Math.floor(q * present.length / 10.0))];
            // Equal cut points (a feature that is mostly 0) collapse into one; the first value opens no bin.
            if (cut > present[0] && (n == 0 || cut > cuts[n - 1])) {
                cuts[n++] = cut;
            }
        }
        double[] edges = Arrays.copyOf(cuts, n);
        long[] counts = count(edges, present);
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / present.length;
        }
        return new Distribution(edges, shares, missing);
    }

    /** How many of {@code values} (none missing) fall in each bin. */
    static long[] count(double[] edges, double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            counts[bin(edges, v)]++;
        }
        return counts;
    }

    static int bin(double[] edges, double v) {
        int i = Arrays.binarySearch(edges, v);
        // Found: v equals edges[i], which opens bin i + 1. Not found: -(insertion point) - 1.
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * The population stability index of {@code values} against this reference: the sum over bins
     * (and the missing share) of (actual − expected) × ln(actual / expected). Common reading: below
     * 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major shift.
     *
     * @return NaN when {@code values} is empty
     */
    public double stabilityIndex(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long missingCount = 0;
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            if (Double.isNaN(v)) {
                missingCount++;
            } else {
                counts[bin(edges, v)]++;
            }
        }
        double psi = term(missing, (double) missingCount / values.length);
        long present = values.length - missingCount;
        for (int i = 0; i < counts.length; i++) {
            // Bin shares are of the present values, scaled to the whole so that missing and bins add up to one.
            double expected = shares[i] * (1 - missing);
            double actual = present == 0 ? 0 : (double) counts[i] / values.length;
            psi += term(expected, actual);
        }
        return psi;
    }

    private static double term(double expected, double actual) {
        if (expected < FLOOR && actual < FLOOR) {
            return 0;
        }
        double e = Math.max(expected, FLOOR);
        double a = Math.max(actual, FLOOR);
        return (a - e) * Math.log(a / e);
    }
}
