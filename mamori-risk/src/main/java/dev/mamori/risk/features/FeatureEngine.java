package dev.mamori.risk.features;

import dev.mamori.common.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;

/**
 * Computes the standard features of a request from what earlier requests left behind, and records
 * each request once it is decided. The authorization engine calls {@link #compute} (state before
 * the event), decides, writes its log, then {@link #record}; at start-up it replays the log's last
 * {@linkplain StandardFeatureCatalog#maxWindow() max window} through {@link #record} in time order.
 *
 * <p>Thread-safe. Entities sit in lock stripes chosen by their keyed hash; a request locks one
 * stripe at a time (never two, so no lock order to get wrong), so different cards proceed in
 * parallel. On entities that already exist neither method allocates.
 *
 * <p>See the package documentation for the features, their error bounds and the memory bound.
 */
public final class FeatureEngine {
    /** {@code card.sinceLast} for a card with no earlier attempt. */
    public static final double NO_EARLIER_ATTEMPT = 1e9;

    private final StandardFeatureCatalog catalog;
    private final FeatureSettings settings;
    private final EntityHash hash;
    private final Stripe[] stripes;
    private final int stripeShift;

    // Bucket layout per window: width, buckets summed beyond the current one, ring size, ring offset.
    private final int windowCount;
    private final long[] windowMillis;
    private final long[] bucketMillis;
    private final int[] buckets;
    private final int[] ring;
    private final int[] offset;
    private final int positions;
    private final long maxWindowMillis;
    private final long retentionMillis;

    // Slot indices, looked up once.
    private final int[][] aggregateSlots; // [kind][function * windows + w], -1 when not tracked
    private final int[][][] distinctSlots; // [kind][position in distinctOf()][w]
    private final EntityKind[][] distinctOf; // [kind]
    private final int amountSlot;
    private final int currencySlot;
    private final int channelSlot;
    private final int mccSlot;
    private final int countrySlot;
    private final int crossBorderSlot;
    private final int categorySlot;
    private final int highRiskSlot;
    private final int sinceLastSlot;
    private final int newDeviceSlot;
    private final int newIpSlot;
    private final int newAddressSlot;
    private final int newMerchantSlot;
    private final int amountRatioSlot;
    private final int hourSlot;

    private final double smallAmount;
    private final String issuerCountry;
    private final MerchantCategories categories;
    private final ZoneRules zoneRules;
    private final long fixedOffsetMillis;
    private final int distinctCapacity;
    private final int largeDistinctCapacity;
    private final int recentAccounts;
    private final long sequentialGap;
    private final int amountHistory;

