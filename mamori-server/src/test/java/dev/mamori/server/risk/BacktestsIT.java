package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Backtests through the API: a candidate rule set replayed over the tenant's logged authorizations
 * against the rules that were live, the report stored and read back by its tenant only, bad
 * requests named by field and rule, and activation refused until the version has a backtest.
 */
class BacktestsIT extends IntegrationTest {
    private IssuerFixture issuer;
    private String analyst;
    private Instant start;
    private int candidate;
    private final java.util.List<String> decisionIds = new java.util.ArrayList<>();

    @BeforeEach
    void issuerWithTraffic() {
        issuer = new IssuerFixture(api, unique("backtests"));
        analyst = issuer.tenant.key(Role.ANALYST);
        start = Instant.now().minusSeconds(5);
        issuer.activate(save("rule \"big\" when amount > 50000 then decline \"big-amount\" code 61"));
        String pan = issuer.newPan();
        issuer.open(pan, 1_000_000, null);
        for (long amount : new long[] {1_000, 30_000, 60_000}) {
            Api.Reply reply = issuer.authorize(request(pan, amount, ""));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            decisionIds.add(reply.json().get("id").asString());
        }
        candidate = save("rule \"tighter\" when amount > 20000 then decline \"big-amount\"");
    }

    private int save(String source) {
        Api.Reply saved = api.post("/v1/rules", "{\"source\":\"" + source.replace("\"", "\\\"") + "\"}", withKey(analyst));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        return saved.json().get("version").asInt();
    }

    private Api.Reply backtest(String candidateJson, String key) {
        return backtest(candidateJson, start, Instant.now().plusSeconds(60), key);
    }

