package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.model.FraudModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker: a rule set or model that suddenly declines far more than the baseline is
 * stopped and the version before it takes over, with an alert; ordinary swings do not trip it.
 */
class CircuitBreakerTest {
    private static final CircuitBreaker.Policy SMALL = new CircuitBreaker.Policy(20, 4.0, 0.02, Duration.ofMinutes(5), 0.5);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private final TenantId tenant = TenantId.random();

    /** A day of baseline: {@code perHour} decisions an hour, {@code declinedPerHour} of them declined. */
    private static void baseline(CircuitBreaker breaker, TenantId tenant, int perHour, int declinedPerHour) {
        for (int h = 0; h < 24; h++) {
            for (int i = 0; i < perHour; i++) {
                assertThat(breaker.record(tenant, CircuitBreaker.Source.RULES, 1, i < declinedPerHour, h * HOUR + i * 1000L)).isNull();
            }
        }
    }

    @Test
    void aSuddenRiseFarAboveTheBaselineTripsOnceAndAnOrdinaryOneDoesNot() {
        CircuitBreaker breaker = new CircuitBreaker(SMALL);
        baseline(breaker, tenant, 50, 1); // 2 % declined
        long now = 24 * HOUR;
        CircuitBreaker.Trip trip = null;
        int sent = 0;
        // Every 32nd declined (5 % at most in any window here): under four times the baseline.
        for (; sent < 100; sent++) {
            assertThat(breaker.record(tenant, CircuitBreaker.Source.RULES, 2, sent % 32 == 0, now + sent * 100L)).isNull();
        }
        // Then every other decision declined: 50 % against 2 %.
        CircuitBreaker fresh = new CircuitBreaker(SMALL);
        baseline(fresh, tenant, 50, 1);
        for (int i = 0; i < 40 && trip == null; i++) {
            trip = fresh.record(tenant, CircuitBreaker.Source.RULES, 2, i % 2 == 0, now + i * 100L);
        }
        assertThat(trip).isNotNull();
        assertThat(trip.version()).isEqualTo(2);
        assertThat(trip.decisions()).isEqualTo(SMALL.minDecisions());
        assertThat(trip.share()).isEqualTo(0.5);
        assertThat(trip.baseline()).isEqualTo(0.02);
        assertThat(trip.reason()).contains("rules v2").contains("50.0%").contains("2.00%");
        assertThat(fresh.record(tenant, CircuitBreaker.Source.RULES, 2, true, now + 5_000)).as("the window starts again").isNull();
        assertThat(fresh.record(TenantId.random(), CircuitBreaker.Source.RULES, 2, true, now)).as("tenants apart").isNull();
    }

    @Test
    void withoutABaselineOnlyTheCeilingTripsIt() {
        CircuitBreaker breaker = new CircuitBreaker(SMALL);
        for (int i = 0; i < 40; i++) {
            assertThat(breaker.record(tenant, CircuitBreaker.Source.MODEL, 1, i % 5 < 2, i * 1000L)).as("40 %").isNull();
        }
        CircuitBreaker fresh = new CircuitBreaker(SMALL);
        CircuitBreaker.Trip trip = null;
        for (int i = 0; i < SMALL.minDecisions(); i++) {
            trip = fresh.record(tenant, CircuitBreaker.Source.MODEL, 1, i % 4 != 0, i * 1000L);
        }
        assertThat(trip).as("75 %% of the first %d decisions", SMALL.minDecisions()).isNotNull();
        assertThat(Double.isNaN(trip.baseline())).isTrue();
        assertThat(trip.reason()).contains("model v1").contains("baseline unknown");
    }

    @Test
    void theHostStopsARuleSetThatSuddenlyDeclinesEverythingAndFallsBackToThePreviousOne() {
        Issuer issuer = new Issuer(RiskModule.Settings.defaults().withCircuitBreaker(SMALL), null);
        generous(issuer);
        for (int c = 0; c < 30; c++) {
            issuer.openNew(100_000_000);
        }
        int v1 = issuer.activeRules("rule \"huge\" when amount > 900000 then decline \"huge\"");
        // A day of ordinary traffic: v1 declines nothing.
        for (int h = 0; h < 25; h++) {
            for (int i = 0; i < 30; i++) {
                issuer.decide(issuer.request(issuer.pans.get(i)).amount(2_000 + i));
            }
            issuer.clock.advance(Duration.ofHours(1));
        }
        int v2 = issuer.activeRules("rule \"typo\" when amount > 1000 then decline \"typo\"");
        Decision last = null;
        for (int i = 0; i < SMALL.minDecisions(); i++) {
            last = issuer.decide(issuer.request(issuer.pans.get(i)).amount(2_000));
            assertThat(last.ruleVersion()).isEqualTo(v2);
        }
        assertThat(issuer.module.rules().version(issuer.tenant, v2).orElseThrow().status()).isEqualTo("stopped");
        assertThat(issuer.module.rules().version(issuer.tenant, v1).orElseThrow().status()).isEqualTo(RiskRules.ACTIVE);
        Decision after = issuer.decide(issuer.request(issuer.pans.get(0)).amount(2_000));
        assertThat(after.ruleVersion()).isEqualTo(v1);
        assertThat(after.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.module.decisionLog().alerts(issuer.tenant, 10)).anySatisfy(a -> {
            assertThat(a.kind()).isEqualTo("circuit-breaker");
            assertThat(a.detail()).contains("rules v" + v2).contains("fell back to rules v" + v1);
        });
    }

