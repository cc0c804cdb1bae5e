package dev.mamori.lab.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.lab.data.LabelledTransaction;
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
import dev.mamori.risk.labels.LabelView;
import dev.mamori.risk.testing.MovableClock;
import dev.mamori.risk.testing.RiskTestDatabase;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.ModelReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No training/serving skew: a model trained from the decision log by {@link DecisionLogTraining}
 * is promoted into the real authorization host, which scores new traffic; replaying the whole log
 * offline with the training code gives every one of those decisions exactly the score (and reason
 * values) the host logged. One feature definition, proven on the same payments both ways.
 */
class ServingSkewTest {
    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final YearMonth EXPIRY = YearMonth.of(2030, 12);

    /** Labels a test can set, honouring the contract: only labels known by asOf count. */
    static final class Labels implements LabelView {
        final Map<UUID, Instant> fraudKnownAt = new HashMap<>();

        @Override
        public Map<UUID, Boolean> known(TenantId tenant, Instant from, Instant to, Instant asOf) {
            Map<UUID, Boolean> known = new HashMap<>();
            fraudKnownAt.forEach((id, at) -> {
                if (!at.isAfter(asOf)) {
                    known.put(id, true);
                }
            });
            return known;
        }
    }

    private final MovableClock clock = new MovableClock(START);
    private final TenantId tenant = TenantId.random();
    private final Labels labels = new Labels();
    private final SplittableRandom random = new SplittableRandom(5);
    private RiskModule module;
    private int trace;

    @Test
    void theHostScoresExactlyWhatTheOfflineReplayComputes() throws Exception {
        module = new RiskModule(RiskTestDatabase.create("lab"), (t, pan) -> sha256(t + "|" + pan.reveal(InsecurePanAccess.get())),
                (t, cvk, pan, expiry, serviceCode, presented) -> presented.matches("123".getBytes(StandardCharsets.US_ASCII)),
                clock, RiskModule.Settings.defaults());
        // A busy test machine must not push a decision into the fallback, which decides without the model.
        module.policies().save(tenant, new TenantRiskPolicy(ScoringFallback.RULES_ONLY, 1_000_000, "JP"));
        List<String> pans = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            String body = "41111" + String.format("%010d", 1_000_000L + c * 104_729L);
            String pan = body + Luhn.checkDigit(body);
            module.cardAccounts().open(tenant, Pan.of(pan), EXPIRY, "101", JPY, 5_000_000, "cvk");
            pans.add(pan);
        }
        traffic(pans, 0, 24);
        Instant trainedTo = START.plus(Duration.ofDays(24));
        TrainingRun.Report report = DecisionLogTraining.train(module.decisionLog(), labels, RiskModule.Settings.defaults().windows(),
                RiskModule.Settings.defaults().features(), new DecisionLogTraining.Request(tenant, START, trainedTo,
                        TrainingRun.Split.defaults(), new XgboostTrainer.Params(60, 6, 0.2, 1, 0.8, 3)), trainedTo);
        RiskModels models = module.models();
        int version = models.register(tenant, report.model(), new RiskModels.Registration(START, trainedTo, "decision-log", "{}",
                report.baseline().toJson(), null, null, null, "skew test"), "trainer");
        models.promote(tenant, version, "reviewer");

        List<Decision> scored = traffic(pans, 24, 30);
        assertThat(scored).allSatisfy(d -> assertThat(d.score()).as("%s", d.fallback()).isNotNull());
        assertThat(scored.stream().map(Decision::score).distinct().count()).as("the model tells payments apart").isGreaterThan(50);

