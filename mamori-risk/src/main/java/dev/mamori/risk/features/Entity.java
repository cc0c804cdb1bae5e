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
    static final long NO_HEAD = Long.MIN_VALUE;

    final long key;
    final EntityKind kind;
    /** Latest event time seen (out-of-order events never move it back). */
    long lastTime = Long.MIN_VALUE;
    /** Per window: the newest bucket index held by its ring, or {@link #NO_HEAD}. */
    final long[] heads;
    /** Per ring position of every window, {@link #COUNTERS} ints: count, declines, small, cvc failures. */
    final int[] counters;
    /** Per ring position: approved amount, major units. */
    final double[] sums;
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
        this.heads = new long[windows];
        Arrays.fill(heads, NO_HEAD);
        this.counters = new int[positions * COUNTERS];
        this.sums = new double[positions];
        this.distinct = new RecentValues[kind.distinctOf().length];
    }

    /** Forgets everything, for an entity idle longer than the retention (reused in place). */
    void clear() {
        lastTime = Long.MIN_VALUE;
        Arrays.fill(heads, NO_HEAD);
        Arrays.fill(counters, 0);
        Arrays.fill(sums, 0);
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