    public FeatureEngine(StandardFeatureCatalog catalog, FeatureSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hash = new EntityHash(settings.hashKey0(), settings.hashKey1());
        int stripeCount = settings.stripes();
        this.stripes = new Stripe[stripeCount];
        int perStripe = Math.max(1, (settings.maxEntities() + stripeCount - 1) / stripeCount);
        for (int s = 0; s < stripeCount; s++) {
            stripes[s] = new Stripe(perStripe, settings.recentAccounts());
        }
        this.stripeShift = 64 - Integer.numberOfTrailingZeros(stripeCount);

        List<Duration> windows = catalog.windows();
        this.windowCount = windows.size();
        this.windowMillis = new long[windowCount];
        this.bucketMillis = new long[windowCount];
        this.buckets = new int[windowCount];
        this.ring = new int[windowCount];
        this.offset = new int[windowCount];
        int position = 0;
        long retention = 0;
        for (int w = 0; w < windowCount; w++) {
            Duration window = windows.get(w);
            windowMillis[w] = window.toMillis();
            buckets[w] = settings.buckets(window);
            bucketMillis[w] = settings.bucketMillis(window);
            // B + 1 buckets cover [t - w, t]; the extra ones keep events late by up to the lateness
            long late = (settings.latenessMillis() + bucketMillis[w] - 1) / bucketMillis[w];
            ring[w] = buckets[w] + 1 + (int) late;
            if (ring[w] > 64) {
                // one bit per ring position in a long (Entity.cells)
                throw new IllegalArgumentException("buckets: window " + StandardFeatureCatalog.formatWindow(window)
                        + " needs " + ring[w] + " ring positions (buckets + 1 + lateness / bucket width), at most 64");
            }
            offset[w] = position;
            position += ring[w];
            retention = Math.max(retention, (buckets[w] + 1) * bucketMillis[w]);
        }
        this.positions = position;
        this.maxWindowMillis = windowMillis[windowCount - 1];
        this.retentionMillis = retention + settings.latenessMillis();

        this.aggregateSlots = new int[EntityKind.COUNT][];
        this.distinctSlots = new int[EntityKind.COUNT][][];
        this.distinctOf = new EntityKind[EntityKind.COUNT][];
        for (EntityKind kind : EntityKind.ALL) {
            int[] slots = new int[AggregateFunction.COUNT_ALL * windowCount];
            for (AggregateFunction function : AggregateFunction.ALL) {
                for (int w = 0; w < windowCount; w++) {
                    slots[function.ordinal() * windowCount + w] = catalog.aggregateIndex(kind, function, w);
                }
            }
            aggregateSlots[kind.ordinal()] = slots;
            EntityKind[] of = kind.distinctOf();
            distinctOf[kind.ordinal()] = of;
            distinctSlots[kind.ordinal()] = new int[of.length][windowCount];
            for (int d = 0; d < of.length; d++) {
                for (int w = 0; w < windowCount; w++) {
                    distinctSlots[kind.ordinal()][d][w] = catalog.distinctIndex(kind, of[d], w);
                }
            }
        }
        this.amountSlot = index(StandardFeatureCatalog.AMOUNT);
        this.currencySlot = index(StandardFeatureCatalog.CURRENCY);
        this.channelSlot = index(StandardFeatureCatalog.CHANNEL);
        this.mccSlot = index(StandardFeatureCatalog.MCC);
        this.countrySlot = index(StandardFeatureCatalog.MERCHANT_COUNTRY);
        this.crossBorderSlot = index(StandardFeatureCatalog.CROSS_BORDER);
        this.categorySlot = index(StandardFeatureCatalog.MERCHANT_CATEGORY);
        this.highRiskSlot = index(StandardFeatureCatalog.MERCHANT_HIGH_RISK);
        this.sinceLastSlot = index(StandardFeatureCatalog.CARD_SINCE_LAST);
        this.newDeviceSlot = index(StandardFeatureCatalog.CARD_NEW_DEVICE);
        this.newIpSlot = index(StandardFeatureCatalog.CARD_NEW_IP);
        this.newAddressSlot = index(StandardFeatureCatalog.CARD_NEW_ADDRESS);
        this.newMerchantSlot = index(StandardFeatureCatalog.CARD_NEW_MERCHANT);
        this.amountRatioSlot = index(StandardFeatureCatalog.CARD_AMOUNT_RATIO);
        this.hourSlot = index(StandardFeatureCatalog.HOUR);

        this.smallAmount = settings.smallAmount();
        this.issuerCountry = settings.issuerCountry();
        this.categories = settings.categories();
        this.zoneRules = settings.zone().getRules();
        this.fixedOffsetMillis = zoneRules.isFixedOffset()
                ? zoneRules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : Long.MIN_VALUE;
        this.distinctCapacity = settings.distinctCapacity();
        this.largeDistinctCapacity = settings.largeDistinctCapacity();
        this.recentAccounts = settings.recentAccounts();
        this.sequentialGap = settings.sequentialGap();
        this.amountHistory = settings.amountHistory();
    }

    private int index(String fact) {
        return catalog.fact(fact).index();
    }

    public StandardFeatureCatalog catalog() {
        return catalog;
    }

    public FeatureSettings settings() {
        return settings;
    }

