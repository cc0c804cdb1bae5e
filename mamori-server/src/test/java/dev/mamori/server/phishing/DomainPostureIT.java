package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.phishing.posture.DomainPosture;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Brand-domain posture through the API, resolved over the test DNS server (zones posture-good.test and posture-weak.test). */
class DomainPostureIT extends IntegrationTest {
    @Autowired
    PostureJobs jobs;

    Tenants.TestTenant tenant;
    String analyst;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("posture"));
        analyst = tenant.key(Role.ANALYST);
    }

    Api.Reply register(String key, String domain, boolean sendsMail, String selectors) {
        return api.post("/v1/phishing/domains", "{\"domain\":\"" + domain + "\",\"sendsMail\":" + sendsMail
                + ",\"label\":\"Posture\",\"dkimSelectors\":" + selectors + "}", withKey(key));
    }

    static List<String> codes(JsonNode findings) {
        List<String> out = new ArrayList<>();
        findings.forEach(f -> out.add(f.get("code").asString()));
        return out;
    }

    @Test
    void registerCheckFindingsAndHistory() {
        Api.Reply created = register(analyst, "Posture-Good.TEST.", true, "[\"mamori\"]");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("domain").asString()).isEqualTo("posture-good.test");
        assertThat(created.json().get("grade").isNull()).isTrue();

        Api.Reply checked = api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(analyst));
        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        JsonNode report = checked.json().get("report");
        assertThat(report.get("grade").asString()).isEqualTo("A");
        assertThat(report.get("complete").asBoolean()).isTrue();
        assertThat(report.get("findings").size()).as(report.toString()).isZero();
        assertThat(report.get("dkim").get(0).get("selector").asString()).isEqualTo("mamori");
        assertThat(report.get("dkim").get(0).get("keyType").asString()).isEqualTo("ed25519");

        Api.Reply weak = register(analyst, "posture-weak.test", true, "[]");
        assertThat(weak.status()).isEqualTo(201);
        JsonNode weakReport = api.post("/v1/phishing/domains/posture-weak.test/check", "", withKey(analyst)).json().get("report");
        assertThat(weakReport.get("grade").asString()).isEqualTo("F");
        assertThat(codes(weakReport.get("findings"))).contains("spf.pass-all", "dmarc.policy-none", "dmarc.no-rua");
        JsonNode passAll = weakReport.get("findings").get(0);
        assertThat(passAll.get("severity").asString()).isEqualTo("critical");
        assertThat(passAll.get("fix").asString()).contains("-all");
        assertThat(passAll.get("messageJa").asString()).contains("すべてのホスト");

        Api.Reply list = api.get("/v1/phishing/domains", withKey(analyst));
        assertThat(list.json().size()).isEqualTo(2);
        assertThat(list.json().get(0).get("domain").asString()).isEqualTo("posture-good.test");
        assertThat(list.json().get(0).get("grade").asString()).isEqualTo("A");
        assertThat(list.json().get(1).get("grade").asString()).isEqualTo("F");

        Api.Reply detail = api.get("/v1/phishing/domains/posture-weak.test", withKey(analyst));
        assertThat(detail.json().get("latest").get("report").get("records").toString()).contains("v=spf1 +all");

        // A second check with nothing changed: the history shows both, the latest with no change.
        api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(analyst));
        JsonNode history = api.get("/v1/phishing/domains/posture-good.test/history", withKey(analyst)).json();
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("previousGrade").asString()).isEqualTo("A");
        assertThat(history.get(0).get("newFindings").size()).isZero();
        assertThat(history.get(0).get("changedRecords").size()).isZero();
        assertThat(history.get(1).get("previousGrade").isNull()).isTrue();
        assertThat(jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type in "
                + "('phishing.domain.registered', 'phishing.domain.checked')").param(UUID.fromString(tenant.id())).query(Long.class).single())
                .isEqualTo(5);
    }

    @Test
    void aWorsePostureFoundByTheScheduledRecheckRaisesAnAlert() {
        assertThat(register(analyst, "posture-good.test", true, "[]").status()).isEqualTo(201);
        assertThat(api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(analyst)).json().get("report").get("grade").asString())
                .isEqualTo("A");
        // The domain stops sending mail: its SPF record must now be exactly v=spf1 -all, which it is not.
        Api.Reply updated = register(analyst, "posture-good.test", false, "[]");
        assertThat(updated.status()).isEqualTo(200);

        DomainPosture.RecheckResult run = jobs.runOnce();
        assertThat(run).isNotNull();
        assertThat(run.alerts()).isGreaterThanOrEqualTo(1);

        JsonNode alerts = api.get("/v1/phishing/posture-alerts", withKey(tenant.key(Role.AUDITOR))).json();
        assertThat(alerts.size()).isEqualTo(1);
        assertThat(alerts.get(0).get("domain").asString()).isEqualTo("posture-good.test");
        assertThat(alerts.get(0).get("previousGrade").asString()).isEqualTo("A");
        assertThat(alerts.get(0).get("newCodes").toString()).contains("non-sending.spf");
        JsonNode latest = api.get("/v1/phishing/domains/posture-good.test/history?limit=1", withKey(analyst)).json().get(0);
        assertThat(latest.get("checkedBy").asString()).isEqualTo("scheduler");
        assertThat(codes(latest.get("newFindings"))).contains("non-sending.spf");
    }

    @Test
    void aOneOffCheckStoresNothingAndFollowsTheOrganizationalDomain() {
        Api.Reply once = api.post("/v1/phishing/posture/check", "{\"domain\":\"shop.posture-good.test\"}", withKey(analyst));
        assertThat(once.status()).as(once.toString()).isEqualTo(200);
        assertThat(codes(once.json().get("findings"))).contains("dmarc.inherited").doesNotContain("dmarc.missing");
        assertThat(api.get("/v1/phishing/domains", withKey(analyst)).json().size()).isZero();
        assertThat(api.post("/v1/phishing/posture/check", "{\"domain\":\"posture-good.test\"}", withKey(tenant.key(Role.AUDITOR))).status())
                .isEqualTo(403);
    }

    @Test
    void badInputNamesTheFieldAndTheRule() {
        Api.Reply bad = register(analyst, "bad_name.test", true, "[]");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("domain");
        assertThat(bad.json().get("errors").get(0).get("rule").asString()).isEqualTo("invalid-characters");
        Api.Reply single = api.post("/v1/phishing/posture/check", "{\"domain\":\"localhost\"}", withKey(analyst));
        assertThat(single.status()).isEqualTo(422);
        assertThat(single.json().get("errors").get(0).get("rule").asString()).isEqualTo("single-label");
        Api.Reply selector = register(analyst, "posture-good.test", true, "[\"not a selector\"]");
        assertThat(selector.status()).isEqualTo(422);
        assertThat(selector.json().get("errors").get(0).get("field").asString()).isEqualTo("dkimSelectors");
        Api.Reply noSends = api.post("/v1/phishing/domains", "{\"domain\":\"posture-good.test\"}", withKey(analyst));
        assertThat(noSends.status()).isEqualTo(422);
        assertThat(noSends.json().get("errors").get(0).get("field").asString()).isEqualTo("sendsMail");
        assertThat(api.post("/v1/phishing/domains", "{\"domain\":", withKey(analyst)).status()).isEqualTo(400);
        Api.Reply cardSelector = register(analyst, "posture-good.test", true, "[\"4242424242424242\"]");
        assertThat(cardSelector.status()).isEqualTo(422);
        assertThat(cardSelector.json().get("errors").get(0).get("rule").asString()).isEqualTo("no-card-number");
        assertThat(cardSelector.body()).doesNotContain("4242424242424242");
        Api.Reply cardDomain = register(analyst, "4242424242424242.test", true, "[]");
        assertThat(cardDomain.status()).isEqualTo(422);
        assertThat(cardDomain.body()).doesNotContain("4242424242424242");
        assertThat(api.get("/v1/phishing/domains/posture-good.test/history?limit=0", withKey(analyst)).status()).isIn(404, 422);
        assertThat(api.get("/v1/phishing/domains", withKey(analyst)).json().size()).as("nothing was written").isZero();
        Api.Reply pathBad = api.get("/v1/phishing/domains/-bad-.test", withKey(analyst));
        assertThat(pathBad.status()).isEqualTo(422);
        assertThat(pathBad.json().get("errors").get(0).get("rule").asString()).isEqualTo("hyphen-at-edge");
    }

    @Test
    void anotherTenantsDomainIsAnsweredLikeAnUnknownOne() {
        assertThat(register(analyst, "posture-good.test", true, "[]").status()).isEqualTo(201);
        api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(analyst));
        Tenants.TestTenant other = Tenants.create(api, unique("posture-other"));
        String theirs = other.key(Role.ANALYST);

        for (String path : List.of("/v1/phishing/domains/posture-good.test", "/v1/phishing/domains/posture-good.test/history")) {
            Api.Reply foreign = api.get(path, withKey(theirs));
            Api.Reply unknown = api.get(path.replace("posture-good.test", "never-registered.test"), withKey(theirs));
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body()).isEqualTo(unknown.body().replace("never-registered.test", "posture-good.test"));
        }
        assertThat(api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.delete("/v1/phishing/domains/posture-good.test", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/domains", withKey(theirs)).json().size()).isZero();
        assertThat(api.get("/v1/phishing/posture-alerts", withKey(theirs)).json().size()).isZero();
        // Still there for its owner.
        assertThat(api.get("/v1/phishing/domains/posture-good.test", withKey(analyst)).status()).isEqualTo(200);
    }

    @Test
    void rolesAuditorsReadButDoNotChange() {
        assertThat(register(analyst, "posture-good.test", true, "[]").status()).isEqualTo(201);
        String auditor = tenant.key(Role.AUDITOR);
        assertThat(api.get("/v1/phishing/domains", withKey(auditor)).status()).isEqualTo(200);
        assertThat(api.get("/v1/phishing/domains/posture-good.test", withKey(auditor)).status()).isEqualTo(200);
        assertThat(api.get("/v1/phishing/posture-alerts", withKey(tenant.key(Role.MERCHANT))).status()).isEqualTo(200);
        assertThat(register(auditor, "posture-weak.test", true, "[]").status()).isEqualTo(403);
        assertThat(register(tenant.key(Role.MERCHANT), "posture-weak.test", true, "[]").status()).isEqualTo(403);
        assertThat(api.post("/v1/phishing/domains/posture-good.test/check", "", withKey(auditor)).status()).isEqualTo(403);
        assertThat(api.delete("/v1/phishing/domains/posture-good.test", withKey(auditor)).status()).isEqualTo(403);
        assertThat(api.delete("/v1/phishing/domains/posture-good.test", withKey(tenant.adminKey())).status()).isEqualTo(204);
        assertThat(api.get("/v1/phishing/domains/posture-good.test", withKey(auditor)).status()).isEqualTo(404);
    }
}
