package dev.mamori.bench;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Action;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.ModelInputs;
import dev.mamori.risk.model.ModelReason;
import dev.mamori.risk.rules.CompiledRuleSet;
import dev.mamori.risk.rules.RuleCompiler;
import dev.mamori.risk.rules.RuleOutcome;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorization host's scoring stage in process, without the database: the standard features
 * of a request computed from a warmed-up {@link FeatureEngine}, the host-supplied facts set, the
 * 100-rule set of {@code issuer-rules-100.txt} evaluated, and the event recorded back into the
 * engine (what {@code AuthorizationHost.decide} does between the card look-up and the log write,
 * less card-testing detection, which is package-private and reads the same vector).
 *
 * <p>State: {@code cards} cards (default 100 000) with twice as many devices, as many IPs and
 * e-mails, 60 % as many delivery addresses, 2 000 merchants and 20 BINs, pre-filled with {@code history}
 * events per card spread in time order over the 7 days before the run; the run then continues in
 * real time, so the 1-minute and 1-hour windows fill up with the benchmark's own traffic.
 * Baselines beside the stage: the feature computation alone and the rule evaluation alone (on
 * vectors computed from the same state).
 *
 * <pre>
 * mvn -B -o -q package -pl mamori-bench -am -DskipTests
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationScoring -bm avgt -tu us -prof gc
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationScoringBenchmark.scoringStage -bm sample -tu us
 * java -jar mamori-bench/target/mamori-bench.jar AuthorizationScoringBenchmark.scoringStage -bm thrpt -tu s -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuthorizationScoringBenchmark {
    private static final Duration WEEK = Duration.ofDays(7);

    @Param({"100000"})
    public int cards;

    /** Events per card in the week before the run (on average; cards are drawn at random). */
    @Param({"5"})
    public int history;

    private final TenantId tenant = TenantId.random();
    private IssuerTraffic traffic;
    private FeatureEngine engine;
    private CompiledRuleSet rules;
    private StandardFeatureCatalog catalog;
    // A model of 300 trees of depth 6 over every trainable input, as the host scores the active one.
    private GradientBoostedTrees model;
    private ModelInputs modelInputs;
    private FeatureSlot score;
    private long startMillis;
    private long startNanos;
    private final AtomicInteger threadSeeds = new AtomicInteger();

    // Host-supplied facts, resolved once.
    private FeatureSlot listBlocked;
    private FeatureSlot listAllowed;
    private FeatureSlot cvcPresent;
    private FeatureSlot cvcMatched;
    private FeatureSlot expiryMatched;
    private FeatureSlot threeDs;
    private FeatureSlot openToBuy;
    private FeatureSlot limit;
    private FeatureSlot status;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        traffic = IssuerTraffic.of(cards, 20261127L);
        catalog = StandardFeatureCatalog.create();
        engine = new FeatureEngine(catalog, FeatureSettings.builder().maxEntities(2_000_000).build());
        rules = RuleCompiler.compile(IssuerTraffic.rules(), catalog);
        if (rules.size() != 100) {
            throw new IllegalStateException("expected 100 rules, got " + rules.size());
        }
        modelInputs = ModelInputs.resolve(catalog, ModelInputs.trainable(catalog));
        model = GradientBoostedTrees.fromXgboostJson(ModelScoringBenchmark.json(new SplittableRandom(17), 300, 6, modelInputs.size(),
                modelInputs.names()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        score = catalog.fact("score");
        listBlocked = catalog.fact("list.blocked");
        listAllowed = catalog.fact("list.allowed");
        cvcPresent = catalog.fact("cvc.present");
        cvcMatched = catalog.fact("cvc.matched");
        expiryMatched = catalog.fact("expiry.matched");
        threeDs = catalog.fact("threeDs.authenticated");
        openToBuy = catalog.fact("card.openToBuy");
        limit = catalog.fact("card.limit");
        status = catalog.fact("card.status");

        // A week of history in time order, 3 % declined, one decline in six for a wrong CVC2.
        long now = System.currentTimeMillis();
        long events = (long) cards * history;
        long from = now - WEEK.toMillis();
        SplittableRandom random = new SplittableRandom(7);
        IssuerTraffic.Draw d = new IssuerTraffic.Draw();
        FeatureInput in = new FeatureInput();
        for (long e = 0; e < events; e++) {
            traffic.draw(random, d);
            traffic.fill(in, tenant, d, from + e * WEEK.toMillis() / events);
            boolean approved = random.nextInt(100) >= 3;
            in.outcome(approved, !approved && random.nextInt(6) == 0);
            engine.record(in);
        }
        startMillis = now;
        startNanos = System.nanoTime();
    }

    /** Per benchmark thread: its random stream and reusable buffers, as the host keeps per worker thread. */
    @State(Scope.Thread)
    public static class Worker {
        SplittableRandom random;
        final IssuerTraffic.Draw draw = new IssuerTraffic.Draw();
        final FeatureInput input = new FeatureInput();
        FeatureVector vector;
        final RuleOutcome outcome = new RuleOutcome();
        FeatureVector[] computed;
        int next;
        float[] modelRow;
        double[] contributions;

        @Setup(Level.Trial)
        public void setUp(AuthorizationScoringBenchmark b) {
            random = new SplittableRandom(1000 + b.threadSeeds.incrementAndGet());
            modelRow = new float[b.modelInputs.size()];
            contributions = new double[b.modelInputs.size() + 1];
            vector = new FeatureVector(b.catalog);
            // For the rules-only baseline: vectors computed from the warmed-up state.
            computed = new FeatureVector[1024];
            for (int i = 0; i < computed.length; i++) {
                computed[i] = new FeatureVector(b.catalog);
                b.traffic.draw(random, draw);
                b.traffic.fill(input, b.tenant, draw, b.now());
                b.engine.compute(input, computed[i]);
                b.supplyFacts(computed[i], draw);
            }
        }
    }

    long now() {
        return startMillis + (System.nanoTime() - startNanos) / 1_000_000;
    }

    void supplyFacts(FeatureVector v, IssuerTraffic.Draw d) {
        v.set(listBlocked, false);
        v.set(listAllowed, false);
        v.set(cvcPresent, true);
        v.set(cvcMatched, true);
        v.set(expiryMatched, true);
        v.set(threeDs, (d.card & 1) == 0);
        v.set(openToBuy, 500_000);
        v.set(limit, 1_000_000);
        v.set(status, "active");
    }

    /** Features from state, host facts, 100 rules, record: the scoring stage of one decision. */
    @Benchmark
    public Action scoringStage(Worker w) {
        traffic.draw(w.random, w.draw);
        FeatureInput in = w.input;
        traffic.fill(in, tenant, w.draw, now());
        FeatureVector v = w.vector;
        v.clear();
        engine.compute(in, v);
        supplyFacts(v, w.draw);
        rules.evaluate(v, w.outcome);
        Action action = w.outcome.action();
        in.outcome(action != Action.DECLINE, false);
        engine.record(in);
        return action;
    }

    /**
     * The scoring stage with the active model, as the host runs it: features, host facts, the model's
     * score and its top three reasons by path attribution (in the log's text form), the 100 rules
     * (which may read {@code score}), record.
     */
    @Benchmark
    public String scoringStageWithModel(Worker w) {
        traffic.draw(w.random, w.draw);
        FeatureInput in = w.input;
        traffic.fill(in, tenant, w.draw, now());
        FeatureVector v = w.vector;
        v.clear();
        engine.compute(in, v);
        supplyFacts(v, w.draw);
        modelInputs.fill(v, w.modelRow);
        v.set(score, model.score(w.modelRow));
        model.pathContributions(w.modelRow, w.contributions);
        String reasons = ModelReason.format(ModelReason.top(modelInputs.names(), w.modelRow, w.contributions, 3));
        rules.evaluate(v, w.outcome);
        Action action = w.outcome.action();
        in.outcome(action != Action.DECLINE, false);
        engine.record(in);
        return reasons;
    }

    /** Baseline: the feature computation alone (nothing recorded, so the state does not grow). */
    @Benchmark
    public FeatureVector featuresOnly(Worker w) {
        traffic.draw(w.random, w.draw);
        traffic.fill(w.input, tenant, w.draw, now());
        w.vector.clear();
        engine.compute(w.input, w.vector);
        return w.vector;
    }

    /** Baseline: the 100 rules alone on vectors computed in set-up. */
    @Benchmark
    public Action rulesOnly(Worker w) {
        FeatureVector v = w.computed[w.next++ & (w.computed.length - 1)];
        rules.evaluate(v, w.outcome);
        return w.outcome.action();
    }
}