    /**
     * Fills every slot this engine owns (all aggregates and the computed facts) from the state
     * before this event. Leaves the facts the authorization engine supplies alone.
     *
     * @throws IllegalArgumentException when the input has no tenant
     */
    public void compute(FeatureInput in, FeatureVector out) {
        ensureKeys(in);
        double[] numbers = out.numbers();
        String[] texts = out.texts();
        long t = in.eventTime;
        computeFacts(in, numbers, texts, t);
        for (EntityKind kind : EntityKind.ALL) {
            long key = in.keys[kind.ordinal()];
            if (key == 0) {
                clearEntity(kind, in, numbers);
                continue;
            }
            Stripe stripe = stripeFor(key);
            synchronized (stripe) {
                Entity entity = stripe.get(key);
                if (entity == null || entity.lastTime < t - retentionMillis) {
                    clearEntity(kind, in, numbers);
                } else {
                    fillEntity(stripe, entity, in, numbers, t);
                }
            }
        }
    }

    /**
     * Only the request's own facts (amount, currency, channel, MCC, cross-border, hour), every
     * windowed or history feature left as it is in {@code out} (cleared by the caller): what the
     * host's rules-only fallback runs on when the full computation failed or overran.
     */
    public void computeRequestFacts(FeatureInput in, FeatureVector out) {
        computeFacts(in, out.numbers(), out.texts(), in.eventTime);
    }

    /**
     * Adds a decided event to the state of each entity it names; {@link FeatureInput#outcome}
     * must be set. Events may arrive out of order; within {@link FeatureSettings#lateness()} the
     * documented bounds hold.
     *
     * @throws IllegalArgumentException when the input has no tenant
     */
    public void record(FeatureInput in) {
        ensureKeys(in);
        long t = in.eventTime;
        for (EntityKind kind : EntityKind.ALL) {
            long key = in.keys[kind.ordinal()];
            if (key == 0) {
                continue;
            }
            Stripe stripe = stripeFor(key);
            synchronized (stripe) {
                Entity entity = stripe.get(key);
                if (entity == null) {
                    entity = new Entity(key, kind, windowCount, positions);
                    stripe.insert(entity);
                } else if (entity.lastTime < t - retentionMillis) {
                    entity.clear();
                }
                recordEntity(entity, in, t);
            }
        }
    }