    private Api.Reply backtest(String candidateJson, Instant from, Instant to, String key) {
        return api.post("/v1/risk/backtests", "{\"candidate\":" + candidateJson + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}",
                withKey(key));
    }

    @Test
    void aCandidateIsReplayedAgainstTheLiveRulesAndItsReportKept() {
        Api.Reply run = backtest("{\"ruleVersion\":" + candidate + "}", analyst);
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        JsonNode r = run.json();
        assertThat(r.get("decisions").asLong()).isEqualTo(3);
        assertThat(r.get("currency").asString()).isEqualTo("JPY");
        assertThat(r.get("baselineMismatches").asLong()).isZero();
        assertThat(r.get("candidate").get("ruleVersion").asInt()).isEqualTo(candidate);
        assertThat(r.get("baseline").get("declined").asLong()).isEqualTo(1);
        assertThat(r.get("proposed").get("declined").asLong()).isEqualTo(2);
        assertThat(r.get("changed").asLong()).isEqualTo(1);
        assertThat(r.get("changes").get("newFalsePositives").asLong()).as("no label says the 30,000 payment was fraud").isEqualTo(1);
        assertThat(r.get("changes").get("newFalsePositivesAmount").asLong()).isEqualTo(30_000);
        assertThat(r.get("candidateRules").get(0).get("name").asString()).isEqualTo("tighter");
        assertThat(r.get("candidateRules").get(0).get("fired").asLong()).isEqualTo(2);
        assertThat(r.get("changedSample")).hasSize(1);
        assertThat(r.get("createdBy").asString()).isNotBlank();

        String id = r.get("id").asString();
        Api.Reply one = api.get("/v1/risk/backtests/" + id, withKey(issuer.tenant.key(Role.AUDITOR)));
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(r);
        Api.Reply list = api.get("/v1/risk/backtests", withKey(issuer.tenant.key(Role.ISSUER)));
        assertThat(list.json().get(0).get("id").asString()).isEqualTo(id);

        IssuerFixture other = new IssuerFixture(api, unique("backtests-other"));
        assertThat(api.get("/v1/risk/backtests/" + id, withKey(other.tenant.adminKey())).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/backtests", withKey(other.tenant.adminKey())).json()).isEmpty();

        Long audited = jdbc.sql("select count(*) from platform.audit_events where tenant_id = cast(? as uuid) "
                + "and event_type = 'backtest.run' and resource = ?").param(issuer.tenant.id()).param("backtest:" + id)
                .query(Long.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void fraudLabelsRecordedThroughTheApiJudgeTheCandidate() {
        Api.Reply labelled = api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + decisionIds.get(1) + "\"],\"fraud\":true}",
                withKey(analyst));
        assertThat(labelled.status()).as(labelled.toString()).isEqualTo(201);

        JsonNode r = backtest("{\"ruleVersion\":" + candidate + "}", analyst).json();
        assertThat(r.get("labelled").asBoolean()).isTrue();
        assertThat(r.get("fraud").asLong()).isEqualTo(1);
        assertThat(r.get("fraudAmount").asLong()).isEqualTo(30_000);
        assertThat(r.get("changes").get("newlyCaught").asLong()).isEqualTo(1);
        assertThat(r.get("changes").get("newlyCaughtAmount").asLong()).isEqualTo(30_000);
        assertThat(r.get("changes").get("newFalsePositives").asLong()).isZero();
        assertThat(r.get("baseline").get("fraudMissedAmount").asLong()).isEqualTo(30_000);
        assertThat(r.get("proposed").get("fraudCaught").asLong()).isEqualTo(1);
    }

    @Test
    void unsavedRuleTextAndAChosenBaselineCanBeBacktested() {
        Api.Reply run = api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleSource\":\"rule \\\"all\\\" when amount > 0 then challenge "
                + "\\\"step-up\\\"\"},\"baselineVersion\":" + candidate + ",\"from\":\"" + start + "\",\"to\":\"" + Instant.now() + "\"}",
                withKey(analyst));
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        assertThat(run.json().get("baselineVersion").asInt()).isEqualTo(candidate);
        assertThat(run.json().get("candidate").get("ruleVersion").isNull()).isTrue();
        assertThat(run.json().get("proposed").get("challenged").asLong()).isEqualTo(3);
        assertThat(run.json().get("changes").get("releasedGood").asLong()).as("the 30,000 the baseline declined is only challenged")
                .isZero();
    }

    @Test
    void badRequestsNameTheFieldAndTheRule() {
        expect(api.post("/v1/risk/backtests", "{\"from\":\"" + start + "\",\"to\":\"" + Instant.now() + "\"}", withKey(analyst)),
                422, "candidate", "required");
        expect(backtest("{\"ruleVersion\":" + candidate + ",\"ruleSource\":\"x\"}", analyst), 422, "candidate", "one-of");
        expect(backtest("{\"ruleVersion\":9999}", analyst), 422, "candidate.ruleVersion", "exists");
        expect(backtest("{\"modelVersion\":9999}", analyst), 422, "candidate.modelVersion", "exists");
        expect(backtest("{\"modelVersion\":1,\"ruleVersion\":" + candidate + "}", analyst), 422, "candidate", "one-of");
        expect(backtest("{\"ruleSource\":\"rule \\\"x\\\" when amont > 1 then decline \\\"x\\\"\"}", analyst), 422,
                "candidate.ruleSource", null);
        expect(backtest("{\"ruleVersion\":" + candidate + "}", Instant.now(), start, analyst), 422, "from", "before-to");
        expect(backtest("{\"ruleVersion\":" + candidate + "}", Instant.now().minus(Duration.ofDays(100)), Instant.now(), analyst), 422,
                "to", "max-period");
        Api.Reply malformed = api.post("/v1/risk/backtests", "{\"candidate\":{\"ruleVersion\":1},\"from\":\"yesterday\",\"to\":\"now\"}",
                withKey(analyst));
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
        expect(api.get("/v1/risk/backtests?limit=0", withKey(analyst)), 422, "limit", "range");
        assertThat(backtest("{\"ruleVersion\":" + candidate + "}", issuer.tenant.key(Role.ISSUER)).status()).isEqualTo(403);
        assertThat(api.get("/v1/risk/backtests/" + java.util.UUID.randomUUID(), withKey(analyst)).status()).isEqualTo(404);
        assertThat(api.get("/v1/risk/backtests", withKey(analyst)).json()).as("only the set-up's backtest of the live version")
                .hasSize(1);
    }

    private static void expect(Api.Reply reply, int status, String field, String rule) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).as(reply.toString()).isEqualTo(field);
        if (rule != null) {
            assertThat(error.get("rule").asString()).as(reply.toString()).isEqualTo(rule);
        }
    }

    @Test
    void aVersionIsActivatedOnlyAfterItsBacktest() {
        Api.Reply refused = api.post("/v1/rules/" + candidate + "/activate", "", withKey(issuer.tenant.adminKey()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).isEqualTo("https://mamori.dev/problems/backtest-required");
        assertThat(refused.json().get("errors").get(0).get("rule").asString()).isEqualTo("backtest-required");
        // Unsaved text is not a backtest of the version, even when it is the same text.
        assertThat(backtest("{\"ruleSource\":\"rule \\\"tighter\\\" when amount > 20000 then decline \\\"big-amount\\\"\"}", analyst)
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/rules/" + candidate + "/activate", "", withKey(issuer.tenant.adminKey())).status()).isEqualTo(409);

        assertThat(backtest("{\"ruleVersion\":" + candidate + "}", analyst).status()).isEqualTo(201);
        Api.Reply activated = api.post("/v1/rules/" + candidate + "/activate", "", withKey(issuer.tenant.adminKey()));
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(api.get("/v1/rules/" + candidate, withKey(analyst)).json().get("status").asString()).isEqualTo("active");
    }
}
