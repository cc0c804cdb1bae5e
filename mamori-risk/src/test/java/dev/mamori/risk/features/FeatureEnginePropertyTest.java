package dev.mamori.risk.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.common.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random event streams (bursts, minutes, hours and days apart, some arriving late) through the
 * engine and through {@link ReferenceModel}: before each event is recorded, every feature the
 * engine computes must equal the reference, and every counter must lie within the documented
 * bound exact[t - w, t] &lt;= value &lt;= exact(t - w - g, t + g).
 */
class FeatureEnginePropertyTest {
    static final TenantId TENANT_A = new TenantId(new UUID(1, 1));
    static final TenantId TENANT_B = new TenantId(new UUID(2, 2));

    static List<ReferenceModel.Event> stream(long seed, int size, long latenessMillis) {
        Random random = new Random(seed);
        List<ReferenceModel.Event> events = new ArrayList<>();
        long clock = 1_700_000_000_000L + random.nextInt(86_400_000);
        String[] mccs = {"5411", "5816", "7011", "4511", null};
        String[] countries = {"JP", "US", null};
        for (int k = 0; k < size; k++) {
            int gap = random.nextInt(10);
            clock += gap < 3 ? random.nextInt(1000)
                    : gap < 5 ? random.nextInt(10_000)
                    : gap < 7 ? random.nextInt(120_000)
                    : gap < 9 ? random.nextInt(5_400_000)
                    : random.nextInt(3) == 0 ? random.nextInt(4 * 86_400_000) : random.nextInt(30 * 3_600_000);
            ReferenceModel.Event e = new ReferenceModel.Event(random.nextInt(8) == 0 ? TENANT_B : TENANT_A);
            e.time = random.nextInt(4) == 0 ? clock - random.nextInt((int) latenessMillis + 1) : clock;
            int card = random.nextInt(5);
            e.set(EntityKind.CARD, "card-" + card);
            // neighbours 0-1-2 lie within the gap of each other, 3 and 4 far away
            e.body = card < 3 ? 411111000000000L + card * 600L : 411111000000000L + card * 100_000L;
            e.set(EntityKind.BIN, card < 4 ? "411111" : "524242");
            e.set(EntityKind.DEVICE, pick(random, "dev-0", "dev-1", "dev-2", null));
            e.set(EntityKind.IP, pick(random, "10.0.0.1", "10.0.0.2", null));
            e.set(EntityKind.EMAIL, pick(random, "a@example.jp", null));
            e.set(EntityKind.ADDRESS, pick(random, "addr-1", "addr-2", null));
            e.set(EntityKind.MERCHANT, pick(random, "m-1", "m-2", "m-3"));
            if (random.nextInt(10) == 0) {
                e.body = -1;
            }
            e.amount = new double[] {0, 300, 1000, 1001, 5000, 48_000}[random.nextInt(6)];
            e.approved = random.nextInt(3) != 0;
            e.cvc = !e.approved && random.nextBoolean();
            e.mcc = mccs[random.nextInt(mccs.length)];
            e.country = countries[random.nextInt(countries.length)];
            events.add(e);
        }
        return events;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    @Property(tries = 150)
    void everyFeatureEqualsTheReferenceAndCountersStayWithinTheBound(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 250) int size) {
        StandardFeatureCatalog catalog = StandardFeatureCatalog.create();
        FeatureSettings settings = FeatureSettings.builder().hashKey(seed, ~seed).stripes(4).build();
        FeatureEngine engine = new FeatureEngine(catalog, settings);
        ReferenceModel reference = new ReferenceModel(catalog, settings);
        FeatureInput in = new FeatureInput();
        FeatureVector actual = new FeatureVector(catalog);
        for (ReferenceModel.Event event : stream(seed, size, settings.latenessMillis())) {
            engine.compute(event.fill(in), actual);
            FeatureVector expected = reference.expected(event);
            for (FeatureSlot slot : catalog.slots()) {
                if (catalog.suppliedFactNames().contains(slot.name())) {
                    continue;
                }
                if (slot.type() == ValueType.TEXT) {
                    assertThat(actual.text(slot)).as(slot.name()).isEqualTo(expected.text(slot));
                } else {
                    assertThat(actual.number(slot)).as(slot.name()).isCloseTo(expected.number(slot), within(1e-9));
                }
            }
            for (EntityKind kind : EntityKind.ALL) {
                String value = event.value(kind);
                for (Duration window : catalog.windows()) {
                    long t = event.time;
                    long w = window.toMillis();
                    long g = settings.bucketMillis(window);
                    double count = actual.number(catalog.aggregate(kind.id, "count", null, window));
                    if (value == null || reference.history(event.tenant, kind, value).isEmpty()) {
                        continue;
                    }
                    assertThat(count).as("%s lower bound", window)
                            .isGreaterThanOrEqualTo(reference.exactCount(event.tenant, kind, value, t - w, t));
                    assertThat(count).as("%s upper bound", window)
                            .isLessThanOrEqualTo(reference.exactCount(event.tenant, kind, value, t - w - g + 1, t + g - 1));
                }
            }
            engine.record(in);
            reference.record(event);
        }
    }
}