    /**
     * Drops every entity idle since before {@code nowMillis} minus the retention (the longest
     * window plus one bucket and the lateness). Run it now and then (every minute, say) to give
     * memory back; correctness does not depend on it.
     *
     * @return how many entities were dropped
     */
    public int expireIdle(long nowMillis) {
        long before = nowMillis - retentionMillis;
        int removed = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                removed += stripe.expire(before);
            }
        }
        return removed;
    }

    /** Entities held, of all kinds and tenants. */
    public int entityCount() {
        int count = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                count += stripe.size();
            }
        }
        return count;
    }

    /** How long an idle entity is kept: the longest window plus one of its buckets, plus the lateness. */
    public Duration retention() {
        return Duration.ofMillis(retentionMillis);
    }

    /** The bucket width of a tracked window; aggregates are exact to this granularity. */
    public Duration bucketWidth(Duration window) {
        int w = catalog.windows().indexOf(window);
        if (w < 0) {
            throw new IllegalArgumentException("window: not tracked by the catalog");
        }
        return Duration.ofMillis(bucketMillis[w]);
    }

    // ---- facts

    private void computeFacts(FeatureInput in, double[] numbers, String[] texts, long t) {
        numbers[amountSlot] = in.amount;
        texts[currencySlot] = in.currency;
        texts[channelSlot] = in.channel == null ? null : in.channel.id();
        texts[mccSlot] = in.mcc;
        String country = in.merchantCountry;
        texts[countrySlot] = country;
        numbers[crossBorderSlot] = country != null && !country.equalsIgnoreCase(issuerCountry) ? 1 : 0;
        texts[categorySlot] = categories.category(in.mcc);
        numbers[highRiskSlot] = categories.highRisk(in.mcc) ? 1 : 0;
        numbers[hourSlot] = localHour(t);
    }

    private int localHour(long t) {
        long offsetMillis = fixedOffsetMillis != Long.MIN_VALUE
                ? fixedOffsetMillis
                : zoneRules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L; // allocates: zones with DST only
        return (int) Math.floorMod(Math.floorDiv(t + offsetMillis, 3_600_000L), 24L);
    }

    // ---- reading an entity

    private void clearEntity(EntityKind kind, FeatureInput in, double[] numbers) {
        int[] slots = aggregateSlots[kind.ordinal()];
        for (int slot : slots) {
            if (slot >= 0) {
                numbers[slot] = 0;
            }
        }
        for (int[] perWindow : distinctSlots[kind.ordinal()]) {
            for (int slot : perWindow) {
                numbers[slot] = 0;
            }
        }
        if (kind == EntityKind.CARD) {
            numbers[sinceLastSlot] = NO_EARLIER_ATTEMPT;
            numbers[amountRatioSlot] = 1;
            // no history: a value is new when there is one (and a card to be new for)
            boolean card = in.keys[EntityKind.CARD.ordinal()] != 0;
            for (EntityKind of : distinctOf[EntityKind.CARD.ordinal()]) {
                int slot = newSlot(of);
                if (slot >= 0) {
                    numbers[slot] = card && in.keys[of.ordinal()] != 0 ? 1 : 0;
                }
            }
        }
    }

    private void fillEntity(Stripe stripe, Entity entity, FeatureInput in, double[] numbers, long t) {
        EntityKind kind = entity.kind;
        int[] slots = aggregateSlots[kind.ordinal()];
        int windows = windowCount;
        int[] counts = stripe.counts;
        for (int w = 0; w < windows; w++) {
            sumWindow(stripe, entity, w, t);
            int count = counts[Entity.COUNT];
            numbers[slots[AggregateFunction.COUNT.ordinal() * windows + w]] = count;
            numbers[slots[AggregateFunction.SUM.ordinal() * windows + w]] = stripe.sum;
            numbers[slots[AggregateFunction.DECLINES.ordinal() * windows + w]] = counts[Entity.DECLINES];
            numbers[slots[AggregateFunction.DECLINE_RATIO.ordinal() * windows + w]] =
                    count == 0 ? 0 : (double) counts[Entity.DECLINES] / count;
            numbers[slots[AggregateFunction.SMALL.ordinal() * windows + w]] = counts[Entity.SMALL];
            numbers[slots[AggregateFunction.CVC_FAILURES.ordinal() * windows + w]] = counts[Entity.CVC];
        }
        int[][] distinct = distinctSlots[kind.ordinal()];
        for (int d = 0; d < distinct.length; d++) {
            RecentValues values = entity.distinct[d];
            for (int w = 0; w < windows; w++) {
                numbers[distinct[d][w]] = values == null ? 0 : values.countSince(t - windowMillis[w]);
            }
        }
        if (kind.tracksSequential()) {
            fillSequential(stripe, entity, numbers, slots, t);
        }
        if (kind == EntityKind.CARD) {
            fillCard(entity, in, numbers, t);
        }
    }

    /** Sums the buckets with index in [i - B, i] (i the bucket of t) that the ring still holds. */
    private void sumWindow(Stripe stripe, Entity entity, int w, long t) {
        int[] counts = stripe.counts;
        long countDeclines = 0;
        long smallCvc = 0;
        double sum = 0;
        long[] cells = entity.cells;
        int windows = entity.windows;
        long head = cells[w];
        if (head != Entity.NO_HEAD) {
            long written = cells[windows + w];
            int ringSize = ring[w];
            long i = Math.floorDiv(t, bucketMillis[w]);
            long lo = Math.max(i - buckets[w], head - ringSize + 1);
            long hi = Math.min(i, head);
            if (lo <= hi) {
                int base = 2 * windows + offset[w] * Entity.CELLS;
                int position = (int) Math.floorMod(lo, (long) ringSize);
                for (long j = lo; j <= hi; j++) {
                    if ((written & (1L << position)) != 0) {
                        int c = base + position * Entity.CELLS;
                        // halves cannot carry into each other: a bucket holds fewer than 2^32 events
                        countDeclines += cells[c];
                        smallCvc += cells[c + 1];
                        sum += Double.longBitsToDouble(cells[c + 2]);
                    }
                    if (++position == ringSize) {
                        position = 0;
                    }
                }
            }
        }
        counts[Entity.COUNT] = (int) countDeclines;
        counts[Entity.DECLINES] = (int) (countDeclines >>> 32);
        counts[Entity.SMALL] = (int) smallCvc;
        counts[Entity.CVC] = (int) (smallCvc >>> 32);
        stripe.sum = sum;
    }

    // Distinct account-number bodies seen by this source since t - w that lie within the gap of
    // another one. Sorted once (insertion sort: at most recentAccounts entries), then one pass per
    // window compares neighbours: the nearest body to any body is adjacent in sorted order.
    private void fillSequential(Stripe stripe, Entity entity, double[] numbers, int[] slots, long t) {
        int base = AggregateFunction.SEQUENTIAL.ordinal() * windowCount;
        RecentValues accounts = entity.accounts;
        int n = 0;
        long[] bodies = stripe.bodies;
        long[] times = stripe.times;
        if (accounts != null) {
            long from = t - maxWindowMillis;
            for (int k = 0; k < accounts.size(); k++) {
                long time = accounts.time(k);
                if (time < from) {
                    continue;
                }
                long body = accounts.key(k);
                int at = n++;
                while (at > 0 && bodies[at - 1] > body) {
                    bodies[at] = bodies[at - 1];
                    times[at] = times[at - 1];
                    at--;
                }
                bodies[at] = body;
                times[at] = time;
            }
        }
        long gap = sequentialGap;
        for (int w = 0; w < windowCount; w++) {
            long from = t - windowMillis[w];
            int sequential = 0;
            boolean havePrevious = false;
            boolean previousCounted = false;
            long previous = 0;
            for (int k = 0; k < n; k++) {
                if (times[k] < from) {
                    continue;
                }
                long body = bodies[k];
                boolean counted = false;
                if (havePrevious && body - previous <= gap) {
                    sequential += previousCounted ? 1 : 2;
                    counted = true;
                }
                previous = body;
                previousCounted = counted;
                havePrevious = true;
            }
            numbers[slots[base + w]] = sequential;
        }
    }

    private void fillCard(Entity card, FeatureInput in, double[] numbers, long t) {
        numbers[sinceLastSlot] = Math.max(0, t - card.lastTime) / 1000.0;
        EntityKind[] of = distinctOf[EntityKind.CARD.ordinal()];
        for (int d = 0; d < of.length; d++) {
            long key = in.keys[of[d].ordinal()];
            RecentValues seen = card.distinct[d];
            int slot = newSlot(of[d]);
            if (slot >= 0) {
                numbers[slot] = key != 0 && (seen == null || !seen.contains(key)) ? 1 : 0;
            }
        }
        int kept = Math.min(card.amountCount, amountHistory);
        double total = 0;
        for (int k = 0; k < kept; k++) {
            total += card.amounts[k];
        }
        numbers[amountRatioSlot] = kept == 0 || total <= 0 ? 1 : in.amount / (total / kept);
    }

    private int newSlot(EntityKind of) {
        switch (of) {
            case DEVICE:
                return newDeviceSlot;
            case IP:
                return newIpSlot;
            case ADDRESS:
                return newAddressSlot;
            case MERCHANT:
                return newMerchantSlot;
            default:
                return -1; // e-mail: counted by card.distinct(email, w), no card.newEmail fact
        }
    }

    // ---- writing an entity

    private void recordEntity(Entity entity, FeatureInput in, long t) {
        boolean approved = in.approved;
        double amount = in.amount;
        int small = amount <= smallAmount ? 1 : 0;
        int declined = approved ? 0 : 1;
        int cvc = in.declinedForCvcOrExpiry ? 1 : 0;
        long countDeclines = 1L | ((long) declined << 32);
        long smallCvc = small | ((long) cvc << 32);
        long[] cells = entity.cells;
        int windows = entity.windows;
        long[] bucket = in.bucketIndex;
        int[] positionOf = in.bucketPosition;
        for (int w = 0; w < windowCount; w++) {
            long j = bucket[w];
            long head = cells[w];
            long written = cells[windows + w];
            int ringSize = ring[w];
            int position = positionOf[w];
            if (head == Entity.NO_HEAD || j - head >= ringSize) {
                written = 0; // the whole ring is reused
                cells[w] = j;
            } else if (j > head) {
                // the positions of buckets head + 1 .. j are reused: mark them empty
                int p = position;
                for (long s = j - head; s > 0; s--) {
                    written &= ~(1L << p);
                    if (--p < 0) {
                        p = ringSize - 1;
                    }
                }
                cells[w] = j;
            } else if (j <= head - ringSize) {
                continue; // older than anything this window can still be asked about
            }
            int c = 2 * windows + (offset[w] + position) * Entity.CELLS;
            long bit = 1L << position;
            if ((written & bit) == 0) {
                cells[c] = countDeclines;
                cells[c + 1] = smallCvc;
                cells[c + 2] = Double.doubleToRawLongBits(approved ? amount : 0);
                written |= bit;
            } else {
                cells[c] += countDeclines;
                cells[c + 1] += smallCvc;
                if (approved) {
                    cells[c + 2] = Double.doubleToRawLongBits(Double.longBitsToDouble(cells[c + 2]) + amount);
                }
            }
            cells[windows + w] = written;
        }
        EntityKind[] of = distinctOf[entity.kind.ordinal()];
        for (int d = 0; d < of.length; d++) {
            long key = in.keys[of[d].ordinal()];
            if (key != 0) {
                RecentValues values = entity.distinct[d];
                if (values == null) {
                    values = new RecentValues(distinctCapacityOf(entity.kind));
                    entity.distinct[d] = values;
                }
                values.add(key, t);
            }
        }
        if (entity.kind.tracksSequential() && in.accountBody >= 0) {
            if (entity.accounts == null) {
                entity.accounts = new RecentValues(recentAccounts);
            }
            entity.accounts.add(in.accountBody, t);
        }
        if (entity.kind == EntityKind.CARD && approved && amount > 0) {
            if (entity.amounts == null) {
                entity.amounts = new float[amountHistory];
            }
            entity.amounts[entity.amountCount % amountHistory] = (float) amount;
            entity.amountCount++;
            if (entity.amountCount == Integer.MAX_VALUE) {
                entity.amountCount = amountHistory;
            }
        }
        if (t > entity.lastTime) {
            entity.lastTime = t;
        }
    }

    private int distinctCapacityOf(EntityKind kind) {
        return kind == EntityKind.MERCHANT || kind == EntityKind.BIN ? largeDistinctCapacity : distinctCapacity;
    }

    // ---- keys

    private void ensureKeys(FeatureInput in) {
        if (in.bucketsOwner != this || in.bucketsTime != in.eventTime) {
            // the bucket of the event in each window, once per request rather than per entity
            if (in.bucketIndex == null || in.bucketIndex.length < windowCount) {
                in.bucketIndex = new long[windowCount];
                in.bucketPosition = new int[windowCount];
            }
            for (int w = 0; w < windowCount; w++) {
                long j = Math.floorDiv(in.eventTime, bucketMillis[w]);
                in.bucketIndex[w] = j;
                in.bucketPosition[w] = (int) Math.floorMod(j, (long) ring[w]);
            }
            in.bucketsOwner = this;
            in.bucketsTime = in.eventTime;
        }
        if (in.keysOwner == this) {
            return;
        }
        TenantId tenant = in.tenant;
        if (tenant == null) {
            throw missingTenant();
        }
        for (EntityKind kind : EntityKind.ALL) {
            String value = in.values[kind.ordinal()];
            in.keys[kind.ordinal()] = value == null ? 0 : hash.hash(tenant, kind, value);
        }
        in.keysOwner = this;
    }

    private static IllegalArgumentException missingTenant() {
        return new IllegalArgumentException("tenant: required");
    }

    private Stripe stripeFor(long key) {
        return stripes[stripeShift == 64 ? 0 : (int) (key >>> stripeShift)];
    }
}