        // Offline: the whole log, replayed by the training code with the host's outcomes.
        List<LoggedDecision> logged = new ArrayList<>();
        module.decisionLog().forEach(tenant, START, clock.instant().plusSeconds(1), logged::add);
        Map<LabelledTransaction, FeatureReplay.Outcome> outcomes = new IdentityHashMap<>();
        List<LabelledTransaction> history = new ArrayList<>();
        for (LoggedDecision d : logged) {
            LabelledTransaction t = DecisionLogTraining.transaction(d, false, clock.instant());
            history.add(t);
            outcomes.put(t, new FeatureReplay.Outcome(d.responseCode() == ResponseCode.APPROVED, d.cvcFailed()));
        }
        FeatureReplay replay = new FeatureReplay(RiskModule.Settings.defaults().windows());
        FeatureReplay.Replayed replayed = replay.replay(history, outcomes::get);
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(models.modelJson(tenant, version).orElseThrow());
        List<String> names = replay.names();
        assertThat(trees.featureNames()).isEqualTo(names);
        Set<UUID> online = new HashSet<>();
        scored.forEach(d -> online.add(d.id()));
        float[] row = new float[replayed.columns()];
        int compared = 0;
        int reasonsCompared = 0;
        for (int r = 0; r < logged.size(); r++) {
            LoggedDecision d = logged.get(r);
            if (!online.contains(d.id())) {
                continue;
            }
            System.arraycopy(replayed.features(), r * row.length, row, 0, row.length);
            assertThat(trees.score(row)).as("decision %d at %s", r, d.receivedAt()).isEqualTo(d.score());
            for (ModelReason reason : ModelReason.parse(d.modelReasons())) {
                double offline = row[names.indexOf(reason.feature())];
                // Through the log's own text form, as the logged value went.
                assertThat(ModelReason.parse(ModelReason.format(List.of(new ModelReason(reason.feature(), offline, 1)))).get(0).value())
                        .as("%s of decision %d", reason.feature(), r).isEqualTo(reason.value());
                reasonsCompared++;
            }
            compared++;
        }
        assertThat(compared).isEqualTo(scored.size());
        assertThat(reasonsCompared).isGreaterThan(scored.size() / 2);
    }

    /** Days [fromDay, toDay) of payments; every tenth card is stolen once and abused from new devices, labelled 10 days later. */
    private List<Decision> traffic(List<String> pans, int fromDay, int toDay) {
        record Planned(Instant at, int card, boolean fraud) {
        }
        List<Planned> planned = new ArrayList<>();
        for (int day = fromDay; day < toDay; day++) {
            for (int card = 0; card < pans.size(); card++) {
                for (int p = 0; p < random.nextInt(3); p++) {
                    planned.add(new Planned(START.plus(Duration.ofDays(day)).plusSeconds(8 * 3600 + random.nextInt(12 * 3600)), card, false));
                }
                if (card % 10 == day % 10 && random.nextInt(3) == 0) {
                    for (int p = 0; p < 2 + random.nextInt(4); p++) {
                        planned.add(new Planned(START.plus(Duration.ofDays(day)).plusSeconds(3600 + random.nextInt(3600) + p * 30L), card,
                                true));
                    }
                }
            }
        }
        planned.sort(java.util.Comparator.comparing(Planned::at));
        List<Decision> decisions = new ArrayList<>();
        for (Planned p : planned) {
            clock.set(p.at());
            String pan = pans.get(p.card());
            boolean ec = p.fraud() || p.card() % 3 == 0;
            String code = p.fraud() && random.nextInt(4) == 0 ? "999" : (ec ? "123" : null);
            // Overlapping amounts and shops: the model must read many features, not one.
            long amount = p.fraud() ? 3_000 + random.nextInt(120_000) : (long) Math.exp(6 + random.nextDouble() * 5);
            AuthorizationRequest request = new AuthorizationRequest(tenant, MessageKind.AUTHORIZATION,
                    new AuthorizationRequest.PresentedCard(Pan.of(pan), EXPIRY, code == null ? null : SecurityCode.of(code), null, null),
                    amount, JPY, "000000", ec ? Channel.ECOMMERCE : Channel.FACE_TO_FACE,
                    new AuthorizationRequest.Merchant(p.fraud() ? "GAME" + random.nextInt(5) : "SHOP" + random.nextInt(30), "T1", "SHOP TOKYO JP",
                            p.fraud() || random.nextInt(8) == 0 ? "5816" : "5411", random.nextInt(20) == 0 ? "US" : "JP"),
                    new AuthorizationRequest.Trace(String.format("%06d", ++trace % 1_000_000), String.format("R%011d", trace), null, "010",
                            "59", null, null),
                    new AuthorizationRequest.EcData(p.fraud() ? "evil-" + random.nextInt(3) : ec ? "dev-" + p.card() + "-" + random.nextInt(3) : null,
                            p.fraud() ? "203.0.113." + random.nextInt(5) : null, ec ? "c" + p.card() + "@example.jp" : null,
                            ec ? (p.fraud() ? "東京都新宿区西新宿" + random.nextInt(3) + "-1-1" : "東京都港区芝公園4-2-" + p.card()) : null, null),
                    p.at());
            Decision d = module.host().decide(request, "json");
            decisions.add(d);
            if (p.fraud()) {
                labels.fraudKnownAt.put(d.id(), p.at().plus(Duration.ofDays(10)));
            }
        }
        return decisions;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
