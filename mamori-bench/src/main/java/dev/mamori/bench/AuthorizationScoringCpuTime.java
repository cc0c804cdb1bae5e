package dev.mamori.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The scoring stage of {@link AuthorizationScoringBenchmark} measured as thread CPU time per
 * decision instead of wall time: on a shared machine the wall clock counts the time other
 * processes held the core, CPU time does not. Same state (100 000 cards, 5 events each over the
 * past week), one thread, rounds of {@code ops} decisions; prints each round.
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationScoringCpuTime [rounds 12] [ops 200000]
 * </pre>
 */
public final class AuthorizationScoringCpuTime {
    private AuthorizationScoringCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        AuthorizationScoringBenchmark b = new AuthorizationScoringBenchmark();
        b.cards = 100_000;
        b.history = 5;
        b.setUp();
        AuthorizationScoringBenchmark.Worker w = new AuthorizationScoringBenchmark.Worker();
        w.setUp(b);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        System.out.printf("%5s %14s %14s %12s%n", "round", "CPU us/op", "wall us/op", "CPU share");
        for (int r = 1; r <= rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                sink += b.scoringStage(w).ordinal();
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("%5d %14.2f %14.2f %11.0f%%%n", r, cpu / 1e3 / ops, wall / 1e3 / ops, 100.0 * cpu / wall);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