    @Test
    void theHostStopsAModelThatSuddenlyDeclinesEverythingAndFallsBackToThePreviousOne() {
        Issuer issuer = new Issuer(RiskModule.Settings.defaults().withCircuitBreaker(SMALL), null);
        generous(issuer);
        for (int c = 0; c < 30; c++) {
            issuer.openNew(100_000_000);
        }
        RiskModels models = issuer.module.models();
        int v1 = models.register(issuer.tenant, RiskModelsTest.model("card.count(1h)"), RiskModelsTest.thresholds(0.99, null, null),
                "alice");
        models.promote(issuer.tenant, v1, "bob");
        for (int h = 0; h < 25; h++) {
            for (int i = 0; i < 30; i++) {
                issuer.decide(issuer.request(issuer.pans.get(i)).amount(2_000));
            }
            issuer.clock.advance(Duration.ofHours(1));
        }
        int v2 = models.register(issuer.tenant, RiskModelsTest.model("card.count(1h)"), RiskModelsTest.thresholds(0.01, null, null),
                "alice");
        models.promote(issuer.tenant, v2, "bob");
        for (int i = 0; i < SMALL.minDecisions(); i++) {
            assertThat(issuer.decide(issuer.request(issuer.pans.get(i)).amount(2_000)).responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        }
        FraudModel stopped = models.version(issuer.tenant, v2).orElseThrow();
        assertThat(stopped.status()).isEqualTo(FraudModel.STOPPED);
        assertThat(stopped.stoppedReason()).contains("model v" + v2).contains("100.0%");
        assertThat(models.version(issuer.tenant, v1).orElseThrow().status()).isEqualTo(FraudModel.ACTIVE);
        Decision after = issuer.decide(issuer.request(issuer.pans.get(0)).amount(2_000));
        assertThat(after.modelVersion()).isEqualTo(v1);
        assertThat(after.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(issuer.module.decisionLog().alerts(issuer.tenant, 10)).anySatisfy(a ->
                assertThat(a.detail()).contains("fell back to model v" + v1));
    }

    @Test
    void aRuleSetTheBreakerStoppedIsNeverReactivatedByALaterFallBack() throws Exception {
        Issuer issuer = new Issuer(RiskModule.Settings.defaults().withCircuitBreaker(SMALL), null);
        RiskRules rules = issuer.module.rules();
        int v1 = issuer.activeRules("rule \"a\" when amount > 900000 then decline \"a\"");
        int v2 = issuer.activeRules("rule \"b\" when amount > 800000 then decline \"b\"");
        rules.activate(issuer.tenant, v1, "tester"); // back to v1: it remembers v2 as before it
        assertThat(rules.stopAndFallBack(issuer.tenant, v1, "circuit breaker: v1")).contains(v2);
        // v2 remembers v1, which the breaker just stopped: falling back to it would re-enable a stopped rule set.
        assertThat(rules.stopAndFallBack(issuer.tenant, v2, "circuit breaker: v2")).isEmpty();
        assertThat(rules.version(issuer.tenant, v1).orElseThrow().status()).isEqualTo("stopped");
        assertThat(rules.version(issuer.tenant, v2).orElseThrow().status()).isEqualTo(RiskRules.ACTIVE);
    }

    @Test
    void afterATripItWaitsAWindowBeforeTrippingAgainSoASustainedRiseIsNotAnAlertEveryFewDecisions() {
        CircuitBreaker breaker = new CircuitBreaker(SMALL);
        long now = 0;
        CircuitBreaker.Trip first = null;
        for (int i = 0; first == null; i++) {
            first = breaker.record(tenant, CircuitBreaker.Source.RULES, 1, true, now += 100);
        }
        // Nothing to fall back to (or the version before declines as much): the rise goes on.
        for (int i = 0; i < 3 * SMALL.minDecisions(); i++) {
            assertThat(breaker.record(tenant, CircuitBreaker.Source.RULES, 1, true, now += 100)).as("decision %d after the trip", i).isNull();
        }
        CircuitBreaker.Trip later = null;
        long end = now + SMALL.window().toMillis() + 1000;
        while (later == null && now < end + 60_000) {
            later = breaker.record(tenant, CircuitBreaker.Source.RULES, 1, true, now += 100);
        }
        assertThat(later).as("a window later it trips again").isNotNull();
        assertThat(now).isGreaterThanOrEqualTo(SMALL.window().toMillis());
    }

    /** A busy machine must not push a decision into the fallback, which decides without the model. */
    private static void generous(Issuer issuer) {
        issuer.policy(ScoringFallback.RULES_ONLY, 1_000_000);
    }
}
