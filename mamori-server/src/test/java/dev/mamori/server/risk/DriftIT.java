package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Model drift on a real database: a model registered with a baseline and promoted by a second
 * admin; traffic like the training data is stable, far larger amounts are a major drift of the
 * amount and the score and raise a model-drift alert; the periodic job; roles, bad requests and
 * tenants kept apart.
 */
class DriftIT extends IntegrationTest {
    @Autowired
    RiskModule risk;
    @Autowired
    DriftJobs jobs;

    IssuerFixture issuer;
    private int trace;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("drift"));
        // A busy build machine must not push a decision into the fallback, which logs no score.
        Api.Reply policy = api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,"
                + "\"issuerCountry\":\"JP\"}", withKey(issuer.tenant.adminKey()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    }

    private String key(Role role) {
        return issuer.tenant.key(role);
    }

    private int activeModelWithBaseline() {
        int version = DriftITSupport.register(risk, issuer.tenant.id(), "lab-trainer");
        Api.Reply promoted = api.post("/v1/risk/models/" + version + "/promote", "", withKey(key(Role.ADMIN)));
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        return version;
    }

    /** {@code n} payments, two per new card (so fewer than three an hour per card), amounts from {@code amount}. */
    private void traffic(int n, java.util.function.IntUnaryOperator amount) {
        String pan = null;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                pan = issuer.newPan();
                issuer.open(pan, 10_000_000, null);
            }
            trace++;
            Api.Reply paid = issuer.authorize(request(pan, amount.applyAsInt(i),
                    ",\"stan\":\"" + String.format("%06d", trace) + "\",\"rrn\":\"D" + trace + "\""));
            assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
            assertThat(paid.json().get("score")).as("scored: %s", paid).isNotNull();
        }
    }

    private Api.Reply check(String apiKey, String body) {
        return api.post("/v1/risk/drift/check", body, withKey(apiKey));
    }

    private static JsonNode feature(JsonNode report, String name) {
        for (JsonNode f : report.get("features")) {
            if (f.get("name").asString().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }

    private List<JsonNode> driftAlerts(String apiKey) {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode a : api.get("/v1/risk/alerts", withKey(apiKey)).json()) {
            if (a.get("kind").asString().equals("model-drift")) {
                alerts.add(a);
            }
        }
        return alerts;
    }

    @Test
    void trafficLikeTheTrainingDataIsStableAndFarLargerAmountsAreAMajorDriftWithAnAlert() {
        int version = activeModelWithBaseline();
        traffic(60, i -> (int) DriftITSupport.matchingAmount(i, 60));

        Api.Reply stable = check(key(Role.ANALYST), "");
        assertThat(stable.status()).as(stable.toString()).isEqualTo(201);
        JsonNode report = stable.json();
        assertThat(report.get("modelVersion").asInt()).isEqualTo(version);
        assertThat(report.get("decisions").asLong()).isEqualTo(60);
        assertThat(report.get("scoreRows").asLong()).isEqualTo(60);
        assertThat(report.get("scoreLevel").asString()).as("%s", report).isEqualTo("stable");
        assertThat(report.get("scorePsi").asDouble()).isLessThan(0.1);
        assertThat(feature(report, "amount").get("level").asString()).as("%s", report).isEqualTo("stable");
        assertThat(feature(report, "card.count(1h)").get("level").asString()).isEqualTo("stable");
        assertThat(report.get("level").asString()).isEqualTo("stable");
        assertThat(driftAlerts(key(Role.ANALYST))).isEmpty();

        Instant shiftStarts = Instant.now();
        traffic(60, i -> 200_000 + i * 1_000);
        Api.Reply major = check(key(Role.ADMIN), "{\"from\":\"" + shiftStarts + "\"}");
        assertThat(major.status()).as(major.toString()).isEqualTo(201);
        report = major.json();
        assertThat(report.get("decisions").asLong()).as("only the period's decisions; the earlier ones warmed up").isEqualTo(60);
        assertThat(report.get("scoreLevel").asString()).isEqualTo("major");
        assertThat(report.get("scorePsi").asDouble()).isGreaterThan(0.25);
        assertThat(report.get("features").get(0).get("name").asString()).as("worst first").isEqualTo("amount");
        assertThat(report.get("features").get(0).get("level").asString()).isEqualTo("major");
        assertThat(report.get("level").asString()).isEqualTo("major");
        List<JsonNode> alerts = driftAlerts(key(Role.ANALYST));
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.get("detail").asString())
                .contains("model version " + version, "major drift", "amount"));

        JsonNode list = api.get("/v1/risk/drift", withKey(key(Role.AUDITOR))).json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id").asString()).as("newest first").isEqualTo(report.get("id").asString());
        Api.Reply one = api.get("/v1/risk/drift/" + report.get("id").asString(), withKey(key(Role.ISSUER)));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("level").asString()).isEqualTo("major");
        assertThat(one.json().get("createdBy").asString()).isNotBlank();

        boolean audited = false;
        for (JsonNode e : api.get("/v1/audit-events", withKey(key(Role.AUDITOR))).json()) {
            audited |= e.get("type").asString().equals("drift.checked") && e.get("resource").asString().equals("drift:" + report.get("id").asString());
        }
        assertThat(audited).as("check now is in the audit trail").isTrue();

        // Another tenant sees none of it.
        IssuerFixture other = new IssuerFixture(api, unique("drift-other"));
        assertThat(api.get("/v1/risk/drift/" + report.get("id").asString(), withKey(other.tenant.key(Role.ANALYST))).status())
                .isEqualTo(404);
        assertThat(api.get("/v1/risk/drift", withKey(other.tenant.key(Role.ANALYST))).json()).isEmpty();
        assertThat(driftAlerts(other.tenant.key(Role.ANALYST))).isEmpty();
        assertThat(check(other.tenant.key(Role.ANALYST), "").status()).as("no active model there").isEqualTo(409);
    }

    @Test
    void thePeriodicJobChecksEveryTenantWithAnActiveModel() {
        activeModelWithBaseline();
        traffic(4, i -> 1_000);
        DriftMonitor.RunResult result = jobs.runOnce();
        assertThat(result).isNotNull();
        assertThat(result.checked()).isGreaterThanOrEqualTo(1);
        JsonNode list = api.get("/v1/risk/drift", withKey(key(Role.ANALYST))).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("createdBy").asString()).isEqualTo("scheduler");
        assertThat(list.get(0).get("decisions").asLong()).isEqualTo(4);
        assertThat(list.get(0).get("level").asString()).as("four payments are too few to judge").isEqualTo("insufficient-data");
        assertThat(driftAlerts(key(Role.ANALYST))).isEmpty();
    }

    @Test
    void rolesBadRequestsAndModelsThatCannotBeChecked() {
        assertThat(check(key(Role.ISSUER), "").status()).as("issuers read, never check").isEqualTo(403);
        assertThat(check(key(Role.AUDITOR), "").status()).isEqualTo(403);

        Api.Reply none = check(key(Role.ANALYST), "");
        assertThat(none.status()).as(none.toString()).isEqualTo(409);
        assertThat(none.json().get("type").asString()).endsWith("model-state");
        assertThat(none.json().get("detail").asString()).contains("no fraud model is active");

        // A model uploaded over the API has no baseline.
        Api.Reply uploaded = api.post("/v1/risk/models", FraudModelsITSupport.MODEL, withKey(key(Role.ANALYST)));
        int version = uploaded.json().get("version").asInt();
        assertThat(api.post("/v1/risk/models/" + version + "/promote", "", withKey(key(Role.ADMIN))).status()).isEqualTo(200);
        Api.Reply noBaseline = check(key(Role.ANALYST), "");
        assertThat(noBaseline.status()).as(noBaseline.toString()).isEqualTo(409);
        assertThat(noBaseline.json().get("detail").asString()).contains("no baseline");

        activeModelWithBaseline();
        Api.Reply backwards = check(key(Role.ANALYST), "{\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}");
        assertThat(backwards.status()).as(backwards.toString()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("to");
        assertThat(backwards.json().get("errors").get(0).get("rule").asString()).isEqualTo("after-from");
        Api.Reply tooLong = check(key(Role.ANALYST), "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-03-01T00:00:00Z\"}");
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(tooLong.json().get("errors").get(0).get("rule").asString()).isEqualTo("period");
        assertThat(check(key(Role.ANALYST), "{\"from\":").status()).isEqualTo(400);
        assertThat(check(key(Role.ANALYST), "{\"from\":\"yesterday\"}").status()).isEqualTo(400);
        assertThat(api.get("/v1/risk/drift", withKey(key(Role.ANALYST))).json()).as("nothing stored by refused checks").isEmpty();

        assertThat(api.get("/v1/risk/drift/not-a-uuid", withKey(key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/drift/" + UUID.randomUUID(), withKey(key(Role.ANALYST))).status()).isEqualTo(404);
        Api.Reply badLimit = api.get("/v1/risk/drift?limit=0", withKey(key(Role.ANALYST)));
        assertThat(badLimit.status()).isEqualTo(422);
        assertThat(badLimit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");

        Api.Reply empty = check(key(Role.ANALYST), "");
        assertThat(empty.status()).as("an empty period is a report of too few values").isEqualTo(201);
        assertThat(empty.json().get("level").asString()).isEqualTo("insufficient-data");
        assertThat(empty.json().get("scorePsi").isNull()).isTrue();
    }
}
