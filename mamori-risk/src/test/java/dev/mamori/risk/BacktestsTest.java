package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.backtest.BacktestException;
import dev.mamori.risk.backtest.BacktestReport;
import dev.mamori.risk.backtest.BacktestRequiredException;
import dev.mamori.risk.backtest.Backtests;
import dev.mamori.risk.backtest.CandidateSpec;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.internal.BacktestStore;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.labels.LabelView;
import dev.mamori.risk.rules.RuleErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Backtests over decisions the authorization host really logged (H2). */
class BacktestsTest {
    private static final String LIVE = """
            rule "big" when amount > 50000 then decline "big-amount"
            rule "fast" when card.count(1h) >= 2 then challenge "velocity"
            """;
    private static final String CANDIDATE = """
            rule "big" when amount > 20000 then decline "big-amount"
            rule "watch" shadow when amount > 500 then review "watch"
            """;

    /** Labels from a map, each with the instant it became known. */
    static final class MapLabels implements LabelView {
        private final Map<UUID, Boolean> fraud = new HashMap<>();
        private final Map<UUID, Instant> knownAt = new HashMap<>();

        void label(Decision d, boolean isFraud, Instant at) {
            fraud.put(d.id(), isFraud);
            knownAt.put(d.id(), at);
        }

        @Override
        public Map<UUID, Boolean> known(TenantId tenant, Instant from, Instant to, Instant asOf) {
            Map<UUID, Boolean> out = new HashMap<>();
            fraud.forEach((id, value) -> {
                if (!knownAt.get(id).isAfter(asOf)) {
                    out.put(id, value);
                }
            });
            return out;
        }
    }

    private Issuer issuer;
    private Backtests backtests;
    private final MapLabels labels = new MapLabels();
    private Decision a3;
    private Decision bigGood;
    private Decision fraudC;
    private Decision goodD;
    private Decision wrongCode;
    private Instant a3At;
    private int live;
    private int candidate;

    @BeforeEach
    void traffic() throws RuleErrors {
        issuer = new Issuer();
        // A full second of scoring budget: on a loaded machine the default could fall back and skip the features.
        issuer.policy(ScoringFallback.RULES_ONLY, 1_000_000);
        backtests = issuer.module.backtests();
        live = issuer.activeRules(LIVE);
        String a = pan();
        issuer.decide(issuer.request(a).amount(1_000));
        step();
        issuer.decide(issuer.request(a).amount(1_000));
        step();
        a3At = issuer.clock.instant();
        a3 = issuer.decide(issuer.request(a).amount(1_000));
        step();
        bigGood = issuer.decide(issuer.request(pan()).amount(60_000));
        step();
        fraudC = issuer.decide(issuer.request(pan()).amount(30_000));
        step();
        goodD = issuer.decide(issuer.request(pan()).amount(25_000));
        step();
        wrongCode = issuer.decide(issuer.request(pan()).amount(40_000).code(HostTestSupport.WRONG_CODE));
        step();
        // 3-D Secure already done: the velocity challenge does not stop it, live or replayed.
        issuer.decide(issuer.request(a).amount(2_000).threeDs("05", issuer.authenticationValue(a, 2_000, "05"), "Y"));
        issuer.clock.advance(Duration.ofMinutes(5));

        Instant now = issuer.clock.instant();
        labels.label(a3, true, now);
        labels.label(fraudC, true, now);
        labels.label(bigGood, false, now);
        labels.label(goodD, true, now.plus(Duration.ofDays(1))); // reported only tomorrow: good as of now
        candidate = issuer.module.rules().save(issuer.tenant, CANDIDATE, "tighter", "analyst");
    }

    private void step() {
        issuer.clock.advance(Duration.ofSeconds(10));
    }

    private String pan() {
        issuer.openNew(1_000_000);
        return issuer.pans.get(issuer.pans.size() - 1);
    }

    private BacktestReport run(CandidateSpec spec, Integer baseline, Instant from) throws RuleErrors {
        return backtests.run(new Backtests.Request(issuer.tenant, spec, baseline, from, issuer.clock.instant(), "analyst"), labels);
    }

