package dev.mamori.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What every /v1 endpoint promises: problem+json errors that name the field and the rule,
 * size limits, idempotent creation, no partial writes, OpenAPI, metrics, and an audit trail that
 * shows the refused requests.
 */
class ApiConventionsIT extends IntegrationTest {
    private TestTenant tenant;
    private String admin;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("conventions"));
        admin = tenant.key(Role.ADMIN);
    }

    @Test
    void malformedJsonIsA400NamingTheSyntaxError() {
        Api.Reply reply = api.post("/v1/api-keys", "{\"name\": \"k\", \"roles\": [\"admin\"", Api.withKey(admin));
        assertProblem(reply, 400, "malformed-json");
        assertThat(reply.json().get("errors").get(0).get("rule").asString()).isEqualTo("json-syntax");
    }

    @Test
    void aWrongTypeNamesTheField() {
        Api.Reply reply = api.post("/v1/api-keys", "{\"name\": \"k\", \"roles\": {\"a\": 1}}", Api.withKey(admin));
        assertProblem(reply, 400, "malformed-json");
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("roles");
        assertThat(reply.json().get("errors").get(0).get("rule").asString()).isEqualTo("type");
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        Api.Reply reply = api.post("/v1/api-keys", "{\"name\": \"k\", \"roles\": [\"admin\"], \"rolez\": []}", Api.withKey(admin));
        assertProblem(reply, 400, "malformed-json");
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("rolez");
        assertThat(reply.json().get("errors").get(0).get("rule").asString()).isEqualTo("unknown-field");
    }

    @Test
    void aBrokenRuleIsA422NamingFieldAndRule() {
        Api.Reply reply = api.post("/v1/api-keys", "{\"name\": \" \", \"roles\": [\"admin\", \"superuser\"]}", Api.withKey(admin));
        assertProblem(reply, 422, "validation");
        assertThat(reply.body()).contains("\"field\":\"name\"").contains("\"rule\":\"not-blank\"");
        Api.Reply role = api.post("/v1/api-keys", "{\"name\": \"k\", \"roles\": [\"admin\", \"superuser\"]}", Api.withKey(admin));
        assertProblem(role, 422, "validation");
        assertThat(role.json().get("errors").get(0).get("field").asString()).isEqualTo("roles[1]");
        assertThat(role.json().get("errors").get(0).get("rule").asString()).isEqualTo("known-role");
    }

    @Test
    void wrongMediaTypeMethodPathAndIdAreClientErrors() {
        assertProblem(api.post("/v1/api-keys", "name=k", Api.withKey(admin, "Content-Type", "text/plain")), 415, "unsupported-media-type");
        assertProblem(api.send("PATCH", "/v1/api-keys", "{}", Api.withKey(admin)), 405, "method-not-allowed");
        assertProblem(api.get("/v1/no-such-thing", Api.withKey(admin)), 403, "forbidden"); // deny by default
        assertProblem(api.get("/v1/api-keys/" + UUID.randomUUID() + "/nothing", Api.withKey(admin)), 404, "not-found");
        Api.Reply badId = api.delete("/v1/api-keys/not-a-uuid", Api.withKey(admin));
        assertProblem(badId, 400, "bad-request");
        assertThat(badId.json().get("errors").get(0).get("field").asString()).isEqualTo("id");
        Api.Reply badLimit = api.get("/v1/audit-events?limit=5000", Api.withKey(tenant.key(Role.AUDITOR)));
        assertProblem(badLimit, 422, "validation");
        assertThat(badLimit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }

    @Test
    void aRequestTheWebServerRejectsStillGetsProblemJson() {
        HttpRequest badHeader = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/tenants/current"))
                .header("X-API-Key", admin).header("X-Padding", "p".repeat(20 * 1024)).GET().build();
        Api.Reply reply = api.send(badHeader);
        assertThat(reply.status()).isBetween(400, 431);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("tomcat");
    }

    @Test
    void anOversizedBodyIsA413WhetherDeclaredOrStreamed() {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"roles\": [\"admin\"]}";
        assertProblem(api.post("/v1/api-keys", big, Api.withKey(admin)), 413, "payload-too-large");

        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/api-keys"))
                .header("X-API-Key", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build();
        assertProblem(api.send(chunked), 413, "payload-too-large");
        assertThat(api.get("/v1/api-keys", Api.withKey(admin)).body()).doesNotContain("xxxxxxxx");
    }

    @Test
    void aRetriedCreationWithTheSameIdempotencyKeyReturnsTheFirstResultAndCreatesNothingMore() {
        String body = "{\"name\": \"retried\", \"roles\": [\"merchant\"]}";
        String key = UUID.randomUUID().toString();
        Api.Reply first = api.post("/v1/api-keys", body, Api.withKey(admin, "Idempotency-Key", key));
        Api.Reply retry = api.post("/v1/api-keys", body, Api.withKey(admin, "Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("apiKey").get("id").asString()).isEqualTo(first.json().get("apiKey").get("id").asString());
        assertThat(retry.json().get("key").asString()).isEqualTo(first.json().get("key").asString());
        long named = jdbc.sql("select count(*) from platform.api_keys where tenant_id = ? and name = 'retried'")
                .param(UUID.fromString(tenant.id())).query(Long.class).single();
        assertThat(named).isEqualTo(1);

        Api.Reply different = api.post("/v1/api-keys", "{\"name\": \"other\", \"roles\": [\"merchant\"]}",
                Api.withKey(admin, "Idempotency-Key", key));
        assertProblem(different, 422, "idempotency-key-reused");
        assertThat(different.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void theStoredIdempotentResponseDoesNotRevealTheNewKey() {
        String key = UUID.randomUUID().toString();
        Api.Reply created = api.post("/v1/api-keys", "{\"name\": \"sealed\", \"roles\": [\"psp\"]}", Api.withKey(admin, "Idempotency-Key", key));
        String secret = created.json().get("key").asString();
        String stored = jdbc.sql("select response_body from platform.idempotency_records where tenant_id = ?")
                .param(UUID.fromString(tenant.id())).query(String.class).single();
        assertThat(stored).doesNotContain(secret).doesNotContain("sealed");
        assertThat(jdbc.sql("select count(*) from platform.idempotency_records where key_hash = ?").param(key)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRefusedCreationWritesNothing() {
        String username = unique("weak");
        Api.Reply weak = api.post("/v1/users", "{\"username\": \"" + username + "\", \"password\": \"onlyletterspassword\", \"roles\": [\"analyst\"]}",
                Api.withKey(admin));
        assertProblem(weak, 422, "validation");
        assertThat(weak.json().get("errors").get(0).get("rule").asString()).isEqualTo("letters-and-digits");
        assertThat(jdbc.sql("select count(*) from platform.users where username = ?").param(username).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from platform.audit_events where event_type = 'principal.user.created' and detail like ?")
                .param(username + "%").query(Long.class).single()).isZero();

        String taken = unique("taken");
        String body = "{\"username\": \"" + taken + "\", \"password\": \"Long-enough-pass-77\", \"roles\": [\"analyst\"]}";
        assertThat(api.post("/v1/users", body, Api.withKey(admin)).status()).isEqualTo(201);
        assertProblem(api.post("/v1/users", body, Api.withKey(admin)), 409, "conflict");
    }

    @Test
    void theAuditTrailShowsRefusedRequests() {
        api.post("/v1/api-keys", "{broken", Api.withKey(admin));
        api.post("/v1/api-keys", "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}", Api.withKey(admin));
        api.get("/v1/users", Api.withKey(tenant.key(Role.MERCHANT)));
        JsonNode failures = api.get("/v1/audit-events?outcome=failure", Api.withKey(tenant.key(Role.AUDITOR))).json();
        String all = failures.toString();
        assertThat(all).contains("malformed-json").contains("payload-too-large").contains("authz.denied");
        for (JsonNode event : failures) {
            assertThat(event.get("outcome").asString()).isEqualTo("failure");
        }
    }

    @Test
    void openApiSwaggerHealthAndMetricsAreServed() {
        Api.Reply docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/v1/api-keys")).isTrue();
        assertThat(docs.json().get("paths").has("/v1/audit-events/verify")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/actuator/health").body()).contains("UP");
        Api.Reply metrics = api.get("/actuator/prometheus", Api.withKey(OPERATOR_API_KEY));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
        assertThat(api.get("/actuator/prometheus", Api.withKey(admin)).status())
                .as("instance-wide metrics are not for a customer tenant's admin").isEqualTo(403);
    }

    @Test
    void apiResponsesCarrySecurityHeaders() {
        Api.Reply reply = api.get("/v1/tenants/current", Api.withKey(admin));
        assertThat(reply.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Strict-Transport-Security")).as("HSTS is opt-in (mamori.security.hsts)").isNull();
    }

    static void assertProblem(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode body = reply.json();
        assertThat(body.get("type").asString()).isEqualTo("https://mamori.dev/problems/" + code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("title").asString()).isNotBlank();
    }
}
