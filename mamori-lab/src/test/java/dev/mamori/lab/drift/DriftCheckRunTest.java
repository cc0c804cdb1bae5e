package dev.mamori.lab.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
import dev.mamori.lab.train.DecisionLogTraining;
import dev.mamori.lab.train.FeatureReplay;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Channel;
import dev.mamori.risk.Decision;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.ScoringFallback;
import dev.mamori.risk.TenantRiskPolicy;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.GradientBoostedTrees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The drift check on a real decision log: a model whose baseline is the first days' traffic; a
 * later day of the same traffic is stable (also the 7-day counts, which only come out right when
 * the week before the period is replayed first), a day of far larger amounts is a major drift of
 * the amount and the score, and only the active version's logged scores count.
 */
class DriftCheckRunTest {
    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final YearMonth EXPIRY = YearMonth.of(2030, 12);
    /** card.count(1h) &lt; 2.5 → -2 else +3; amount &lt; 50 000 → -0.5 else +1; card.count(7d) read but adding nothing. */
    private static final String MODEL = """
            {"learner":{"feature_names":["card.count(1h)","amount","card.count(7d)"],
              "gradient_booster":{"name":"gbtree","model":{"trees":[
                {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[0,0,0],
                 "split_conditions":[2.5,-2.0,3.0],"default_left":[0,0,0],"sum_hessian":[100,90,10],"split_type":[0,0,0]},
                {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[1,0,0],
                 "split_conditions":[50000,-0.5,1.0],"default_left":[0,0,0],"sum_hessian":[100,80,20],"split_type":[0,0,0]},
                {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[2,0,0],
                 "split_conditions":[1000,0.0,0.0],"default_left":[0,0,0],"sum_hessian":[100,99,1],"split_type":[0,0,0]}]}},
              "learner_model_param":{"base_score":"5E-1","num_feature":"3"},
              "objective":{"name":"binary:logistic"}}}
            """;

    static final class TestClock extends Clock {
        volatile Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final TenantId tenant = TenantId.random();
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<String> pans = new ArrayList<>();
    private RiskModule module;
    private int trace;

    @Test
    void sameTrafficIsStableAndLargerAmountsAreMajor() {
        module = new RiskModule(database(), (t, pan) -> sha256(t + "|" + pan.reveal(InsecurePanAccess.get())),
                (t, cvk, pan, expiry, serviceCode, presented) -> true, clock, RiskModule.Settings.defaults());
        module.policies().save(tenant, new TenantRiskPolicy(ScoringFallback.RULES_ONLY, 1_000_000, "JP"));
        for (int c = 0; c < 150; c++) {
            String body = "41111" + String.format("%010d", 1_000_000L + c * 104_729L);
            String pan = body + Luhn.checkDigit(body);
            module.cardAccounts().open(tenant, Pan.of(pan), EXPIRY, "101", JPY, 50_000_000, "cvk");
            pans.add(pan);
        }
        // About one in eight above 50,000 yen: the score takes both of its usual values.
        LongSupplier usual = () -> (long) Math.exp(6 + random.nextDouble() * 5.5);
        traffic(0, 10, usual);
        Instant trainedTo = START.plus(Duration.ofDays(10));
        RiskModels models = module.models();
        int version = models.register(tenant, MODEL.getBytes(StandardCharsets.UTF_8), new RiskModels.Registration(START, trainedTo, "test",
                "{}", baseline(trainedTo).toJson(), null, null, null, null), "trainer");
        models.promote(tenant, version, "reviewer");

        traffic(10, 12, usual);
        DriftCheck check = new DriftCheck(RiskModule.Settings.defaults().windows(), RiskModule.Settings.defaults().features(), 100_000);
        FraudModel model = models.version(tenant, version).orElseThrow();
        Instant day11 = START.plus(Duration.ofDays(11));
        DriftCheck.Result same = check.run(module.decisionLog(), model, day11, day11.plus(Duration.ofDays(1)));
        long inDay = decisionsIn(day11, day11.plus(Duration.ofDays(1)));
        assertThat(same.decisions()).isEqualTo(inDay).isGreaterThan(250);
        assertThat(same.score().rows()).as("every decision of the day was scored by the version").isEqualTo(inDay);
        assertThat(same.score().level()).as("%s", same.score()).isEqualTo(DriftCheck.Level.STABLE);
        assertThat(item(same, "amount").level()).as("%s", item(same, "amount")).isEqualTo(DriftCheck.Level.STABLE);
        assertThat(item(same, "card.count(7d)").level()).as("warmed up with the week before: %s", item(same, "card.count(7d)"))
                .isEqualTo(DriftCheck.Level.STABLE);
        assertThat(same.unmeasured()).isEmpty();

        traffic(12, 13, () -> 300_000 + random.nextInt(500_000));
        Instant day12 = START.plus(Duration.ofDays(12));
        DriftCheck.Result shifted = check.run(module.decisionLog(), model, day12, day12.plus(Duration.ofDays(1)));
        assertThat(shifted.level()).isEqualTo(DriftCheck.Level.MAJOR);
        assertThat(shifted.features()).as("the model's three inputs").extracting(DriftCheck.Item::name)
                .containsExactlyInAnyOrder("amount", "card.count(1h)", "card.count(7d)");
        assertThat(shifted.features().get(0).name()).as("worst first").isEqualTo("amount");
        assertThat(item(shifted, "amount").level()).isEqualTo(DriftCheck.Level.MAJOR);
        assertThat(shifted.score().level()).isEqualTo(DriftCheck.Level.MAJOR);

        // A version that never scored this period has no score rows, only inputs.
        int other = models.register(tenant, MODEL.getBytes(StandardCharsets.UTF_8), new RiskModels.Registration(START, trainedTo, "test",
                "{}", baseline(trainedTo).toJson(), null, null, null, null), "trainer");
        DriftCheck.Result unscored = check.run(module.decisionLog(), models.version(tenant, other).orElseThrow(), day12,
                day12.plus(Duration.ofDays(1)));
        assertThat(unscored.score().rows()).isZero();
        assertThat(unscored.score().level()).isEqualTo(DriftCheck.Level.INSUFFICIENT);
        assertThat(unscored.level()).as("the inputs still judge").isEqualTo(DriftCheck.Level.MAJOR);
    }

