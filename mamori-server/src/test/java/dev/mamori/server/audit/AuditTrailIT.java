package dev.mamori.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail is hash-chained per tenant: an auditor reads it and verifies it, and any change,
 * removal or truncation made directly in the database is reported at the first broken record.
 */
class AuditTrailIT extends IntegrationTest {
    @Autowired
    AuditCommand command;

    private TestTenant tenant;

    @BeforeEach
    void tenantWithEvents() {
        tenant = Tenants.create(api, unique("audited"));
    }

    @Test
    void anAuditorReadsTheTenantsSecurityEventsWithWhoWhatWhenOutcomeOriginAndResource() {
        api.get("/v1/api-keys", Api.withKey(tenant.key(Role.ISSUER))); // refused: issuers do not manage keys
        JsonNode events = api.get("/v1/audit-events", Api.withKey(tenant.key(Role.AUDITOR))).json();
        JsonNode denied = null;
        JsonNode created = null;
        for (JsonNode e : events) {
            if (e.get("type").asString().equals("authz.denied")) {
                denied = e;
            }
            if (e.get("type").asString().equals("credential.api_key.created")
                    && e.get("resource").asString().equals("api-key:" + tenant.keyIdByRole().get(Role.AUDITOR))) {
                created = e;
            }
        }
        assertThat(denied).isNotNull();
        assertThat(denied.get("actor").asString()).isEqualTo("api-key:" + tenant.keyIdByRole().get(Role.ISSUER));
        assertThat(denied.get("outcome").asString()).isEqualTo("failure");
        assertThat(denied.get("origin").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(denied.get("resource").asString()).isEqualTo("GET /v1/api-keys");
        assertThat(denied.get("occurredAt").asString()).isNotBlank();
        assertThat(created).isNotNull();
        assertThat(created.get("outcome").asString()).isEqualTo("success");
        assertThat(created.get("detail").asString()).contains("auditor");
    }

    @Test
    void anUntouchedChainVerifies() {
        JsonNode result = verify();
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("recordsChecked").asLong()).isGreaterThanOrEqualTo(Role.values().length);
        assertThat(result.get("firstBrokenSeq").isNull()).isTrue();
    }

    @Test
    void aChangedRecordIsReportedAsTheFirstBrokenLink() {
        int changed = jdbc.sql("update platform.audit_events set detail = 'nothing to see' where tenant_id = ? and seq = 3")
                .param(UUID.fromString(tenant.id())).update();
        assertThat(changed).isEqualTo(1);
        JsonNode result = verify();
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(3);
        assertThat(result.get("problem").asString()).contains("changed");
    }

    @Test
    void rewritingTheWholeChainWithoutThePlatformSecretIsDetected() throws Exception {
        // The attacker edits record 2, recomputes every later link and the chain head the way
        // they would if the chain were plain SHA-256 (or keyed with a key they guessed). The
        // chain is keyed with the platform secret, which is not in the database.
        UUID id = UUID.fromString(tenant.id());
        List<Map<String, Object>> rows = jdbc.sql("select * from platform.audit_events where tenant_id = ? order by seq")
                .param(id).query().listOfRows();
        String previous = (String) rows.get(0).get("hash");
        for (Map<String, Object> row : rows.subList(1, rows.size())) {
            long seq = ((Number) row.get("seq")).longValue();
            String detail = seq == 2 ? "nothing happened here" : (String) row.get("detail");
            String forged = forgedHash(previous, id, seq, row, detail);
            jdbc.sql("update platform.audit_events set detail = ?, prev_hash = ?, hash = ? where tenant_id = ? and seq = ?")
                    .params(detail, previous, forged, id, seq).update();
            previous = forged;
        }
        jdbc.sql("update platform.audit_chains set last_hash = ? where tenant_id = ?").params(previous, id).update();

        JsonNode result = verify();
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(2);
    }

    @Test
    void aTamperedValueThatIsNotEvenValidIsReportedNotAnError() {
        jdbc.sql("update platform.audit_events set actor_type = 'ROOT', outcome = 'MAYBE' where tenant_id = ? and seq = 2")
                .param(UUID.fromString(tenant.id())).update();
        JsonNode result = verify();
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(2);
        assertThat(api.get("/v1/audit-events", Api.withKey(tenant.key(Role.AUDITOR))).status()).isEqualTo(200);
    }

    @Test
    void aDeletedChainHeadIsReported() {
        jdbc.sql("delete from platform.audit_chains where tenant_id = ?").param(UUID.fromString(tenant.id())).update();
        AuditVerification result = verifier.verify(new TenantId(UUID.fromString(tenant.id())));
        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).contains("head is missing");
    }

    /** SHA-256 over the same length-prefixed fields: what an attacker without the secret can compute. */
    private static String forgedHash(String previous, UUID tenant, long seq, Map<String, Object> row, String detail) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Object occurred = row.get("occurred_at");
        long millis = occurred instanceof java.time.OffsetDateTime t ? t.toInstant().toEpochMilli()
                : ((java.sql.Timestamp) occurred).getTime();
        for (String field : new String[] {previous, tenant.toString(), Long.toString(seq), Long.toString(millis),
                (String) row.get("actor"), (String) row.get("actor_type"), (String) row.get("event_type"),
                (String) row.get("outcome"), (String) row.get("origin"), (String) row.get("resource"), detail}) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(field == null ? -1 : bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aRemovedRecordIsReported() {
        jdbc.sql("delete from platform.audit_events where tenant_id = ? and seq = 4").param(UUID.fromString(tenant.id())).update();
        JsonNode result = verify();
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(4);
        assertThat(result.get("problem").asString()).contains("missing");
    }

    @Test
    void recordsCutOffTheEndAreReported() {
        long last = jdbc.sql("select max(seq) from platform.audit_events where tenant_id = ?")
                .param(UUID.fromString(tenant.id())).query(Long.class).single();
        jdbc.sql("delete from platform.audit_events where tenant_id = ? and seq = ?").params(UUID.fromString(tenant.id()), last).update();
        AuditVerification result = verifier.verify(new TenantId(UUID.fromString(tenant.id())));
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(last);
        assertThat(result.problem()).contains("removed from the end");
    }

    @Autowired
    AuditVerifier verifier;

    @Test
    void theCommandLineVerificationNamesTheBrokenTenantAndFails() {
        jdbc.sql("update platform.audit_events set actor = 'someone else' where tenant_id = ? and seq = 5")
                .param(UUID.fromString(tenant.id())).update();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = command.verifyAll(new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(report).contains("tenant " + tenant.id() + ": BROKEN at record 5");
    }

    @Test
    void verificationItselfIsAudited() {
        verify();
        JsonNode events = api.get("/v1/audit-events?type=audit.verified", Api.withKey(tenant.key(Role.AUDITOR))).json();
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("success");
    }

    private JsonNode verify() {
        Api.Reply reply = api.post("/v1/audit-events/verify", null, Api.withKey(tenant.key(Role.AUDITOR)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }
}
