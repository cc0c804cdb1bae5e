package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.risk.HostTestSupport.Issuer;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.InvalidModelException;
import dev.mamori.risk.model.ModelReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fraud model versions (register, four-eyes promote, shadow, rollback, stop) and how the host
 * scores with the active one. The model is hand-written XGBoost JSON over two live features, so
 * every score can be worked out on paper.
 */
class RiskModelsTest {

    /**
     * Tree 0: {@code card.count(1h)} &lt; 2.5 → -2 (cover 90), else +3 (cover 10).
     * Tree 1: {@code amount} &lt; 50 000 → -0.5 (cover 80), else +1 (cover 20). Base score 0.5 (margin 0).
     */
    static byte[] model(String firstFeature) {
        return """
                {"learner":{"feature_names":["%s","amount"],
                  "gradient_booster":{"name":"gbtree","model":{"trees":[
                    {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[0,0,0],
                     "split_conditions":[2.5,-2.0,3.0],"default_left":[0,0,0],"sum_hessian":[100,90,10],"split_type":[0,0,0]},
                    {"left_children":[1,-1,-1],"right_children":[2,-1,-1],"split_indices":[1,0,0],
                     "split_conditions":[50000,-0.5,1.0],"default_left":[0,0,0],"sum_hessian":[100,80,20],"split_type":[0,0,0]}]}},
                  "learner_model_param":{"base_score":"5E-1","num_feature":"2"},
                  "objective":{"name":"binary:logistic"}}}
                """.formatted(firstFeature).getBytes(StandardCharsets.UTF_8);
    }

    static RiskModels.Registration thresholds(Double decline, Double challenge, Double review) {
        return new RiskModels.Registration(null, null, "test", "{}", "{}", decline, challenge, review, "hand-written");
    }

    private static double sigmoid(double margin) {
        return 1 / (1 + Math.exp(-margin));
    }