    @Test
    void replaysTheLogAndShowsWhatTheCandidateChanges() throws RuleErrors {
        assertThat(a3.action()).isEqualTo(Action.CHALLENGE);
        assertThat(wrongCode.reasons()).containsExactly("cvc-mismatch");

        BacktestReport r = run(new CandidateSpec.RuleVersion(candidate), null, HostTestSupport.START);

        assertThat(r.decisions()).isEqualTo(8);
        assertThat(r.currency()).isEqualTo("JPY");
        assertThat(r.baselineMismatches()).as("the replayed live rules decide as the host did").isZero();
        assertThat(r.hostDeclined()).isEqualTo(1);
        assertThat(r.fraud()).isEqualTo(2);
        assertThat(r.fraudAmount()).isEqualTo(31_000);
        assertThat(r.baseline()).isEqualTo(new BacktestReport.Side(2, 1, 101_000, 1, 1_000, 1, 30_000, 2, 100_000));
        assertThat(r.proposed()).isEqualTo(new BacktestReport.Side(4, 0, 155_000, 1, 30_000, 1, 1_000, 3, 125_000));
        assertThat(r.changes()).isEqualTo(new BacktestReport.Changes(1, 30_000, 1, 25_000, 1, 1_000, 0, 0));
        assertThat(r.changed()).isEqualTo(3);
        assertThat(r.changedSample()).containsExactly(a3.id(), fraudC.id(), goodD.id());
        assertThat(r.candidateRules()).containsExactly(
                new BacktestReport.RuleFiring("watch", Action.REVIEW, true, 8, 2),
                new BacktestReport.RuleFiring("big", Action.DECLINE, false, 4, 1));
        assertThat(r.baselineRules()).contains(new BacktestReport.RuleFiring("fast", Action.CHALLENGE, false, 2, 1));
        assertThat(r.labelled()).isTrue();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void theWarmUpGivesTheFirstReplayedDecisionItsHistory() throws RuleErrors {
        BacktestReport r = run(new CandidateSpec.RuleVersion(candidate), null, a3At);

        assertThat(r.decisions()).isEqualTo(6);
        assertThat(r.baselineMismatches()).isZero();
        assertThat(r.baseline().challenged()).as("the velocity challenge needs the two payments before the period").isEqualTo(1);
        assertThat(r.changedSample()).first().isEqualTo(a3.id());
    }

    @Test
    void isStoredAndReadBackForItsTenantOnly() throws RuleErrors {
        BacktestReport r = run(new CandidateSpec.RuleVersion(candidate), null, HostTestSupport.START);

        assertThat(backtests.get(issuer.tenant, r.id())).contains(r);
        assertThat(backtests.list(issuer.tenant, 10)).containsExactly(r);
        TenantId other = TenantId.random();
        assertThat(backtests.get(other, r.id())).isEmpty();
        assertThat(backtests.list(other, 10)).isEmpty();
        BacktestReport theirs = backtests.run(new Backtests.Request(other, new CandidateSpec.RuleSource(CANDIDATE), null,
                HostTestSupport.START, issuer.clock.instant(), "them"), labels);
        assertThat(theirs.decisions()).isZero();
        assertThat(theirs.fraud()).isEqualTo(0);
    }

    @Test
    void theSameVersionAsBaselineChangesNothing() throws RuleErrors {
        BacktestReport r = run(new CandidateSpec.RuleVersion(live), live, HostTestSupport.START);

        assertThat(r.changed()).isZero();
        assertThat(r.changes()).isEqualTo(new BacktestReport.Changes(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(r.baselineVersion()).isEqualTo(live);
        assertThat(r.proposed()).isEqualTo(r.baseline());
    }

    @Test
    void unsavedRuleTextIsBacktestedAndWarnedAboutFactsTheLogLacks() throws RuleErrors {
        BacktestReport r = run(new CandidateSpec.RuleSource("rule \"otb\" when card.openToBuy < 100 then decline \"low\""), null,
                HostTestSupport.START);

        assertThat(r.candidate().ruleVersion()).isNull();
        assertThat(r.candidate().ruleSource()).contains("card.openToBuy");
        assertThat(r.warnings()).singleElement().asString().contains("card.openToBuy");
        assertThatThrownBy(() -> run(new CandidateSpec.RuleSource("rule \"x\" when amont > 1 then decline \"x\""), null,
                HostTestSupport.START)).isInstanceOf(RuleErrors.class);
    }

    @Test
    void badRequestsNameTheFieldAndRule() {
        Instant now = issuer.clock.instant();
        assertThatThrownBy(() -> run(new CandidateSpec.RuleVersion(99), null, HostTestSupport.START))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.field()).isEqualTo("candidate.ruleVersion");
                    assertThat(e.rule()).isEqualTo("exists");
                });
        assertThatThrownBy(() -> run(new CandidateSpec.RuleVersion(candidate), 42, HostTestSupport.START))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.field()).isEqualTo("baselineVersion"));
        assertThatThrownBy(() -> run(new CandidateSpec.RuleVersion(candidate), null, now.minus(Duration.ofDays(93))))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.rule()).isEqualTo("max-period"));
        assertThatThrownBy(() -> run(new CandidateSpec.RuleVersion(candidate), null, now.plusSeconds(1)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.rule()).isEqualTo("before-to"));
        assertThatThrownBy(() -> run(new CandidateSpec.RuleSource("  "), null, HostTestSupport.START))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.field()).isEqualTo("candidate.ruleSource"));
        assertThat(backtests.list(issuer.tenant, 10)).isEmpty();
    }

    @Test
    void aBacktestReadsAtMostTheDecisionLimit() {
        Jdbc jdbc = new Jdbc(issuer.db);
        Backtests small = new Backtests(new DecisionStore(jdbc), new BacktestStore(jdbc), issuer.module.rules(), issuer.module.models(),
                issuer.module.policies(), StandardFeatureCatalog.create(StandardFeatureCatalog.DEFAULT_WINDOWS), FeatureSettings.defaults(),
                Duration.ofDays(7), issuer.clock, new Backtests.Limits(Duration.ofDays(92), 5));

        assertThatThrownBy(() -> small.run(new Backtests.Request(issuer.tenant, new CandidateSpec.RuleVersion(candidate), null,
                HostTestSupport.START, issuer.clock.instant(), "analyst"), labels))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.field()).isEqualTo("from");
                    assertThat(e.rule()).isEqualTo("max-decisions");
                });
    }

    @Test
    void aVersionIsActivatedOnlyAfterABacktestCoveringItsSaving() throws RuleErrors {
        assertThatThrownBy(() -> backtests.activate(issuer.tenant, candidate, "admin"))
                .isInstanceOfSatisfying(BacktestRequiredException.class, e -> assertThat(e.version()).isEqualTo(candidate));
        // A period ending before the version was saved does not count.
        backtests.run(new Backtests.Request(issuer.tenant, new CandidateSpec.RuleVersion(candidate), null, HostTestSupport.START,
                a3At, "analyst"), labels);
        assertThat(backtests.activationBacktest(issuer.tenant, candidate)).isEmpty();
        assertThatThrownBy(() -> backtests.activate(issuer.tenant, candidate, "admin")).isInstanceOf(BacktestRequiredException.class);
        // Unsaved text, even the same, is not a backtest of the version.
        run(new CandidateSpec.RuleSource(CANDIDATE), null, HostTestSupport.START);
        assertThat(backtests.activationBacktest(issuer.tenant, candidate)).isEmpty();

        BacktestReport r = run(new CandidateSpec.RuleVersion(candidate), null, HostTestSupport.START);

        assertThat(backtests.activationBacktest(issuer.tenant, candidate)).contains(r);
        assertThat(backtests.activate(issuer.tenant, candidate, "admin")).isTrue();
        assertThat(issuer.module.rules().version(issuer.tenant, candidate).orElseThrow().status()).isEqualTo(RiskRules.ACTIVE);
        assertThat(backtests.activate(issuer.tenant, 99, "admin")).isFalse();
    }

    @Test
    void aModelIsBacktestedByItsThresholdsAndTheLoggedModelIsPartOfTheBaseline() throws RuleErrors {
        Issuer modelled = new Issuer();
        modelled.policy(ScoringFallback.RULES_ONLY, 1_000_000);
        RiskModels models = modelled.module.models();
        int live = models.register(modelled.tenant, RiskModelsTest.model("card.count(1h)"), RiskModelsTest.thresholds(0.95, 0.9, 0.25),
                "alice");
        models.promote(modelled.tenant, live, "bob");
        modelled.openNew(10_000_000);
        String pan = modelled.pans.get(0);
        Decision[] d = new Decision[5];
        long[] amounts = {1_000, 60_000, 1_000, 1_000, 60_000};
        for (int i = 0; i < d.length; i++) {
            d[i] = modelled.decide(modelled.request(pan).amount(amounts[i]));
            modelled.clock.advance(Duration.ofSeconds(10));
        }
        assertThat(d).extracting(Decision::action)
                .containsExactly(Action.APPROVE, Action.REVIEW, Action.APPROVE, Action.CHALLENGE, Action.DECLINE);
        int strict = models.register(modelled.tenant, RiskModelsTest.model("card.count(1h)"), RiskModelsTest.thresholds(0.5, null, null),
                "alice");
        MapLabels fraud = new MapLabels();
        fraud.label(d[3], true, modelled.clock.instant());
        Backtests service = modelled.module.backtests();

        BacktestReport rulesOnly = service.run(new Backtests.Request(modelled.tenant,
                new CandidateSpec.RuleSource("rule \"none\" when amount < 0 then decline \"never\""), null, HostTestSupport.START,
                modelled.clock.instant(), "analyst"), fraud);
        assertThat(rulesOnly.baselineMismatches()).as("the logged model is re-scored for the baseline").isZero();
        assertThat(rulesOnly.changed()).as("the model still acts next to the candidate rules").isZero();

        BacktestReport r = service.run(new Backtests.Request(modelled.tenant, new CandidateSpec.ModelVersion(strict), null,
                HostTestSupport.START, modelled.clock.instant(), "analyst"), fraud);
        assertThat(r.candidate().modelVersion()).isEqualTo(strict);
        assertThat(r.baselineMismatches()).isZero();
        assertThat(r.baseline()).extracting(BacktestReport.Side::declined, BacktestReport.Side::challenged).containsExactly(1L, 1L);
        assertThat(r.proposed()).extracting(BacktestReport.Side::declined, BacktestReport.Side::challenged).containsExactly(2L, 0L);
        assertThat(r.changedSample()).containsExactly(d[1].id(), d[3].id());
        assertThat(r.proposed().fraudCaught()).isEqualTo(1);
        assertThat(r.changes().newFalsePositives()).isZero();
        assertThatThrownBy(() -> service.run(new Backtests.Request(modelled.tenant, new CandidateSpec.ModelVersion(99), null,
                HostTestSupport.START, modelled.clock.instant(), "analyst"), fraud))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.field()).isEqualTo("candidate.modelVersion"));
    }
}
