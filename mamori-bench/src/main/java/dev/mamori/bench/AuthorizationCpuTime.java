package dev.mamori.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The scoring stage ({@link AuthorizationScoringBenchmark#scoringStage}) or the whole decision
 * ({@link AuthorizationDecisionBenchmark#decide}, H2 in memory or in a file) measured as thread
 * CPU time per operation instead of wall time: on a shared machine the wall clock also counts the
 * time other processes held the core, CPU time does not. Same state as the JMH benchmarks, one
 * thread, rounds of {@code ops} operations; prints each round and the median of the second half.
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationCpuTime scoring [rounds 12] [ops 200000]
 * java -Xms3g -Xmx3g -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationCpuTime h2mem 12 5000
 * java -Xms3g -Xmx3g -cp mamori-bench/target/mamori-bench.jar dev.mamori.bench.AuthorizationCpuTime h2file 12 5000
 * </pre>
 * The decision variants include the JVM's own background work only as far as it runs on the
 * calling thread (the decision thread's CPU time: not the garbage collector's threads).
 */
public final class AuthorizationCpuTime {
    private AuthorizationCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "scoring";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : (what.equals("scoring") ? 200_000 : 5_000);
        java.util.Map<String, Integer> codes = new java.util.TreeMap<>();
        java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
        Runnable op;
        Runnable tearDown = () -> { };
        if (what.equals("scoring")) {
            AuthorizationScoringBenchmark b = new AuthorizationScoringBenchmark();
            b.cards = 100_000;
            b.history = 5;
            b.setUp();
            AuthorizationScoringBenchmark.Worker w = new AuthorizationScoringBenchmark.Worker();
            w.setUp(b);
            op = () -> b.scoringStage(w);
        } else {
            AuthorizationDecisionBenchmark b = new AuthorizationDecisionBenchmark();
            b.db = what;
            b.cards = 50_000;
            b.setUp();
            AuthorizationDecisionBenchmark.Worker w = new AuthorizationDecisionBenchmark.Worker();
            w.setUp(b);
            op = () -> {
                dev.mamori.risk.Decision d = b.decide(w);
                codes.merge(d.responseCode().code(), 1, Integer::sum);
                reasons.merge(d.reasons().isEmpty() ? "-" : d.reasons().get(0), 1, Integer::sum);
            };
            tearDown = () -> {
                try {
                    b.tearDown();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpuPerOp = new double[rounds];
        System.out.printf("%s: %d rounds of %d%n%5s %14s %14s %12s%n", what, rounds, ops, "round", "CPU us/op", "wall us/op", "CPU share");
        for (int r = 0; r < rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.run();
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            cpuPerOp[r] = cpu / 1e3 / ops;
            System.out.printf("%5d %14.2f %14.2f %11.0f%%%n", r + 1, cpuPerOp[r], wall / 1e3 / ops, 100.0 * cpu / wall);
        }
        double[] late = Arrays.copyOfRange(cpuPerOp, rounds / 2, rounds);
        Arrays.sort(late);
        System.out.printf("median CPU time per op over rounds %d-%d: %.2f us (%.0f ops per CPU second)%n", rounds / 2 + 1, rounds,
                late[late.length / 2], 1e6 / late[late.length / 2]);
        if (!codes.isEmpty()) {
            System.out.println("response codes: " + codes);
            System.out.println("first reasons: " + reasons);
        }
        tearDown.run();
    }
}