    private static DriftCheck.Item item(DriftCheck.Result r, String name) {
        return r.features().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private long decisionsIn(Instant from, Instant to) {
        long[] n = {0};
        module.decisionLog().forEach(tenant, from, to, d -> n[0]++);
        return n[0];
    }

    /** The first days replayed as training would, scored offline by the model: its baseline. */
    private Baseline baseline(Instant to) {
        List<LoggedDecision> logged = new ArrayList<>();
        module.decisionLog().forEach(tenant, START, to, logged::add);
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new IdentityHashMap<>();
        List<LabelledTransaction> history = new ArrayList<>();
        for (LoggedDecision d : logged) {
            LabelledTransaction t = DecisionLogTraining.transaction(d, false, to);
            history.add(t);
            outcomes.put(t, new FeatureReplay.Outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed()));
        }
        FeatureReplay replay = new FeatureReplay(RiskModule.Settings.defaults().windows());
        FeatureReplay.Replayed replayed = replay.replay(history, outcomes::get);
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(MODEL.getBytes(StandardCharsets.UTF_8));
        int rows = replayed.ordered().size();
        int columns = replayed.columns();
        int count = replay.names().indexOf("card.count(1h)");
        int amount = replay.names().indexOf("amount");
        int week = replay.names().indexOf("card.count(7d)");
        // The rows after the first week: before it, the weekly counts were still filling up.
        Instant warm = START.plus(Duration.ofDays(7));
        int first = 0;
        while (replayed.ordered().get(first).time().isBefore(warm)) {
            first++;
        }
        double[] scores = new double[rows - first];
        for (int r = first; r < rows; r++) {
            scores[r - first] = trees.score(new float[] {replayed.features()[r * columns + count],
                    replayed.features()[r * columns + amount], replayed.features()[r * columns + week]});
        }
        float[] trained = java.util.Arrays.copyOfRange(replayed.features(), first * columns, rows * columns);
        return Baseline.of(replay.names(), trained, rows - first, scores);
    }

    /** Days [fromDay, toDay): each card pays 0 to 4 times a day in shop hours. */
    private void traffic(int fromDay, int toDay, LongSupplier amounts) {
        record Planned(Instant at, int card) {
        }
        List<Planned> planned = new ArrayList<>();
        for (int day = fromDay; day < toDay; day++) {
            for (int card = 0; card < pans.size(); card++) {
                int payments = random.nextInt(5);
                for (int p = 0; p < payments; p++) {
                    planned.add(new Planned(START.plus(Duration.ofDays(day)).plusSeconds(8 * 3600 + random.nextInt(12 * 3600)), card));
                }
            }
        }
        planned.sort(Comparator.comparing(Planned::at));
        for (Planned p : planned) {
            clock.now = p.at();
            AuthorizationRequest request = new AuthorizationRequest(tenant, MessageKind.AUTHORIZATION,
                    new AuthorizationRequest.PresentedCard(Pan.of(pans.get(p.card())), EXPIRY, null, null, null), amounts.getAsLong(), JPY,
                    "000000", Channel.FACE_TO_FACE, new AuthorizationRequest.Merchant("SHOP" + random.nextInt(30), "T1", "SHOP TOKYO JP",
                    "5411", "JP"), new AuthorizationRequest.Trace(String.format("%06d", ++trace % 1_000_000), String.format("R%011d", trace),
                    null, "010", "59", null, null), AuthorizationRequest.EcData.NONE, p.at());
            Decision d = module.host().decide(request, "json");
            if (fromDay >= 10) {
                assertThat(d.score()).as("%s", d.fallback()).isNotNull();
            }
        }
    }

    private static DataSource database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:drift-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).schemas("risk").defaultSchema("risk").createSchemas(true)
                .locations("classpath:db/migration/risk").load().migrate();
        return dataSource;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
