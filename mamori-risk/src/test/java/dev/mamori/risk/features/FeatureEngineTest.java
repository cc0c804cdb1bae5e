package dev.mamori.risk.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Channel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FeatureEngineTest {
    static final TenantId TENANT = new TenantId(new UUID(7, 7));
    static final TenantId OTHER_TENANT = new TenantId(new UUID(8, 8));
    // 2023-11-14 22:15:00 UTC = 07:15 on the 15th in Tokyo; a multiple of every default bucket width
    static final long T0 = 1_699_999_200_000L + 15 * 60_000L;

    final StandardFeatureCatalog catalog = StandardFeatureCatalog.create();
    final FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.builder().hashKey(1, 2).build());
    final FeatureInput in = new FeatureInput();
    final FeatureVector out = new FeatureVector(catalog);

    FeatureInput attempt(String card, long time, long amount) {
        return in.reset().tenant(TENANT).card(card).bin("411111").amount(amount, 0).currency("JPY")
                .channel(Channel.ECOMMERCE).eventTime(time).outcome(true, false);
    }

    void record(FeatureInput input) {
        engine.record(input);
    }

    double number(String name) {
        FeatureSlot slot = catalog.slot(name);
        assertThat(slot).as(name).isNotNull();
        return out.number(slot);
    }

    String text(String name) {
        return out.text(catalog.slot(name));
    }

    @Test
    void countsAttemptsDeclinesAndApprovedAmountPerWindow() {
        record(attempt("c1", T0 - 2 * 3_600_000L, 5000));
        record(attempt("c1", T0 - 30 * 60_000L, 7000).outcome(false, false));
        record(attempt("c1", T0 - 10_000, 3000));
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.count(1m)")).isEqualTo(1);
        assertThat(number("card.count(1h)")).isEqualTo(2);
        assertThat(number("card.count(24h)")).isEqualTo(3);
        assertThat(number("card.sum(1h)")).isEqualTo(3000);
        assertThat(number("card.sum(24h)")).isEqualTo(8000);
        assertThat(number("card.declines(1h)")).isEqualTo(1);
        assertThat(number("card.declineRatio(1h)")).isEqualTo(0.5);
        assertThat(number("card.declineRatio(1m)")).isZero();
        assertThat(number("bin.count(24h)")).isEqualTo(3);
    }

    @Test
    void computeReadsStateBeforeTheEventAndDoesNotChangeIt() {
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.count(1h)")).isZero();
        assertThat(number("card.sinceLast")).isEqualTo(FeatureEngine.NO_EARLIER_ATTEMPT);
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.count(1h)")).isZero();
        assertThat(engine.entityCount()).isZero();
    }

    @Test
    void declineRatioIsZeroWithoutAttempts() {
        engine.compute(attempt("nobody", T0, 100), out);
        assertThat(number("card.declineRatio(24h)")).isZero();
        assertThat(number("merchant.declineRatio(24h)")).isZero();
    }

    @Test
    void smallAttemptsAndSecurityCodeFailuresAreCountedForCardTesting() {
        record(attempt("c1", T0 - 5000, 1000).outcome(false, true));
        record(attempt("c1", T0 - 4000, 1001).outcome(false, true));
        record(attempt("c1", T0 - 3000, 50).outcome(false, false));
        record(attempt("c1", T0 - 2000, 0).outcome(true, true)); // an approval is never a CVC failure
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.small(1m)")).isEqualTo(3);
        assertThat(number("card.cvcFailures(1m)")).isEqualTo(2);
        assertThat(number("card.declines(1m)")).isEqualTo(3);
    }

    @Test
    void smallAmountThresholdIsASetting() {
        FeatureEngine strict = new FeatureEngine(catalog, FeatureSettings.builder().smallAmount(100).build());
        strict.record(attempt("c1", T0 - 5000, 500));
        strict.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.small(1m)")).isZero();
        assertThat(number("card.count(1m)")).isEqualTo(1);
    }

    @Test
    void windowIncludesItsStartAndReachesBackAtMostOneBucketFurther() {
        // T0 is aligned on every bucket: the 1m window is exactly [T0 - 60 s, T0 + 5 s)
        record(attempt("edge", T0 - 60_000, 100));
        record(attempt("gone", T0 - 60_001, 100));
        engine.compute(attempt("edge", T0, 100), out);
        assertThat(number("card.count(1m)")).isEqualTo(1);
        engine.compute(attempt("gone", T0, 100), out);
        assertThat(number("card.count(1m)")).isZero();
        // 4.999 s into the bucket the window still reaches back to T0 - 60 s: 64.999 s
        engine.compute(attempt("edge", T0 + 4999, 100), out);
        assertThat(number("card.count(1m)")).isEqualTo(1);
        engine.compute(attempt("edge", T0 + 5000, 100), out);
        assertThat(number("card.count(1m)")).isZero();
        assertThat(engine.bucketWidth(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(engine.bucketWidth(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(engine.bucketWidth(Duration.ofHours(24))).isEqualTo(Duration.ofHours(1));
        assertThat(engine.bucketWidth(Duration.ofDays(7))).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void lateEventsWithinTheLatenessAreStillCounted() {
        record(attempt("c1", T0 + 8000, 100)); // arrived first, happened later
        record(attempt("c1", T0, 100));
        record(attempt("c1", T0 - 61_000, 100));
        engine.compute(attempt("c1", T0 + 1000, 100), out);
        assertThat(number("card.count(1m)")).isEqualTo(1); // [T0 - 60 s, T0 + 5 s): T0 + 8 s is in a later bucket
        assertThat(number("card.count(1h)")).isEqualTo(3);
        assertThat(number("card.sinceLast")).isZero(); // the card's last attempt is later than this one
        engine.compute(attempt("c1", T0 + 9000, 100), out);
        assertThat(number("card.count(1m)")).isEqualTo(2); // [T0 - 55 s, T0 + 10 s)
        assertThat(number("card.sinceLast")).isEqualTo(1.0);
    }

    @Test
    void distinctCountsValuesSeenInTheWindow() {
        long t = T0 - 120_000;
        for (String device : new String[] {"d1", "d2", "d2", "d3"}) {
            record(attempt("c1", t, 100).device(device).ip("10.0.0.1").merchant("m1"));
            t += 10_000;
        }
        record(attempt("c2", T0 - 1000, 100).device("d3").ip("10.0.0.1").merchant("m1").bin("524242"));
        engine.compute(attempt("c1", T0, 100).device("d1"), out);
        assertThat(number("card.distinct(device,1h)")).isEqualTo(3);
        assertThat(number("card.distinct(device,1m)")).isZero(); // last at T0 - 90 s
        assertThat(number("card.distinct(ip,1h)")).isEqualTo(1);
        assertThat(number("card.distinct(merchant,1h)")).isEqualTo(1);
        engine.compute(attempt("c3", T0, 100).device("d3").ip("10.0.0.1").merchant("m1"), out);
        assertThat(number("device.distinct(card,1h)")).isEqualTo(2);
        assertThat(number("device.distinct(card,1m)")).isEqualTo(1);
        assertThat(number("ip.distinct(card,24h)")).isEqualTo(2);
        assertThat(number("merchant.distinct(card,24h)")).isEqualTo(2);
        assertThat(number("merchant.distinct(bin,24h)")).isEqualTo(2);
        assertThat(number("bin.distinct(card,24h)")).isEqualTo(1);
    }

    @Test
    void distinctSaturatesAtItsCapacityKeepingTheMostRecentValues() {
        FeatureEngine small = new FeatureEngine(catalog, FeatureSettings.builder().distinctCapacity(4).build());
        for (int k = 0; k < 10; k++) {
            small.record(attempt("c1", T0 - 600_000 + k * 1000L, 100).device("d" + k));
        }
        small.compute(attempt("c1", T0, 100).device("d9"), out);
        assertThat(number("card.distinct(device,1h)")).isEqualTo(4);
        assertThat(number("card.newDevice")).isZero();
        small.compute(attempt("c1", T0, 100).device("d0"), out);
        assertThat(number("card.newDevice")).isOne(); // pushed out of the retained history
        // a late value older than all kept does not push out a newer one
        small.record(attempt("c1", T0 - 3_600_000, 100).device("old"));
        small.compute(attempt("c1", T0, 100).device("d6"), out);
        assertThat(number("card.newDevice")).isZero();
    }

    @Test
    void sequentialCountsCardsWhoseAccountNumbersLieWithinAThousand() {
        long base = FeatureInput.accountBody("4111110000010007"); // 411111000001000
        assertThat(base).isEqualTo(411111000001000L);
        record(attempt("a", T0 - 50_000, 100).device("bot").accountBody(base));
        record(attempt("b", T0 - 40_000, 100).device("bot").accountBody(base + 500));
        record(attempt("b", T0 - 30_000, 100).device("bot").accountBody(base + 500));
        record(attempt("c", T0 - 20_000, 100).device("bot").accountBody(base + 1500)); // 1000 from b
        record(attempt("d", T0 - 10_000, 100).device("bot").accountBody(base + 9000));
        record(attempt("e", T0 - 2 * 3_600_000L, 100).device("bot").accountBody(base + 9100));
        engine.compute(attempt("x", T0, 100).device("bot"), out);
        assertThat(number("device.sequential(1m)")).isEqualTo(3);
        assertThat(number("device.sequential(24h)")).isEqualTo(5);
        assertThat(number("device.count(1m)")).isEqualTo(5);
    }

    @Test
    void sequentialIgnoresUnknownAccountNumbersAndIsMissingForCards() {
        record(attempt("a", T0 - 5000, 100).merchant("m").accountBody(-1));
        record(attempt("b", T0 - 4000, 100).merchant("m").accountBody(-1));
        engine.compute(attempt("x", T0, 100).merchant("m"), out);
        assertThat(number("merchant.sequential(1m)")).isZero();
        assertThat(catalog.slot("card.sequential(1m)")).isNull();
        assertThat(FeatureInput.accountBody("4111 1111")).isEqualTo(-1);
        assertThat(FeatureInput.accountBody("411111111111111111111")).isEqualTo(-1);
    }

    @Test
    void newValuesAreThoseTheCardHasNotUsedBefore() {
        record(attempt("c1", T0 - 86_400_000L, 100).device("d1").ip("1.1.1.1").address("home").merchant("m1"));
        engine.compute(attempt("c1", T0, 100).device("d1").ip("2.2.2.2").address("home").merchant("m2"), out);
        assertThat(number("card.newDevice")).isZero();
        assertThat(number("card.newIp")).isOne();
        assertThat(number("card.newAddress")).isZero();
        assertThat(number("card.newMerchant")).isOne();
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.newDevice")).as("absent is not new").isZero();
        assertThat(number("card.newIp")).isZero();
        engine.compute(attempt("fresh", T0, 100).device("d1"), out);
        assertThat(number("card.newDevice")).as("a card with no history").isOne();
        assertThat(number("card.newIp")).isZero();
    }

    @Test
    void sinceLastAndAmountRatioDescribeTheCardsHabits() {
        engine.compute(attempt("c1", T0, 100), out);
        assertThat(number("card.amountRatio")).isOne();
        record(attempt("c1", T0 - 90_000, 2000));
        record(attempt("c1", T0 - 60_000, 4000));
        record(attempt("c1", T0 - 30_000, 90_000).outcome(false, false)); // declines are not habits
        engine.compute(attempt("c1", T0, 30_000), out);
        assertThat(number("card.sinceLast")).isEqualTo(30.0);
        assertThat(number("card.amountRatio")).isEqualTo(10.0);
    }

    @Test
    void amountRatioUsesTheLastApprovedAmountsOnly() {
        FeatureEngine shortMemory = new FeatureEngine(catalog, FeatureSettings.builder().amountHistory(2).build());
        shortMemory.record(attempt("c1", T0 - 3000, 1_000_000));
        shortMemory.record(attempt("c1", T0 - 2000, 1000));
        shortMemory.record(attempt("c1", T0 - 1000, 3000));
        shortMemory.compute(attempt("c1", T0, 4000), out);
        assertThat(number("card.amountRatio")).isEqualTo(2.0);
    }

    @Test
    void requestFactsComeFromTheInput() {
        engine.compute(attempt("c1", T0, 123).mcc("5816").merchantCountry("US").currency("USD").channel(Channel.MAIL_TELEPHONE), out);
        assertThat(number("amount")).isEqualTo(123);
        assertThat(text("currency")).isEqualTo("USD");
        assertThat(text("channel")).isEqualTo("moto");
        assertThat(text("mcc")).isEqualTo("5816");
        assertThat(text("merchant.country")).isEqualTo("US");
        assertThat(number("crossBorder")).isOne();
        assertThat(text("merchant.category")).isEqualTo("online-games");
        assertThat(number("merchant.highRisk")).isOne();
        assertThat(number("hour")).isEqualTo(7); // 22:15 UTC is 07:15 in Tokyo
        engine.compute(attempt("c1", T0, 123).mcc("5411").merchantCountry("JP"), out);
        assertThat(number("crossBorder")).isZero();
        assertThat(text("merchant.category")).isEmpty();
        assertThat(number("merchant.highRisk")).isZero();
        engine.compute(attempt("c1", T0, 123), out);
        assertThat(number("crossBorder")).as("unknown country").isZero();
        assertThat(text("merchant.country")).isNull();
    }

    @Test
    void amountInMinorUnitsIsConvertedToMajorUnits() {
        engine.compute(attempt("c1", T0, 0).amount(12_345, 2), out);
        assertThat(number("amount")).isEqualTo(123.45);
    }

    @Test
    void hourFollowsTheConfiguredZoneIncludingDaylightSaving() {
        FeatureEngine newYork = new FeatureEngine(catalog, FeatureSettings.builder().zone(ZoneId.of("America/New_York")).build());
        newYork.compute(attempt("c1", T0, 1), out);
        assertThat(number("hour")).isEqualTo(17); // EST, UTC-5
        newYork.compute(attempt("c1", T0 - 150L * 86_400_000L, 1), out);
        assertThat(number("hour")).isEqualTo(18); // EDT in June, UTC-4
    }

    @Test
    void suppliedFactsAreLeftForTheAuthorizationEngine() {
        out.set(catalog.fact("score"), 0.75);
        out.set(catalog.fact("card.status"), "active");
        engine.compute(attempt("c1", T0, 1), out);
        assertThat(number("score")).isEqualTo(0.75);
        assertThat(text("card.status")).isEqualTo("active");
    }

    @Test
    void tenantsDoNotSeeEachOthersEntities() {
        record(attempt("c1", T0 - 1000, 100).merchant("m1"));
        engine.compute(attempt("c1", T0, 100).tenant(OTHER_TENANT).merchant("m1"), out);
        assertThat(number("card.count(1h)")).isZero();
        assertThat(number("merchant.count(1h)")).isZero();
    }

    @Test
    void ringsLongerThanSixtyFourBucketsAreRefused() {
        FeatureSettings tooFine = FeatureSettings.builder().buckets(Duration.ofHours(1), 60).lateness(Duration.ofMinutes(5)).build();
        assertThatThrownBy(() -> new FeatureEngine(catalog, tooFine))
                .hasMessage("buckets: window 1m needs 73 ring positions (buckets + 1 + lateness / bucket width), at most 64");
        FeatureSettings fine = FeatureSettings.builder().buckets(Duration.ofHours(1), 60).build();
        assertThat(new FeatureEngine(catalog, fine).bucketWidth(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void inputWithoutTenantIsRefused() {
        in.reset().card("c1").eventTime(T0);
        assertThatThrownBy(() -> engine.compute(in, out)).hasMessage("tenant: required");
    }

    @Test
    void idleEntitiesExpireAfterTheLongestWindow() {
        record(attempt("c1", T0, 100).device("d1"));
        assertThat(engine.entityCount()).isEqualTo(3); // card, bin, device
        long later = T0 + engine.retention().toMillis() + 1;
        engine.compute(attempt("c1", later, 100).device("d1"), out);
        assertThat(number("card.sinceLast")).isEqualTo(FeatureEngine.NO_EARLIER_ATTEMPT);
        assertThat(number("card.newDevice")).isOne();
        assertThat(engine.expireIdle(later - 2)).isZero();
        assertThat(engine.expireIdle(later)).isEqualTo(3);
        assertThat(engine.entityCount()).isZero();
        // an idle entity that is recorded again starts afresh even before expireIdle ran
        record(attempt("c2", T0, 100).device("d1"));
        record(attempt("c2", later, 100));
        engine.compute(attempt("c2", later + 1, 100).device("d1"), out);
        assertThat(number("card.count(30d)".replace("30d", "7d"))).isEqualTo(1);
        assertThat(number("card.newDevice")).isOne();
        assertThat(engine.retention()).isEqualTo(Duration.ofDays(7).plusHours(12).plusSeconds(10));
    }

    @Test
    void leastRecentlyActiveEntitiesAreEvictedAtTheBound() {
        FeatureEngine bounded = new FeatureEngine(catalog, FeatureSettings.builder().maxEntities(64).stripes(1).build());
        for (int k = 0; k < 1000; k++) {
            bounded.record(in.reset().tenant(TENANT).card("c" + k).eventTime(T0 + k * 1000L).outcome(true, false));
            assertThat(bounded.entityCount()).isLessThanOrEqualTo(64);
        }
        bounded.compute(in.reset().tenant(TENANT).card("c999").eventTime(T0 + 1_000_000), out);
        assertThat(number("card.count(1h)")).isEqualTo(1);
        bounded.compute(in.reset().tenant(TENANT).card("c0").eventTime(T0 + 1_000_000), out);
        assertThat(number("card.count(1h)")).isZero();
        int kept = 0;
        for (int k = 900; k < 1000; k++) {
            bounded.compute(in.reset().tenant(TENANT).card("c" + k).eventTime(T0 + 1_000_000), out);
            kept += (int) number("card.count(1h)");
        }
        assertThat(kept).as("approximate LRU keeps mostly the recent ones").isGreaterThan(40);
    }

    @Test
    void replayingTheSameEventsGivesIdenticalVectors() {
        List<ReferenceModel.Event> events = FeatureEnginePropertyTest.stream(42, 400, 10_000);
        FeatureSettings settings = FeatureSettings.builder().hashKey(5, 6).build();
        FeatureEngine live = new FeatureEngine(catalog, settings);
        FeatureEngine rebuilt = new FeatureEngine(catalog, FeatureSettings.builder().hashKey(9, 10).build());
        List<double[]> liveVectors = new ArrayList<>();
        for (ReferenceModel.Event event : events) {
            live.compute(event.fill(in), out);
            live.record(in);
            rebuilt.record(event.fill(in));
        }
        // after a restart (another process, another hash key) the replayed state answers the same
        long now = events.get(events.size() - 1).time + 1000;
        FeatureVector other = new FeatureVector(catalog);
        for (ReferenceModel.Event event : events) {
            ReferenceModel.Event query = event;
            long saved = query.time;
            query.time = now;
            live.compute(query.fill(in), out);
            rebuilt.compute(query.fill(in), other);
            query.time = saved;
            assertThat(other.numbers()).containsExactly(out.numbers());
            assertThat(other.texts()).containsExactly(out.texts());
            liveVectors.add(out.numbers().clone());
        }
        assertThat(liveVectors.stream().mapToDouble(v -> v[catalog.slot("merchant.count(7d)").index()]).max().getAsDouble())
                .isGreaterThan(10);
    }

    @Test
    void parallelRecordsLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int th = 0; th < threads; th++) {
            int id = th;
            done.add(pool.submit(() -> {
                FeatureInput mine = new FeatureInput();
                FeatureVector vector = new FeatureVector(catalog);
                for (int k = 0; k < perThread; k++) {
                    mine.reset().tenant(TENANT).card("c" + (k % 100)).merchant("shared").device("dev" + id)
                            .amount(10, 0).eventTime(T0 + (k % 50)).outcome(k % 4 != 0, false);
                    engine.compute(mine, vector);
                    engine.record(mine);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        engine.compute(in.reset().tenant(TENANT).merchant("shared").card("c7").device("dev2").eventTime(T0 + 100), out);
        assertThat(number("merchant.count(1m)")).isEqualTo(threads * perThread);
        assertThat(number("merchant.declines(1m)")).isEqualTo(threads * perThread / 4);
        assertThat(number("merchant.sum(1m)")).isEqualTo(threads * perThread * 3 / 4 * 10.0);
        assertThat(number("merchant.distinct(card,1m)")).isEqualTo(100);
        assertThat(number("card.count(1m)")).isEqualTo(threads * perThread / 100);
        assertThat(number("device.count(1m)")).isEqualTo(perThread);
        assertThat(number("device.distinct(card,1m)")).isEqualTo(32); // 100 cards, capacity 32
    }
}
