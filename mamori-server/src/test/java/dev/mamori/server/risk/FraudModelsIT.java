package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fraud models over the API on a real database: register, four-eyes promote (recorded in the audit
 * trail), scores and reasons in Japanese and English on every decision, shadow, rollback, tenants
 * kept apart, bad models refused naming the field and the rule.
 */
class FraudModelsIT extends IntegrationTest {

    static final String MODEL = FraudModelsITSupport.MODEL;

    IssuerFixture issuer;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("modeller"));
        issuer.generousScoringBudget();
    }

    private String key(Role role) {
        return issuer.tenant.key(role);
    }

    private int register(String apiKey, String query) {
        Api.Reply registered = api.post("/v1/risk/models" + query, MODEL, withKey(apiKey));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.json().get("status").asString()).isEqualTo("draft");
        return registered.json().get("version").asInt();
    }

    @Test
    void onlyAnotherAdminPromotesAndTheRefusalIsAudited() {
        int version = register(issuer.tenant.adminKey(), "?note=first");
        Api.Reply byAnalyst = api.post("/v1/risk/models/" + version + "/promote", "", withKey(key(Role.ANALYST)));
        assertThat(byAnalyst.status()).as("analysts do not promote").isEqualTo(403);
        Api.Reply byCreator = api.post("/v1/risk/models/" + version + "/promote", "", withKey(issuer.tenant.adminKey()));
        assertThat(byCreator.status()).as(byCreator.toString()).isEqualTo(409);
        assertThat(byCreator.json().get("type").asString()).endsWith("four-eyes");
        assertThat(byCreator.json().get("errors").get(0).get("rule").asString()).isEqualTo("four-eyes");
        assertThat(api.get("/v1/risk/models/" + version, withKey(key(Role.ANALYST))).json().get("status").asString()).isEqualTo("draft");

        Api.Reply bySecond = api.post("/v1/risk/models/" + version + "/promote", "", withKey(key(Role.ADMIN)));
        assertThat(bySecond.status()).as(bySecond.toString()).isEqualTo(200);
        JsonNode promoted = api.get("/v1/risk/models/" + version, withKey(key(Role.AUDITOR))).json();
        assertThat(promoted.get("status").asString()).isEqualTo("active");
        assertThat(promoted.get("promotedBy").asString()).isNotEqualTo(promoted.get("createdBy").asString());

        JsonNode events = api.get("/v1/audit-events", withKey(key(Role.AUDITOR))).json();
        int refused = 0;
        int done = 0;
        for (JsonNode e : events) {
            if (e.get("type").asString().equals("models.promoted") && e.get("resource").asString().equals("model:" + version)) {
                if (e.get("outcome").asString().equals("failure")) {
                    refused++;
                } else {
                    done++;
                }
            }
        }
        assertThat(refused).isEqualTo(1);
        assertThat(done).isEqualTo(1);
    }

    @Test
    void everyDecisionCarriesTheScoreAndTheReasonsInWordsAndTheThresholdsAct() {
        String pan = issuer.newPan();
        issuer.open(pan, 10_000_000, null);
        int version = register(key(Role.ANALYST), "?declineThreshold=0.95&challengeThreshold=0.9&reviewThreshold=0.25");
        assertThat(api.post("/v1/risk/models/" + version + "/promote", "", withKey(issuer.tenant.adminKey())).status()).isEqualTo(200);

        Api.Reply big = issuer.authorize(request(pan, 60_000, ",\"stan\":\"000001\",\"rrn\":\"M1\""));
        assertThat(big.status()).as(big.toString()).isEqualTo(200);
        JsonNode answer = big.json();
        assertThat(answer.get("action").asString()).isEqualTo("review");
        assertThat(answer.get("score").asDouble()).isBetween(0.268, 0.270); // 1 / (1 + e) = 0.2689
        assertThat(answer.get("modelVersion").asInt()).isEqualTo(version);
        JsonNode reason = answer.get("modelReasons").get(0);
        assertThat(reason.get("feature").asString()).isEqualTo("amount");
        assertThat(reason.get("en").asString()).isEqualTo("Amount: 60,000 (raised the risk)");
        assertThat(reason.get("ja").asString()).isEqualTo("金額：60,000（リスクを上げた）");

        JsonNode logged = api.get("/v1/authorizations/" + answer.get("id").asString(), withKey(key(Role.ANALYST))).json();
        assertThat(logged.get("score").asDouble()).isEqualTo(answer.get("score").asDouble());
        assertThat(logged.get("modelReasons").get(0).get("ja").asString()).isEqualTo("金額：60,000（リスクを上げた）");

        issuer.authorize(request(pan, 1_000, ",\"stan\":\"000002\",\"rrn\":\"M2\""));
        Api.Reply fourth = issuer.authorize(request(pan, 60_000, ",\"stan\":\"000003\",\"rrn\":\"M3\""));
        assertThat(fourth.json().get("responseCode").asString()).as("two earlier this hour, then the third: under 2.5")
                .isEqualTo("00");
        Api.Reply fifth = issuer.authorize(request(pan, 60_000, ",\"stan\":\"000004\",\"rrn\":\"M4\""));
        assertThat(fifth.json().get("responseCode").asString()).isEqualTo("59");
        assertThat(fifth.json().get("reasons").get(0).asString()).isEqualTo("model-score");
        assertThat(fifth.json().get("modelReasons").get(0).get("en").asString())
                .isEqualTo("Payments with this card in the last 1 hour: 3 (raised the risk)");
    }

    @Test
    void aShadowVersionIsLoggedNextToTheActiveOneAndRollbackGoesBack() {
        String pan = issuer.newPan();
        issuer.open(pan, 10_000_000, null);
        int first = register(key(Role.ANALYST), "");
        int second = register(key(Role.ANALYST), "?declineThreshold=0.01");
        api.post("/v1/risk/models/" + first + "/promote", "", withKey(key(Role.ADMIN)));
        Api.Reply shadow = api.post("/v1/risk/models/" + second + "/shadow", "", withKey(key(Role.ANALYST)));
        assertThat(shadow.status()).as(shadow.toString()).isEqualTo(200);
        assertThat(api.post("/v1/risk/models/" + first + "/shadow", "", withKey(key(Role.ANALYST))).status())
                .as("the active version cannot also run in shadow").isEqualTo(409);

        Api.Reply paid = issuer.authorize(request(pan, 60_000, ",\"stan\":\"000011\",\"rrn\":\"S1\""));
        assertThat(paid.json().get("responseCode").asString()).as("the shadow's decline threshold does not act").isEqualTo("00");
        JsonNode logged = api.get("/v1/authorizations/" + paid.json().get("id").asString(), withKey(key(Role.ANALYST))).json();
        assertThat(logged.get("shadowModelVersion").asInt()).isEqualTo(second);
        assertThat(logged.get("shadowScore").asDouble()).isBetween(0.26, 0.28);
        // Compared before promoting: the shadow's logged scores are an evaluation subject of their own.
        Api.Reply compared = api.post("/v1/risk/evaluations", "{\"subject\":\"shadow-model\",\"from\":\""
                + java.time.Instant.now().minusSeconds(600) + "\",\"to\":\"" + java.time.Instant.now().plusSeconds(60) + "\"}",
                withKey(key(Role.ANALYST)));
        assertThat(compared.status()).as(compared.toString()).isEqualTo(200);
        assertThat(compared.json().get("evaluation").get("rows").asLong()).isEqualTo(1);

        assertThat(api.delete("/v1/risk/models/shadow", withKey(key(Role.ANALYST))).status()).isEqualTo(204);
        api.post("/v1/risk/models/" + second + "/promote", "", withKey(key(Role.ADMIN)));
        Api.Reply back = api.post("/v1/risk/models/active/rollback", "", withKey(key(Role.ADMIN)));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("version").asInt()).isEqualTo(first);
        assertThat(api.get("/v1/risk/models/" + first, withKey(key(Role.ANALYST))).json().get("status").asString()).isEqualTo("active");
    }

    @Test
    void badModelsAreRefusedNamingTheFieldAndRuleAndOtherTenantsSeeNothing() {
        Api.Reply notXgboost = api.post("/v1/risk/models", "{\"trees\":[]}", withKey(key(Role.ANALYST)));
        assertThat(notXgboost.status()).as(notXgboost.toString()).isEqualTo(422);
        assertThat(notXgboost.json().get("errors").get(0).get("field").asString()).isEqualTo("model");
        assertThat(notXgboost.json().get("errors").get(0).get("rule").asString()).isEqualTo("xgboost-json");

        Api.Reply unknownFeature = api.post("/v1/risk/models", MODEL.replace("card.count(1h)", "card.count(5h)"), withKey(key(Role.ANALYST)));
        assertThat(unknownFeature.status()).isEqualTo(422);
        assertThat(unknownFeature.json().get("detail").asString()).contains("card.count(5h)");

        Api.Reply outOfOrder = api.post("/v1/risk/models?declineThreshold=0.2&challengeThreshold=0.5", MODEL, withKey(key(Role.ANALYST)));
        assertThat(outOfOrder.status()).isEqualTo(422);
        assertThat(outOfOrder.json().get("errors").get(0).get("field").asString()).isEqualTo("declineThreshold");

        Api.Reply tooShort = api.post("/v1/risk/models/train", "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}",
                withKey(key(Role.ANALYST)));
        assertThat(tooShort.status()).as(tooShort.toString()).isEqualTo(422);
        assertThat(tooShort.json().get("errors").get(0).get("rule").asString()).isEqualTo("trainable-period");
        Api.Reply backwards = api.post("/v1/risk/models/train", "{\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}",
                withKey(key(Role.ANALYST)));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("to");

        String pan = "4111111111111111";
        Api.Reply panNote = api.post("/v1/risk/models?note=order+" + pan, MODEL, withKey(key(Role.ANALYST)));
        assertThat(panNote.status()).as(panNote.toString()).isEqualTo(422);
        assertThat(panNote.json().get("errors").get(0).get("field").asString()).isEqualTo("note");
        assertThat(panNote.json().get("errors").get(0).get("rule").asString()).isEqualTo("no-card-number");
        assertThat(panNote.body()).doesNotContain(pan);
        Api.Reply panTrainNote = api.post("/v1/risk/models/train", "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\","
                + "\"note\":\"card " + pan + "\"}", withKey(key(Role.ANALYST)));
        assertThat(panTrainNote.status()).as(panTrainNote.toString()).isEqualTo(422);
        assertThat(panTrainNote.json().get("errors").get(0).get("field").asString()).isEqualTo("note");
        assertThat(panTrainNote.json().get("errors").get(0).get("rule").asString()).isEqualTo("no-card-number");
        assertThat(api.get("/v1/risk/models", withKey(key(Role.ANALYST))).body()).as("nothing stored").doesNotContain(pan);

        int version = register(key(Role.ANALYST), "");
        Tenants.TestTenant other = Tenants.create(api, unique("other"));
        assertThat(api.get("/v1/risk/models/" + version, withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/models/" + version + "/model", withKey(other.key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.post("/v1/risk/models/" + version + "/promote", "", withKey(other.key(Role.ADMIN))).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/models", withKey(other.key(Role.ANALYST))).json().size()).isZero();
        assertThat(api.get("/v1/risk/models", withKey(key(Role.MERCHANT))).status()).isEqualTo(403);
    }
}
