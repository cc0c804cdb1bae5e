package dev.mamori.risk.features;

import java.util.Arrays;

/**
 * The state of one (tenant, kind, value): time-bucketed counters per window, recent distinct
 * values, and for cards the recent approved amounts. Guarded by its {@link Stripe}'s monitor.
 * Holds hashes and PAN-derived account-number bodies, never the raw value.
 */
final class Entity {
    static final int COUNT = 0;
    static final int DECLINES = 1;
    static final int SMALL = 2;
    static final int CVC = 3;
    static final int COUNTERS = 4;
    /** Longs per ring position: count and declines (low and high 32 bits), small and cvc, the sum's double bits. */
    static final int CELLS = 3;
    static final long NO_HEAD = Long.MIN_VALUE;

    final long key;
    final EntityKind kind;
    /** Latest event time seen (out-of-order events never move it back). */
    long lastTime = Long.MIN_VALUE;
    /**
     * First, per window, the newest bucket index its ring holds ({@link #NO_HEAD} when none); then
     * per window a bit mask of the ring positions written since they were last reused (a clear bit
     * reads as zero); then, per ring position of every window, {@link #CELLS} longs. One array,
     * with a bucket's counters and sum side by side, and no clearing of reused positions (the mask
     * does it), because replay and scoring touch entities at random: the cache lines fetched are
     * most of the cost. Recording an event touches the header line and one position per window.
     */
    final long[] cells;
    final int windows;
    /** Per {@link EntityKind#distinctOf()} entry; null until a value arrives. */
    final RecentValues[] distinct;
    /** Account-number bodies for {@code sequential} (device, ip, email, merchant); null until one arrives. */
    RecentValues accounts;
    /** Cards: the last approved amounts (a ring), and how many were ever added. */
    float[] amounts;
    int amountCount;

    Entity(long key, EntityKind kind, int windows, int positions) {
        this.key = key;
        this.kind = kind;
        this.windows = windows;
        this.cells = new long[2 * windows + positions * CELLS];
        Arrays.fill(cells, 0, windows, NO_HEAD);
        this.distinct = new RecentValues[kind.distinctOf().length];
    }

    /** Forgets everything, for an entity idle longer than the retention (reused in place). */
    void clear() {
        lastTime = Long.MIN_VALUE;
        Arrays.fill(cells, 0, windows, NO_HEAD);
        Arrays.fill(cells, windows, 2 * windows, 0); // every position reads as empty
        for (RecentValues values : distinct) {
            if (values != null) {
                values.clear();
            }
        }
        if (accounts != null) {
            accounts.clear();
        }
        amountCount = 0;
    }
}
