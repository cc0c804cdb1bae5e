package dev.mamori.risk.features;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The features computed the slow, obvious way from a plain list of every recorded event, to
 * check {@link FeatureEngine} against. Counters are computed exactly over the interval the
 * engine documents ([(i - B) g, (i + 1) g) for i the bucket of the query time); the test asserts
 * separately that this interval contains [t - w, t] and lies within (t - w - g, t + g).
 */
final class ReferenceModel {

    /** One request as the tests describe it; values indexed by {@link EntityKind#ordinal()}. */
    static final class Event {
        final TenantId tenant;
        final String[] values = new String[EntityKind.COUNT];
        long body = -1;
        double amount;
        long time;
        boolean approved;
        boolean cvc;
        String mcc;
        String country;
        Channel channel = Channel.ECOMMERCE;

        Event(TenantId tenant) {
            this.tenant = tenant;
        }

        Event set(EntityKind kind, String value) {
            values[kind.ordinal()] = value;
            return this;
        }

        String value(EntityKind kind) {
            return values[kind.ordinal()];
        }

        FeatureInput fill(FeatureInput in) {
            in.reset().tenant(tenant)
                    .card(value(EntityKind.CARD)).device(value(EntityKind.DEVICE)).ip(value(EntityKind.IP))
                    .email(value(EntityKind.EMAIL)).address(value(EntityKind.ADDRESS))
                    .merchant(value(EntityKind.MERCHANT)).bin(value(EntityKind.BIN))
                    .accountBody(body).amount((long) amount, amount).currency("JPY").mcc(mcc)
                    .merchantCountry(country).channel(channel).eventTime(time).outcome(approved, cvc);
            return in;
        }
    }

    private final StandardFeatureCatalog catalog;
    private final FeatureSettings settings;
    private final long retention;
    private final List<Event> events = new ArrayList<>();

    ReferenceModel(StandardFeatureCatalog catalog, FeatureSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        long longest = 0;
        for (Duration window : catalog.windows()) {
            longest = Math.max(longest, (settings.buckets(window) + 1) * settings.bucketMillis(window));
        }
        this.retention = longest + settings.latenessMillis();
    }

    void record(Event event) {
        events.add(event);
    }

    /** Interval [from, to) the engine sums for window w at time t. */
    long[] interval(Duration window, long t) {
        long g = settings.bucketMillis(window);
        long i = Math.floorDiv(t, g);
        return new long[] {(i - settings.buckets(window)) * g, (i + 1) * g};
    }

    /** The entity's events since it was last reset (idle longer than the retention), in record order. */
    List<Event> history(TenantId tenant, EntityKind kind, String value) {
        List<Event> history = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (Event event : events) {
            if (!event.tenant.equals(tenant) || !Objects.equals(event.value(kind), value)) {
                continue;
            }
            if (last != Long.MIN_VALUE && last < event.time - retention) {
                history.clear();
                last = Long.MIN_VALUE;
            }
            history.add(event);
            last = Math.max(last, event.time);
        }
        return history;
    }