    @Test
    void theActiveModelScoresEveryDecisionWithReasonsAndItsThresholdsAct() {
        Issuer issuer = new Issuer();
        generous(issuer);
        issuer.openNew(10_000_000);
        String pan = issuer.pans.get(0);
        RiskModels models = issuer.module.models();
        int v1 = models.register(issuer.tenant, model("card.count(1h)"), thresholds(0.95, 0.9, 0.25), "alice");
        issuer.openNew(10_000_000);
        assertThat(issuer.decide(issuer.request(issuer.pans.get(1))).score()).as("a draft scores nothing").isNull();
        models.promote(issuer.tenant, v1, "bob");

        Decision small = issuer.decide(issuer.request(pan).amount(1_000));
        assertThat(small.score()).isCloseTo(sigmoid(-2.5), within(1e-6));
        assertThat(small.modelVersion()).isEqualTo(v1);
        assertThat(small.responseCode()).isEqualTo(ResponseCode.APPROVED);
        assertThat(small.modelReasons()).as("nothing raised the score").isEmpty();

        Decision big = issuer.decide(issuer.request(pan).amount(60_000));
        assertThat(big.score()).isCloseTo(sigmoid(-1), within(1e-6));
        assertThat(big.action()).isEqualTo(Action.REVIEW);
        assertThat(big.reasons()).contains(AuthorizationHost.MODEL_SCORE);
        // Path attribution: the amount leaf (+1) against tree 1's expected value (80×-0.5 + 20×1)/100 = -0.2.
        assertThat(big.modelReasons()).singleElement().satisfies(r -> {
            assertThat(r.feature()).isEqualTo("amount");
            assertThat(r.value()).isEqualTo(60_000);
            assertThat(r.contribution()).isCloseTo(1.2, within(1e-4));
        });

        Decision third = issuer.decide(issuer.request(pan).amount(1_000));
        assertThat(third.score()).as("two earlier payments this hour: still under 2.5").isCloseTo(sigmoid(-2.5), within(1e-6));
        Decision fourth = issuer.decide(issuer.request(pan).amount(1_000));
        assertThat(fourth.score()).isCloseTo(sigmoid(2.5), within(1e-6));
        assertThat(fourth.responseCode()).isEqualTo(ResponseCode.AUTHENTICATION_REQUIRED);
        assertThat(fourth.reasons().get(0)).isEqualTo(AuthorizationHost.MODEL_SCORE);
        assertThat(fourth.modelReasons()).extracting(ModelReason::feature).containsExactly("card.count(1h)");

        Decision fifth = issuer.decide(issuer.request(pan).amount(60_000));
        assertThat(fifth.score()).isCloseTo(sigmoid(4), within(1e-6));
        assertThat(fifth.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(fifth.modelReasons()).extracting(ModelReason::feature).containsExactly("card.count(1h)", "amount");

        LoggedDecision logged = issuer.logged(fifth);
        assertThat(logged.score()).isEqualTo(fifth.score());
        assertThat(logged.modelVersion()).isEqualTo(v1);
        assertThat(ModelReason.parse(logged.modelReasons())).isEqualTo(fifth.modelReasons());
    }

    @Test
    void rulesReadTheScore() {
        Issuer issuer = new Issuer();
        generous(issuer);
        issuer.openNew(10_000_000);
        String pan = issuer.pans.get(0);
        RiskModels models = issuer.module.models();
        models.promote(issuer.tenant, models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null), "alice"),
                "bob");
        issuer.activeRules("rule \"model says\" when score > 0.2 and amount > 10000 then decline \"model-and-amount\" code 59");
        assertThat(issuer.decide(issuer.request(pan).amount(9_000)).responseCode()).isEqualTo(ResponseCode.APPROVED);
        Decision d = issuer.decide(issuer.request(pan).amount(60_000));
        assertThat(d.responseCode()).isEqualTo(ResponseCode.SUSPECTED_FRAUD);
        assertThat(d.reasons()).containsExactly("model-and-amount");
    }

    @Test
    void onlyASecondPersonPromotesAndTheFirstPromotionRemembersNothingBefore() {
        Issuer issuer = new Issuer();
        generous(issuer);
        RiskModels models = issuer.module.models();
        int v1 = models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null), "alice");
        assertThatThrownBy(() -> models.promote(issuer.tenant, v1, "alice")).isInstanceOf(RiskModels.FourEyesException.class)
                .hasMessageContaining("four-eyes");
        assertThat(models.version(issuer.tenant, v1).orElseThrow().status()).isEqualTo(FraudModel.DRAFT);
        FraudModel promoted = models.promote(issuer.tenant, v1, "bob").orElseThrow();
        assertThat(promoted.status()).isEqualTo(FraudModel.ACTIVE);
        assertThat(promoted.promotedBy()).isEqualTo("bob");
        assertThat(promoted.previousActive()).isNull();
        assertThatThrownBy(() -> models.promote(issuer.tenant, v1, "carol")).isInstanceOf(RiskModels.ModelStateException.class);
        assertThat(models.promote(issuer.tenant, 99, "bob")).isEmpty();
        assertThat(models.version(issuer.tenant, v1).orElseThrow().featureNames()).containsExactly("card.count(1h)", "amount");
        assertThat(models.modelJson(issuer.tenant, v1).orElseThrow()).isEqualTo(model("card.count(1h)"));
    }

    @Test
    void aShadowModelIsScoredAndLoggedButNeverActs() {
        Issuer issuer = new Issuer();
        generous(issuer);
        issuer.openNew(10_000_000);
        String pan = issuer.pans.get(0);
        RiskModels models = issuer.module.models();
        int v1 = models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null), "alice");
        int v2 = models.register(issuer.tenant, model("card.count(1m)"), thresholds(0.01, null, null), "alice");
        models.promote(issuer.tenant, v1, "bob");
        assertThat(models.shadow(issuer.tenant, v2)).isTrue();
        assertThatThrownBy(() -> models.shadow(issuer.tenant, v1)).isInstanceOf(RiskModels.ModelStateException.class);

        Decision d = issuer.decide(issuer.request(pan).amount(60_000));
        assertThat(d.responseCode()).as("the shadow's decline threshold does not act").isEqualTo(ResponseCode.APPROVED);
        LoggedDecision logged = issuer.logged(d);
        assertThat(logged.shadowModelVersion()).isEqualTo(v2);
        assertThat(logged.shadowScore()).isCloseTo(sigmoid(-1), within(1e-6));
        assertThat(models.clearShadow(issuer.tenant)).isTrue();
        assertThat(issuer.logged(issuer.decide(issuer.request(pan))).shadowScore()).isNull();
    }

    @Test
    void rollbackAndTheCircuitBreakerFallBackToTheVersionBefore() {
        Issuer issuer = new Issuer();
        generous(issuer);
        RiskModels models = issuer.module.models();
        int v1 = models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null), "alice");
        int v2 = models.register(issuer.tenant, model("card.count(24h)"), thresholds(null, null, null), "alice");
        models.promote(issuer.tenant, v1, "bob");
        assertThat(models.promote(issuer.tenant, v2, "bob").orElseThrow().previousActive()).isEqualTo(v1);
        assertThat(models.rollback(issuer.tenant, "carol")).contains(v1);
        assertThat(models.version(issuer.tenant, v2).orElseThrow().status()).isEqualTo(FraudModel.RETIRED);

        models.promote(issuer.tenant, v2, "bob");
        assertThat(models.stop(issuer.tenant, v2, "declines 8x baseline")).contains(v1);
        FraudModel stopped = models.version(issuer.tenant, v2).orElseThrow();
        assertThat(stopped.status()).isEqualTo(FraudModel.STOPPED);
        assertThat(stopped.stoppedReason()).isEqualTo("declines 8x baseline");
        assertThat(models.version(issuer.tenant, v1).orElseThrow().status()).isEqualTo(FraudModel.ACTIVE);
        assertThat(models.rollback(issuer.tenant, "carol")).as("v1 had nothing before it").isEmpty();
        assertThatThrownBy(() -> models.rollback(issuer.tenant, "carol")).isInstanceOf(RiskModels.ModelStateException.class);
    }

    @Test
    void twoFirstRegistrationsAtOnceBothGetAVersion() throws Exception {
        Issuer issuer = new Issuer();
        RiskModels models = issuer.module.models();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> versions = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                versions.add(pool.submit(() -> models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null),
                        "alice")));
            }
            java.util.Set<Integer> got = new java.util.TreeSet<>();
            for (java.util.concurrent.Future<Integer> v : versions) {
                got.add(v.get());
            }
            assertThat(got).containsExactly(1, 2, 3, 4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelReadingAFeatureThisInstanceDoesNotComputeOrWithThresholdsOutOfOrderIsRefused() {
        Issuer issuer = new Issuer();
        generous(issuer);
        RiskModels models = issuer.module.models();
        assertThatThrownBy(() -> models.register(issuer.tenant, model("card.count(2h)"), thresholds(null, null, null), "alice"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("card.count(2h)");
        assertThatThrownBy(() -> models.register(issuer.tenant, model("score"), thresholds(null, null, null), "alice"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("'score' cannot be replayed");
        assertThatThrownBy(() -> models.register(issuer.tenant, model("device.sequential(1h)"), thresholds(null, null, null), "alice"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("cannot be replayed");
        assertThatThrownBy(() -> models.register(issuer.tenant, model("card.count(1h)"), thresholds(0.5, 0.9, null), "alice"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("decline ≥ challenge");
        assertThatThrownBy(() -> models.register(issuer.tenant, "{}".getBytes(StandardCharsets.UTF_8), thresholds(null, null, null),
                "alice")).isInstanceOf(InvalidModelException.class);
        assertThat(models.list(issuer.tenant)).isEmpty();
    }

    @Test
    void anotherInstancePicksUpAPromotionOnRefresh() {
        Issuer issuer = new Issuer();
        generous(issuer);
        issuer.openNew(10_000_000);
        String pan = issuer.pans.get(0);
        RiskModule other = new RiskModule(issuer.db, issuer.fingerprinter, issuer.codes, issuer.clock, RiskModule.Settings.defaults());
        assertThat(other.host().decide(issuer.request(pan).build(issuer.tenant, issuer.clock.instant()), "json").score()).isNull();
        RiskModels models = issuer.module.models();
        models.promote(issuer.tenant, models.register(issuer.tenant, model("card.count(1h)"), thresholds(null, null, null), "alice"),
                "bob");
        issuer.clock.advance(Duration.ofSeconds(1));
        other.refresh();
        assertThat(other.host().decide(issuer.request(pan).build(issuer.tenant, issuer.clock.instant()), "json").score()).isNotNull();
        assertThat(List.of(other.models().list(issuer.tenant).get(0).status())).containsExactly(FraudModel.ACTIVE);
    }

    @Test
    void anInstanceThatCannotScoreAVersionRefusesToPromoteIt() {
        Issuer issuer = new Issuer();
        int v1 = issuer.module.models().register(issuer.tenant, model("card.count(1h)"), thresholds(0.95, null, null), "alice");
        // Another instance configured without the 1-hour window: it could never score v1.
        RiskModule.Settings noHour = new RiskModule.Settings(List.of(Duration.ofHours(24), Duration.ofDays(7)),
                RiskModule.Settings.defaults().features(), RiskModule.Settings.defaults().cardTesting());
        RiskModels other = issuer.restart(null, noHour).models();
        assertThatThrownBy(() -> other.promote(issuer.tenant, v1, "bob"))
                .isInstanceOf(RiskModels.ModelStateException.class).hasMessageContaining("card.count(1h)");
        assertThatThrownBy(() -> other.shadow(issuer.tenant, v1))
                .isInstanceOf(RiskModels.ModelStateException.class).hasMessageContaining("card.count(1h)");
        assertThat(other.version(issuer.tenant, v1).orElseThrow().status()).as("nothing changed").isEqualTo(FraudModel.DRAFT);
    }

    /** A busy machine must not push a decision into the fallback, which decides without the model. */
    private static void generous(Issuer issuer) {
        issuer.policy(ScoringFallback.RULES_ONLY, 1_000_000);
    }
}
