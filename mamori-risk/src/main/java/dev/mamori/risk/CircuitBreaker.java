package dev.mamori.risk;

import dev.mamori.common.TenantId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches what the tenant's enforced rules and active model decline, and trips when one of them
 * suddenly declines far more than its baseline: a broken rule edit or a bad model must not decline a
 * shop's customers for hours. Counting is in memory per instance, a few additions per decision.
 *
 * <p>Short window (default 5 minutes, ten buckets) against the baseline (default the last 24 hours,
 * hourly buckets, the current hour left out): the breaker trips when the short window holds at least
 * {@code minDecisions} decisions and its decline share is above {@code multiplier} × the baseline's
 * share and above it by at least {@code minIncrease}. Without a baseline of {@code 5 × minDecisions}
 * decisions only a share above {@code ceilingWithoutBaseline} trips it. After a trip the source
 * does not trip again for a window.
 */
public final class CircuitBreaker {

    /**
     * @param minDecisions decisions in the short window before it can trip
     * @param multiplier how many times the baseline's decline share trips it
     * @param minIncrease the least rise in share (0.02 = two percentage points) that trips it
     * @param window the short window
     * @param ceilingWithoutBaseline the share that trips it when there is no baseline yet
     */
    public record Policy(int minDecisions, double multiplier, double minIncrease, Duration window, double ceilingWithoutBaseline) {
        public static final Policy DEFAULT = new Policy(200, 4.0, 0.02, Duration.ofMinutes(5), 0.5);
    }

    /** What the breaker watches. */
    enum Source {
        RULES, MODEL
    }

    /** A trip: which version of which source declined what share, against what baseline. */
    record Trip(Source source, int version, long decisions, double share, double baseline) {
        String reason() {
            return String.format(java.util.Locale.ROOT, "circuit breaker: %s v%d declined %.1f%% of %d decisions in the window, baseline %s",
                    source.name().toLowerCase(java.util.Locale.ROOT), version, 100 * share, decisions,
                    Double.isNaN(baseline) ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * baseline));
        }
    }

    /** A trip with the tenant it happened to: what the host hands to the module's response. */
    record TenantTrip(TenantId tenant, Trip trip) {
    }

    private static final int SHORT_BUCKETS = 10;
    private static final int BASELINE_BUCKETS = 24;
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

    private final Policy policy;
    private final long shortBucketMillis;
    private final Map<TenantId, Counters[]> counters = new ConcurrentHashMap<>();

    CircuitBreaker(Policy policy) {
        this.policy = policy;
        this.shortBucketMillis = Math.max(1, policy.window().toMillis() / SHORT_BUCKETS);
    }

    /**
     * Counts one decision the source decided on (its version was live) and answers a trip when this
     * decision tipped it over; each trip is answered once (the short window starts again) and the
     * source does not trip again for a window.
     */
    Trip record(TenantId tenant, Source source, int version, boolean declined, long atMillis) {
        Counters c = counters.computeIfAbsent(tenant, t -> new Counters[] {new Counters(), new Counters()})[source.ordinal()];
        synchronized (c) {
            c.add(atMillis, declined, shortBucketMillis);
            if (atMillis - c.trippedAt < policy.window().toMillis()) {
                // Answered a trip less than a window ago: when the rise goes on (nothing to fall back
                // to, or the version before declines as much), an alert and a fall-back per window, not
                // one every minDecisions decisions walking back through every earlier version.
                return null;
            }
            long decisions = c.shortDecisions(atMillis, shortBucketMillis);
            if (decisions < policy.minDecisions()) {
                return null;
            }
            double share = (double) c.shortDeclines(atMillis, shortBucketMillis) / decisions;
            long baseDecisions = c.baselineDecisions(atMillis);
            double baseline = baseDecisions >= 5L * policy.minDecisions() ? (double) c.baselineDeclines(atMillis) / baseDecisions : Double.NaN;
            boolean trips = Double.isNaN(baseline) ? share > policy.ceilingWithoutBaseline()
                    : share > policy.multiplier() * baseline && share - baseline >= policy.minIncrease();
            if (!trips) {
                return null;
            }
            c.clearShort();
            c.trippedAt = atMillis;
            return new Trip(source, version, decisions, share, baseline);
        }
    }

    /** Bucketed counts of one tenant's source: ten short buckets and 24 hourly ones. */
    private static final class Counters {
        final long[] shortIndex = new long[SHORT_BUCKETS];
        final long[] shortCount = new long[SHORT_BUCKETS];
        final long[] shortDeclines = new long[SHORT_BUCKETS];
        final long[] hourIndex = new long[BASELINE_BUCKETS];
        final long[] hourCount = new long[BASELINE_BUCKETS];
        final long[] hourDeclines = new long[BASELINE_BUCKETS];
        long trippedAt = Long.MIN_VALUE / 2;

        void add(long at, boolean declined, long bucketMillis) {
            long s = at / bucketMillis;
            int i = (int) (s % SHORT_BUCKETS);
            if (shortIndex[i] != s) {
                shortIndex[i] = s;
                shortCount[i] = 0;
                shortDeclines[i] = 0;
            }
            shortCount[i]++;
            long h = at / HOUR_MILLIS;
            int j = (int) (h % BASELINE_BUCKETS);
            if (hourIndex[j] != h) {
                hourIndex[j] = h;
                hourCount[j] = 0;
                hourDeclines[j] = 0;
            }
            hourCount[j]++;
            if (declined) {
                shortDeclines[i]++;
                hourDeclines[j]++;
            }
        }

        long shortDecisions(long at, long bucketMillis) {
            return sumShort(shortCount, at / bucketMillis);
        }

        long shortDeclines(long at, long bucketMillis) {
            return sumShort(shortDeclines, at / bucketMillis);
        }

        private long sumShort(long[] values, long current) {
            long sum = 0;
            for (int i = 0; i < SHORT_BUCKETS; i++) {
                if (current - shortIndex[i] < SHORT_BUCKETS && shortIndex[i] <= current) {
                    sum += values[i];
                }
            }
            return sum;
        }

        long baselineDecisions(long at) {
            return sumHours(hourCount, at / HOUR_MILLIS);
        }

        long baselineDeclines(long at) {
            return sumHours(hourDeclines, at / HOUR_MILLIS);
        }

        /** The last 24 hours without the current one (which holds the short window being judged). */
        private long sumHours(long[] values, long current) {
            long sum = 0;
            for (int j = 0; j < BASELINE_BUCKETS; j++) {
                if (hourIndex[j] < current && current - hourIndex[j] < BASELINE_BUCKETS) {
                    sum += values[j];
                }
            }
            return sum;
        }

        void clearShort() {
            java.util.Arrays.fill(shortCount, 0);
            java.util.Arrays.fill(shortDeclines, 0);
        }
    }
}
