package dev.mamori.bench;

import dev.mamori.common.TenantId;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.StandardFeatureCatalog;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Retained heap of the feature engine per active card: fills a fresh {@link FeatureEngine} (default
 * windows 1m, 1h, 24h, 7d and settings) with a week of events for N cards and measures the used
 * heap after full collections, before and after, with the population's own strings and arrays
 * already allocated in the "before" figure. Two profiles:
 * <ul>
 *   <li>{@code full}: every event names its card, BIN, merchant and, for e-commerce (80 %), device,
 *       IP, e-mail and address, with the population of {@link IssuerTraffic#of}: per card 2
 *       devices, 1 IP, 1 e-mail, 0.6 addresses, and 2 000 merchants and 20 BINs in all;</li>
 *   <li>{@code card}: every event names only the card, so the figure is the card entity alone.</li>
 * </ul>
 * Not JMH: a heap figure, not a time. Run with a fixed heap so the collector does not resize:
 * <pre>
 * java -Xms6g -Xmx6g -XX:+UseParallelGC -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.FeatureMemory \
 *     [events-per-card, default 5] [N...] (default 50000 100000 200000)
 * </pre>
 */
public final class FeatureMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private FeatureMemory() {
    }

    public static void main(String[] args) throws Exception {
        int eventsPerCard = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = args.length > 1 ? new int[args.length - 1] : new int[] {50_000, 100_000, 200_000};
        for (int i = 1; i < args.length; i++) {
            sizes[i - 1] = Integer.parseInt(args[i]);
        }
        System.out.printf("%-6s %9s %9s %10s %12s %12s %12s%n", "profile", "cards", "events", "entities", "heap MB", "bytes/card",
                "bytes/entity");
        for (String profile : new String[] {"card", "full"}) {
            for (int n : sizes) {
                measure(profile, n, eventsPerCard);
            }
        }
    }

    private static void measure(String profile, int cards, int eventsPerCard) throws InterruptedException {
        IssuerTraffic traffic = IssuerTraffic.of(cards, 42);
        TenantId tenant = TenantId.random();
        StandardFeatureCatalog catalog = StandardFeatureCatalog.create();
        FeatureInput in = new FeatureInput();
        IssuerTraffic.Draw d = new IssuerTraffic.Draw();
        long before = usedAfterGc();
        FeatureEngine engine = new FeatureEngine(catalog, FeatureSettings.builder().maxEntities(10_000_000).build());
        long events = (long) cards * eventsPerCard;
        long now = System.currentTimeMillis();
        long from = now - Duration.ofDays(7).toMillis();
        SplittableRandom random = new SplittableRandom(3);
        for (long e = 0; e < events; e++) {
            traffic.draw(random, d);
            long t = from + e * Duration.ofDays(7).toMillis() / events;
            if (profile.equals("card")) {
                // Every card once first, so all N exist whatever the draw.
                int card = e < cards ? (int) e : d.card;
                in.reset().tenant(tenant).card(traffic.fingerprints[card]).amount(d.amount, 0).currency("JPY").eventTime(t);
            } else {
                if (e < cards) {
                    d.card = (int) e;
                }
                traffic.fill(in, tenant, d, t);
            }
            in.outcome(random.nextInt(100) >= 3, false);
            engine.record(in);
        }
        long after = usedAfterGc();
        int entities = engine.entityCount();
        long bytes = after - before;
        System.out.printf("%-7s %9d %9d %10d %12.1f %12.0f %12.0f%n", profile, cards, events, entities, bytes / 1e6,
                (double) bytes / cards, (double) bytes / entities);
        Reference.reachabilityFence(engine);
        Reference.reachabilityFence(traffic);
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
