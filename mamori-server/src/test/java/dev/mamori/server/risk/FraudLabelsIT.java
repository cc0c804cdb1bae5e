package dev.mamori.server.risk;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.risk.IssuerFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.risk.labels.LabelView;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Fraud labels through the API: every source, retraction, roles, tenants and errors that name the field. */
class FraudLabelsIT extends IntegrationTest {
    @Autowired
    LabelView labelView;

    IssuerFixture issuer;
    String analyst;

    @BeforeEach
    void issuer() {
        issuer = new IssuerFixture(api, unique("labels"));
        analyst = issuer.tenant.key(Role.ANALYST);
    }

    /** A new card and {@code n} approved e-commerce authorizations of it. */
    record Card(String id, String pan, List<String> authorizations) {
    }

    Card card(int n) {
        String pan = issuer.newPan();
        String id = issuer.open(pan, 1_000_000, null);
        List<String> auths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Api.Reply decided = issuer.authorize(request(pan, 1_000 + i, ",\"channel\":\"ec\""));
            assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
            auths.add(decided.json().get("id").asString());
        }
        return new Card(id, pan, auths);
    }

    static String ids(List<String> ids) {
        return "[\"" + String.join("\",\"", ids) + "\"]";
    }

    Api.Reply post(String path, String json, String key) {
        return api.post("/v1/risk/labels" + path, json, withKey(key));
    }

    List<JsonNode> labels(String query, String key) {
        Api.Reply reply = api.get("/v1/risk/labels" + query, withKey(key));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        reply.json().forEach(out::add);
        return out;
    }

    static void assertViolation(Api.Reply reply, int status, String field, String rule) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).as(reply.toString()).isEqualTo(field);
        assertThat(error.get("rule").asString()).as(reply.toString()).isEqualTo(rule);
    }

    @Test
    void everySourceRecordsALabelWithItsKnownDate() {
        Card card = card(4);
        Instant reported = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Api.Reply notMe = post("/not-me", "{\"cardId\":\"" + card.id() + "\",\"authorizationIds\":" + ids(card.authorizations().subList(0, 2))
                + ",\"knownAt\":\"" + reported + "\",\"note\":\"cardholder called\"}", issuer.tenant.key(Role.ISSUER));
        assertThat(notMe.status()).as(notMe.toString()).isEqualTo(201);
        assertThat(notMe.json().get("count").asInt()).isEqualTo(2);
        JsonNode first = notMe.json().get("labels").get(0);
        assertThat(first.get("source").asString()).isEqualTo("not-me");
        assertThat(first.get("fraud").asBoolean()).isTrue();
        assertThat(Instant.parse(first.get("knownAt").asString())).isEqualTo(reported);
        assertThat(first.get("cardId").asString()).isEqualTo(card.id());

        Api.Reply chargeback = post("/chargebacks", "{\"authorizationId\":\"" + card.authorizations().get(2)
                + "\",\"network\":\"mastercard\",\"reasonCode\":\"4853\"}", analyst);
        assertThat(chargeback.status()).as(chargeback.toString()).isEqualTo(201);
        assertThat(chargeback.json().get("fraud").asBoolean()).as("a consumer dispute is not fraud").isFalse();
        assertThat(chargeback.json().get("reasonCategory").asString()).isEqualTo("consumer-dispute");
        Api.Reply fraudChargeback = post("/chargebacks", "{\"authorizationId\":\"" + card.authorizations().get(3)
                + "\",\"network\":\"visa\",\"reasonCode\":\"10.4\"}", analyst);
        assertThat(fraudChargeback.json().get("fraud").asBoolean()).isTrue();
        assertThat(fraudChargeback.json().get("reasonCategory").asString()).isEqualTo("fraud");

        Api.Reply confirmed = post("", "{\"authorizationIds\":" + ids(card.authorizations().subList(2, 3)) + ",\"fraud\":true}",
                issuer.tenant.adminKey());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(201);
        assertThat(confirmed.json().get("labels").get(0).get("source").asString()).isEqualTo("analyst");

        Card leaked = card(2);
        Api.Reply compromised = post("/compromised", "{\"cardId\":\"" + leaked.id() + "\",\"exposedSince\":\""
                + Instant.now().minus(1, ChronoUnit.DAYS) + "\",\"note\":\"brand alert\"}", analyst);
        assertThat(compromised.status()).as(compromised.toString()).isEqualTo(201);
        assertThat(compromised.json().get("count").asInt()).isEqualTo(2);

        assertThat(labels("?cardId=" + card.id(), issuer.tenant.key(Role.AUDITOR))).hasSize(5);
        assertThat(labels("?source=compromised", analyst)).extracting(l -> l.get("authorizationId").asString())
                .containsExactlyInAnyOrderElementsOf(leaked.authorizations());
        assertThat(labels("?authorizationId=" + card.authorizations().get(2), analyst)).extracting(l -> l.get("source").asString())
                .containsExactlyInAnyOrder("chargeback", "analyst");
        assertThat(labels("?limit=1", analyst)).hasSize(1);

        JsonNode events = api.get("/v1/audit-events", withKey(issuer.tenant.key(Role.AUDITOR))).json();
        int recorded = 0;
        for (JsonNode e : events) {
            if (e.get("type").asString().equals("risk.label-recorded")) {
                recorded++;
            }
        }
        assertThat(recorded).isEqualTo(7);
    }

    @Test
    void aRetractedLabelIsKeptAndMarkedAndCannotBeRetractedTwice() {
        Card card = card(1);
        JsonNode label = post("", "{\"authorizationIds\":" + ids(card.authorizations()) + ",\"fraud\":false}", analyst).json()
                .get("labels").get(0);
        String id = label.get("id").asString();
        assertThat(api.delete("/v1/risk/labels/" + id, withKey(issuer.tenant.key(Role.ISSUER))).status()).as("issuers do not retract")
                .isEqualTo(403);
        Api.Reply retracted = api.delete("/v1/risk/labels/" + id, withKey(analyst));
        assertThat(retracted.status()).as(retracted.toString()).isEqualTo(200);
        assertThat(retracted.json().get("retractedAt").isNull()).isFalse();
        assertThat(retracted.json().get("retractedBy").asString()).isNotBlank();
        assertThat(api.get("/v1/risk/labels/" + id, withKey(analyst)).json().get("retractedAt").isNull()).isFalse();
        assertThat(api.delete("/v1/risk/labels/" + id, withKey(analyst)).status()).isEqualTo(409);
        assertThat(api.delete("/v1/risk/labels/" + java.util.UUID.randomUUID(), withKey(analyst)).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsAuthorizationsCardsAndLabelsAreNotFoundAndNothingIsWritten() {
        Card mine = card(1);
        IssuerFixture other = new IssuerFixture(api, unique("labels-other"));
        String otherPan = other.newPan();
        String otherCard = other.open(otherPan, 100_000, null);
        String theirs = other.authorize(request(otherPan, 500, "")).json().get("id").asString();
        String otherAnalyst = other.tenant.key(Role.ANALYST);
        JsonNode theirLabel = api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + theirs + "\"],\"fraud\":true}",
                withKey(otherAnalyst)).json().get("labels").get(0);

        Api.Reply batch = post("", "{\"authorizationIds\":[\"" + mine.authorizations().get(0) + "\",\"" + theirs + "\"],\"fraud\":true}",
                analyst);
        assertViolation(batch, 422, "authorizationIds[1]", "exists");
        assertThat(batch.body()).doesNotContain(otherPan.substring(0, 6)).doesNotContain(otherCard);
        assertThat(labels("", analyst)).as("all or nothing").isEmpty();
        assertViolation(post("/not-me", "{\"cardId\":\"" + otherCard + "\",\"authorizationIds\":[\"" + theirs + "\"]}", analyst), 422,
                "cardId", "exists");
        assertViolation(post("/chargebacks", "{\"authorizationId\":\"" + theirs + "\",\"network\":\"visa\",\"reasonCode\":\"10.4\"}",
                analyst), 422, "authorizationId", "exists");
        assertViolation(post("/compromised", "{\"cardId\":\"" + otherCard + "\",\"exposedSince\":\"2026-01-01T00:00:00Z\"}", analyst), 422,
                "cardId", "exists");
        String theirLabelId = theirLabel.get("id").asString();
        assertThat(api.get("/v1/risk/labels/" + theirLabelId, withKey(analyst)).status()).isEqualTo(404);
        assertThat(api.delete("/v1/risk/labels/" + theirLabelId, withKey(analyst)).status()).isEqualTo(404);
        assertThat(labels("?authorizationId=" + theirs, analyst)).isEmpty();
        assertThat(api.get("/v1/risk/labels/" + theirLabelId, withKey(otherAnalyst)).json().get("retractedAt").isNull()).isTrue();
    }

    @Test
    void brokenRequestsNameTheFieldAndTheRule() {
        Card card = card(2);
        Card otherCard = card(1);
        assertViolation(post("/not-me", "{\"cardId\":\"" + card.id() + "\",\"authorizationIds\":" + ids(List.of(card.authorizations().get(0),
                otherCard.authorizations().get(0))) + "}", analyst), 422, "authorizationIds[1]", "same-card");
        assertViolation(post("", "{\"authorizationIds\":[\"" + card.authorizations().get(0) + "\",\"not-a-uuid\"],\"fraud\":true}",
                analyst), 422, "authorizationIds[1]", "uuid");
        assertViolation(post("", "{\"authorizationIds\":" + ids(card.authorizations()) + "}", analyst), 422, "fraud", "not-null");
        assertViolation(post("/chargebacks", "{\"authorizationId\":\"" + card.authorizations().get(0)
                + "\",\"network\":\"visa\",\"reasonCode\":\"4837\"}", analyst), 422, "reasonCode", "network-code");
        assertViolation(post("/chargebacks", "{\"authorizationId\":\"" + card.authorizations().get(0)
                + "\",\"network\":\"discover\",\"reasonCode\":\"UA02\"}", analyst), 422, "network", "one-of");
        assertViolation(post("", "{\"authorizationIds\":" + ids(card.authorizations()) + ",\"fraud\":true,\"knownAt\":\""
                + Instant.now().plus(2, ChronoUnit.DAYS) + "\"}", analyst), 422, "knownAt", "not-future");
        assertViolation(post("", "{\"authorizationIds\":" + ids(card.authorizations()) + ",\"fraud\":true,\"note\":\"card "
                + card.pan() + "\"}", analyst), 422, "note", "no-card-number");
        assertViolation(post("/compromised", "{\"cardId\":\"" + card.id() + "\",\"exposedSince\":\""
                + Instant.now().plus(3, ChronoUnit.DAYS) + "\"}", analyst), 422, "exposedSince", "not-after-known");
        Api.Reply badSource = api.get("/v1/risk/labels?source=rumour", withKey(analyst));
        assertViolation(badSource, 422, "source", "one-of");
        assertThat(post("", "{\"authorizationIds\":", analyst).status()).isEqualTo(400);
        assertThat(labels("", analyst)).isEmpty();
    }

    @Test
    void rolesDecideWhoLabelsAndWhoReads() {
        Card card = card(1);
        String body = "{\"authorizationIds\":" + ids(card.authorizations()) + ",\"fraud\":true}";
        assertThat(post("", body, issuer.tenant.key(Role.AUDITOR)).status()).isEqualTo(403);
        assertThat(post("", body, issuer.tenant.key(Role.MERCHANT)).status()).isEqualTo(403);
        assertThat(api.get("/v1/risk/labels", withKey(issuer.tenant.key(Role.MERCHANT))).status()).isEqualTo(403);
        assertThat(post("", body, issuer.tenant.key(Role.ISSUER)).status()).isEqualTo(201);
        assertThat(labels("", issuer.tenant.key(Role.AUDITOR))).hasSize(1);
    }

    @Test
    void trainingSeesOnlyTheLabelsKnownAtItsCutOff() {
        Card card = card(2);
        String early = card.authorizations().get(0);
        String late = card.authorizations().get(1);
        Instant afterAuthorizations = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant cutOff = afterAuthorizations.plus(1, ChronoUnit.MILLIS);
        assertThat(post("/chargebacks", "{\"authorizationId\":\"" + early + "\",\"network\":\"jcb\",\"reasonCode\":\"546\","
                + "\"knownAt\":\"" + afterAuthorizations + "\"}", analyst).status()).isEqualTo(201);
        assertThat(post("/not-me", "{\"cardId\":\"" + card.id() + "\",\"authorizationIds\":[\"" + late + "\"]}",
                issuer.tenant.key(Role.ISSUER)).status()).isEqualTo(201);

        TenantId tenant = new TenantId(java.util.UUID.fromString(issuer.tenant.id()));
        Instant from = afterAuthorizations.minus(1, ChronoUnit.HOURS);
        Instant to = afterAuthorizations.plus(1, ChronoUnit.HOURS);
        assertThat(labelView.known(tenant, from, to, cutOff)).containsOnlyKeys(java.util.UUID.fromString(early));
        assertThat(labelView.known(tenant, from, to, Instant.now().plus(1, ChronoUnit.MINUTES)))
                .containsOnlyKeys(java.util.UUID.fromString(early), java.util.UUID.fromString(late));
        assertThat(labelView.known(TenantId.random(), from, to, Instant.now())).isEmpty();
    }
}
