package dev.mamori.risk.features;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The knobs of a {@link FeatureEngine}. Immutable; {@link #defaults()} or {@link #builder()}.
 * No {@code toString} of the hash key.
 */
public final class FeatureSettings {
    private final String issuerCountry;
    private final ZoneId zone;
    private final double smallAmount;
    private final int maxEntities;
    private final int stripes;
    private final int distinctCapacity;
    private final int largeDistinctCapacity;
    private final int recentAccounts;
    private final long sequentialGap;
    private final int amountHistory;
    private final long latenessMillis;
    private final MerchantCategories categories;
    private final long hashKey0;
    private final long hashKey1;
    private final Map<Duration, Integer> bucketOverrides;

    private FeatureSettings(Builder b) {
        this.issuerCountry = b.issuerCountry;
        this.zone = b.zone;
        this.smallAmount = b.smallAmount;
        this.maxEntities = b.maxEntities;
        this.stripes = b.stripes;
        this.distinctCapacity = b.distinctCapacity;
        this.largeDistinctCapacity = b.largeDistinctCapacity;
        this.recentAccounts = b.recentAccounts;
        this.sequentialGap = b.sequentialGap;
        this.amountHistory = b.amountHistory;
        this.latenessMillis = b.lateness.toMillis();
        this.categories = b.categories;
        this.hashKey0 = b.hashKey0;
        this.hashKey1 = b.hashKey1;
        this.bucketOverrides = Map.copyOf(b.bucketOverrides);
    }

    public static FeatureSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** ISO 3166 alpha-2 country of the issuer; {@code crossBorder} compares the merchant's with it. Default JP. */
    public String issuerCountry() {
        return issuerCountry;
    }

    /** The zone {@code hour} is read in. Default Asia/Tokyo. */
    public ZoneId zone() {
        return zone;
    }

    /** Attempts at or below this amount (major units) count as {@code small}: card-testing probes. Default 1000. */
    public double smallAmount() {
        return smallAmount;
    }

    /** Most entities (of all kinds together) kept in memory; the least recently active go first. Default 500,000. */
    public int maxEntities() {
        return maxEntities;
    }

    /** Lock stripes (a power of two). Default 256. */
    public int stripes() {
        return stripes;
    }

    /** Distinct values kept per card for {@code card.distinct} and {@code card.new*}, and cards per device, ip, e-mail or address. Default 32. */
    public int distinctCapacity() {
        return distinctCapacity;
    }

    /** Distinct cards (and BINs) kept per merchant and cards per BIN. Default 1024. */
    public int largeDistinctCapacity() {
        return largeDistinctCapacity;
    }

    /** Account-number bodies kept per device, ip, e-mail and merchant for {@code sequential}. Default 64. */
    public int recentAccounts() {
        return recentAccounts;
    }

    /** Two account numbers at most this far apart are sequential. Default 1000. */
    public long sequentialGap() {
        return sequentialGap;
    }

    /** Approved amounts kept per card for {@code card.amountRatio}. Default 16. */
    public int amountHistory() {
        return amountHistory;
    }

    /**
     * How late an event may arrive with aggregates still within the documented bounds. Default 10 s.
     * Each window keeps {@code lateness / bucket width} spare buckets and at most 64 in all, so a
     * 1m window of 5 s buckets allows at most 255 s ({@link FeatureEngine} refuses more).
     */
    public Duration lateness() {
        return Duration.ofMillis(latenessMillis);
    }

    long latenessMillis() {
        return latenessMillis;
    }

    public MerchantCategories categories() {
        return categories;
    }

    long hashKey0() {
        return hashKey0;
    }

    long hashKey1() {
        return hashKey1;
    }

    /**
     * Buckets per window: 12 up to 1h (1m: 5 s, 1h: 5 min), 24 up to a day (24h: 1 h), 14 above
     * (7d: 12 h, 30d: about 51 h), unless the builder set another count for that window.
     */
    public int buckets(Duration window) {
        Integer override = bucketOverrides.get(window);
        if (override != null) {
            return override;
        }
        if (window.compareTo(Duration.ofHours(1)) <= 0) {
            return 12;
        }
        return window.compareTo(Duration.ofDays(1)) <= 0 ? 24 : 14;
    }

    /** Bucket width of a window in milliseconds: the window divided by {@link #buckets}, rounded up. */
    public long bucketMillis(Duration window) {
        int buckets = buckets(window);
        return (window.toMillis() + buckets - 1) / buckets;
    }

    public static final class Builder {
        private String issuerCountry = "JP";
        private ZoneId zone = ZoneId.of("Asia/Tokyo");
        private double smallAmount = 1000;
        private int maxEntities = 500_000;
        private int stripes = 256;
        private int distinctCapacity = 32;
        private int largeDistinctCapacity = 1024;
        private int recentAccounts = 64;
        private long sequentialGap = 1000;
        private int amountHistory = 16;
        private Duration lateness = Duration.ofSeconds(10);
        private MerchantCategories categories = MerchantCategories.standard();
        private long hashKey0;
        private long hashKey1;
        private final Map<Duration, Integer> bucketOverrides = new HashMap<>();

        private Builder() {
            SecureRandom random = new SecureRandom();
            hashKey0 = random.nextLong();
            hashKey1 = random.nextLong();
        }

        public Builder issuerCountry(String country) {
            if (country == null || country.length() != 2) {
                throw new IllegalArgumentException("issuerCountry: must be an ISO 3166 alpha-2 code");
            }
            this.issuerCountry = country;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = java.util.Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder smallAmount(double amount) {
            if (!(amount >= 0)) {
                throw new IllegalArgumentException("smallAmount: must be zero or more");
            }
            this.smallAmount = amount;
            return this;
        }

        public Builder maxEntities(int count) {
            this.maxEntities = atLeast("maxEntities", count, 1);
            return this;
        }

        public Builder stripes(int count) {
            if (count < 1 || Integer.bitCount(count) != 1) {
                throw new IllegalArgumentException("stripes: must be a power of two");
            }
            this.stripes = count;
            return this;
        }

        public Builder distinctCapacity(int count) {
            this.distinctCapacity = atLeast("distinctCapacity", count, 1);
            return this;
        }

        public Builder largeDistinctCapacity(int count) {
            this.largeDistinctCapacity = atLeast("largeDistinctCapacity", count, 1);
            return this;
        }

        public Builder recentAccounts(int count) {
            this.recentAccounts = atLeast("recentAccounts", count, 2);
            return this;
        }

        public Builder sequentialGap(long gap) {
            if (gap < 1) {
                throw new IllegalArgumentException("sequentialGap: must be at least 1");
            }
            this.sequentialGap = gap;
            return this;
        }

        public Builder amountHistory(int count) {
            this.amountHistory = atLeast("amountHistory", count, 1);
            return this;
        }

        public Builder lateness(Duration lateness) {
            if (lateness.isNegative() || lateness.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("lateness: must lie within 0..10m");
            }
            this.lateness = lateness;
            return this;
        }

        public Builder categories(MerchantCategories categories) {
            this.categories = java.util.Objects.requireNonNull(categories, "categories");
            return this;
        }

        /** Fixes the entity hash key (tests, or several processes that must agree); random per process by default. */
        public Builder hashKey(long k0, long k1) {
            this.hashKey0 = k0;
            this.hashKey1 = k1;
            return this;
        }

        /** Another bucket count for one window (finer buckets: smaller edge error, more memory). */
        public Builder buckets(Duration window, int count) {
            this.bucketOverrides.put(window, atLeast("buckets", count, 1));
            return this;
        }

        public FeatureSettings build() {
            return new FeatureSettings(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + ": must be at least " + min);
            }
            return value;
        }
    }
}
