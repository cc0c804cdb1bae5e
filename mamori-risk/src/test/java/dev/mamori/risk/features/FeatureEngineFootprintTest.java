package dev.mamori.risk.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Channel;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Allocation on the hot path (asserted: none after warm-up), and memory per entity and replay rate
 * (printed for the record, not asserted: speed belongs to benchmarks).
 */
class FeatureEngineFootprintTest {
    static final TenantId TENANT = new TenantId(new UUID(3, 3));
    static final long T0 = 1_700_000_100_000L;

    final StandardFeatureCatalog catalog = StandardFeatureCatalog.create();

    @Test
    void computeAndRecordOnExistingEntitiesAllocateNothing() {
        FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.defaults());
        FeatureInput in = new FeatureInput();
        FeatureVector out = new FeatureVector(catalog);
        String[] cards = new String[50];
        String[] devices = new String[10];
        for (int k = 0; k < cards.length; k++) {
            cards[k] = "card-" + k;
        }
        for (int k = 0; k < devices.length; k++) {
            devices[k] = "device-" + k;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int k = 0; k < 50_000; k++) {
                int n = round * 50_000 + k;
                in.reset().tenant(TENANT).card(cards[n % cards.length]).bin("411111")
                        .device(devices[n % devices.length]).ip(devices[(n / 3) % devices.length])
                        .email(devices[n % 7]).address(devices[n % 5]).merchant(devices[n % 3])
                        .accountBody(411111000000000L + (n % cards.length) * 100L)
                        .amount(500 + n % 5000, 0).currency("JPY").mcc("5816").merchantCountry("JP")
                        .channel(Channel.ECOMMERCE).eventTime(T0 + n * 700L).outcome(n % 5 != 0, n % 10 == 0);
                engine.compute(in, out);
                engine.record(in);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        System.out.println("allocated over 50,000 compute+record after warm-up: " + allocated + " bytes");
        assertThat(allocated).isLessThan(50_000);
    }

    @Test
    void printsBytesPerCardEntity() {
        int cards = 100_000;
        // only cards: one entity per card, with its device, ip and merchant histories filled
        FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.builder().maxEntities(4 * cards).build());
        FeatureInput in = new FeatureInput();
        String[] names = new String[cards];
        for (int k = 0; k < cards; k++) {
            names[k] = "card-" + k;
        }
        String[] pool = new String[100];
        for (int k = 0; k < pool.length; k++) {
            pool[k] = "value-" + k;
        }
        long baseline = usedHeap();
        for (int k = 0; k < cards; k++) {
            for (int e = 0; e < 3; e++) {
                engine.record(in.reset().tenant(TENANT).card(names[k]).device(pool[(k + e) % 100])
                        .ip(pool[(k * 7 + e) % 100]).merchant(pool[(k * 13) % 100]).amount(3000, 0)
                        .eventTime(T0 + k * 10L + e * 3_600_000L).outcome(true, false));
            }
        }
        long used = usedHeap() - baseline;
        int entities = engine.entityCount();
        long perCard = (used - 300L * 4096) / cards; // the 300 device/ip/merchant entities, roughly
        System.out.println("entities: " + entities + ", heap used: " + used / 1024 + " KiB, about "
                + perCard + " bytes per card entity (3 attempts, 3 devices, 3 IPs, 1 merchant)");
        assertThat(entities).isEqualTo(cards + 300);
        assertThat(engine.entityCount()).isPositive(); // keeps the engine reachable until measured
    }

    @Test
    void printsReplayRate() {
        int events = 400_000;
        FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.defaults());
        FeatureInput in = new FeatureInput();
        String[] cards = pool("card-", 60_000);
        String[] devices = pool("device-", 20_000);
        String[] ips = pool("203.0.113.", 20_000);
        String[] merchants = pool("merchant-", 2_000);
        String[] bins = pool("4", 300);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = 0;
        long cpuStart = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                engine = new FeatureEngine(catalog, FeatureSettings.defaults());
                start = System.nanoTime();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            long span = 7L * 86_400_000L;
            for (int k = 0; k < events; k++) {
                int c = (int) ((k * 2_654_435_761L) % cards.length);
                engine.record(in.reset().tenant(TENANT).card(cards[c]).bin(bins[c % bins.length])
                        .device(devices[c % devices.length]).ip(ips[(k * 31) % ips.length])
                        .merchant(merchants[(k * 17) % merchants.length]).accountBody(411111000000000L + c)
                        .amount(1000 + k % 20_000, 0).eventTime(T0 + span * k / events).outcome(k % 9 != 0, false));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // CPU time of this thread as well: on a shared machine the wall time mostly measures the neighbours
        System.out.printf("replayed %,d events (card, bin, device, ip, merchant each) in %.2f s (%.2f s CPU): "
                        + "%,.0f events/s, %,.0f events per CPU second, %,d entities%n",
                events, seconds, cpuSeconds, events / seconds, events / cpuSeconds, engine.entityCount());
        assertThat(engine.entityCount()).isGreaterThan(cards.length);
    }

    private static String[] pool(String prefix, int size) {
        String[] values = new String[size];
        for (int k = 0; k < size; k++) {
            values[k] = prefix + k;
        }
        return values;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
