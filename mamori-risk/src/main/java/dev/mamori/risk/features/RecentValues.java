package dev.mamori.risk.features;

/**
 * The most recently seen distinct keys of one kind, each with the time it was last seen, up to a
 * capacity. When full, a new key replaces the one seen longest ago, so the table always holds the
 * {@code capacity} most recently seen keys: a count of keys seen since some time is exact while
 * there are at most {@code capacity} of them, and saturates at {@code capacity} above.
 *
 * <p>Pairs in one {@code long[]} (key, time) that grows by doubling up to the capacity: most
 * cards see one or two devices, a few merchants see a thousand cards. Linear scans: the small
 * tables fit in a cache line or two.
 */
final class RecentValues {
    private long[] pairs;
    private int size;
    private final int capacity;

    RecentValues(int capacity) {
        this.capacity = capacity;
        this.pairs = new long[2 * Math.min(2, capacity)];
    }

    void add(long key, long time) {
        long[] p = pairs;
        int n = size * 2;
        for (int i = 0; i < n; i += 2) {
            if (p[i] == key) {
                if (time > p[i + 1]) {
                    p[i + 1] = time;
                }
                return;
            }
        }
        if (size < capacity) {
            if (n == p.length) {
                p = grow();
            }
            p[n] = key;
            p[n + 1] = time;
            size++;
            return;
        }
        int oldest = 0;
        for (int i = 2; i < n; i += 2) {
            if (p[i + 1] < p[oldest + 1]) {
                oldest = i;
            }
        }
        // a key older than everything kept would be the next to go anyway
        if (time > p[oldest + 1]) {
            p[oldest] = key;
            p[oldest + 1] = time;
        }
    }

    private long[] grow() {
        long[] bigger = new long[Math.min(pairs.length * 2, capacity * 2)];
        System.arraycopy(pairs, 0, bigger, 0, size * 2);
        pairs = bigger;
        return bigger;
    }

    boolean contains(long key) {
        long[] p = pairs;
        int n = size * 2;
        for (int i = 0; i < n; i += 2) {
            if (p[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** Keys last seen at or after {@code from}. */
    int countSince(long from) {
        long[] p = pairs;
        int n = size * 2;
        int count = 0;
        for (int i = 1; i < n; i += 2) {
            if (p[i] >= from) {
                count++;
            }
        }
        return count;
    }

    int size() {
        return size;
    }

    long key(int i) {
        return pairs[2 * i];
    }

    long time(int i) {
        return pairs[2 * i + 1];
    }

    void clear() {
        size = 0;
    }
}