    /** Expected numbers (by slot index) and texts for a query, as compute should give them. */
    FeatureVector expected(Event query) {
        FeatureVector out = new FeatureVector(catalog);
        long t = query.time;
        for (EntityKind kind : EntityKind.ALL) {
            String value = query.value(kind);
            List<Event> history = value == null ? List.of() : history(query.tenant, kind, value);
            long last = history.stream().mapToLong(e -> e.time).max().orElse(Long.MIN_VALUE);
            if (last < t - retention) {
                history = List.of();
            }
            for (Duration window : catalog.windows()) {
                long[] interval = interval(window, t);
                int count = 0;
                int declines = 0;
                int small = 0;
                int cvc = 0;
                double sum = 0;
                for (Event e : history) {
                    if (e.time >= interval[0] && e.time < interval[1]) {
                        count++;
                        declines += e.approved ? 0 : 1;
                        small += e.amount <= settings.smallAmount() ? 1 : 0;
                        cvc += e.cvc ? 1 : 0;
                        sum += e.approved ? e.amount : 0;
                    }
                }
                set(out, kind, "count", window, count);
                set(out, kind, "sum", window, sum);
                set(out, kind, "declines", window, declines);
                set(out, kind, "declineRatio", window, count == 0 ? 0 : (double) declines / count);
                set(out, kind, "small", window, small);
                set(out, kind, "cvcFailures", window, cvc);
                long from = t - window.toMillis();
                for (EntityKind of : kind.distinctOf()) {
                    Set<String> distinct = new HashSet<>();
                    for (Event e : history) {
                        if (e.time >= from && e.value(of) != null) {
                            distinct.add(e.value(of));
                        }
                    }
                    int capacity = kind == EntityKind.MERCHANT || kind == EntityKind.BIN
                            ? settings.largeDistinctCapacity() : settings.distinctCapacity();
                    out.set(catalog.aggregate(kind.id, "distinct", of.id, window), Math.min(capacity, distinct.size()));
                }
                if (kind.tracksSequential()) {
                    TreeSet<Long> bodies = new TreeSet<>();
                    for (Event e : history) {
                        if (e.time >= from && e.body >= 0) {
                            bodies.add(e.body);
                        }
                    }
                    int sequential = 0;
                    for (long body : bodies) {
                        Long lower = bodies.lower(body);
                        Long higher = bodies.higher(body);
                        if ((lower != null && body - lower <= settings.sequentialGap())
                                || (higher != null && higher - body <= settings.sequentialGap())) {
                            sequential++;
                        }
                    }
                    set(out, kind, "sequential", window, sequential);
                }
            }
            if (kind == EntityKind.CARD) {
                cardFacts(query, history, out);
            }
        }
        out.set(catalog.fact("amount"), query.amount);
        out.set(catalog.fact("currency"), "JPY");
        out.set(catalog.fact("channel"), query.channel == null ? null : query.channel.id());
        out.set(catalog.fact("mcc"), query.mcc);
        out.set(catalog.fact("merchant.country"), query.country);
        out.set(catalog.fact("crossBorder"), query.country != null && !query.country.equals(settings.issuerCountry()));
        out.set(catalog.fact("merchant.category"), settings.categories().category(query.mcc));
        out.set(catalog.fact("merchant.highRisk"), settings.categories().highRisk(query.mcc));
        out.set(catalog.fact("hour"), java.time.Instant.ofEpochMilli(t).atZone(settings.zone()).getHour());
        return out;
    }

    private void cardFacts(Event query, List<Event> history, FeatureVector out) {
        long t = query.time;
        boolean card = query.value(EntityKind.CARD) != null;
        long last = history.stream().mapToLong(e -> e.time).max().orElse(Long.MIN_VALUE);
        out.set(catalog.fact("card.sinceLast"), history.isEmpty() ? FeatureEngine.NO_EARLIER_ATTEMPT : Math.max(0, t - last) / 1000.0);
        String[][] news = {{"card.newDevice", "DEVICE"}, {"card.newIp", "IP"}, {"card.newAddress", "ADDRESS"}, {"card.newMerchant", "MERCHANT"}};
        for (String[] fact : news) {
            EntityKind of = EntityKind.valueOf(fact[1]);
            String value = query.value(of);
            boolean seen = history.stream().anyMatch(e -> value != null && value.equals(e.value(of)));
            out.set(catalog.fact(fact[0]), card && value != null && !seen);
        }
        List<Double> approved = new ArrayList<>();
        for (Event e : history) {
            if (e.approved && e.amount > 0) {
                approved.add(e.amount);
            }
        }
        List<Double> kept = approved.subList(Math.max(0, approved.size() - settings.amountHistory()), approved.size());
        double mean = kept.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        out.set(catalog.fact("card.amountRatio"), kept.isEmpty() ? 1 : query.amount / mean);
    }

    private void set(FeatureVector out, EntityKind kind, String function, Duration window, double value) {
        FeatureSlot slot = catalog.aggregate(kind.id, function, null, window);
        if (slot != null) {
            out.set(slot, value);
        }
    }

    /** Exact count of the entity's recorded events with time in [from, to]. */
    int exactCount(TenantId tenant, EntityKind kind, String value, long from, long to) {
        int count = 0;
        for (Event e : events) {
            if (e.tenant.equals(tenant) && Objects.equals(e.value(kind), value) && e.time >= from && e.time <= to) {
                count++;
            }
        }
        return count;
    }
}
