package dev.mamori.server.vault;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.server.TestJwts;
import dev.mamori.vault.keys.KeyCheckValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Key rotation under load, master key rotation, the key ceremony and crypto-shredding, over HTTP. */
class VaultKeysIT extends IntegrationTest {
    static final int YEAR = java.time.Year.now().getValue() + 2;

    /** Luhn-valid Visa numbers, different for each {@code i}. */
    static String visa(int i) {
        String body = "4" + String.format("%014d", 100_000_000L + i * 7919L);
        for (char check = '0'; check <= '9'; check++) {
            if (dev.mamori.common.Luhn.isValid(body + check)) {
                return body + check;
            }
        }
        throw new IllegalStateException();
    }

    static String card(String pan) {
        return "{\"pan\":\"" + pan + "\",\"expiryMonth\":7,\"expiryYear\":" + YEAR + "}";
    }

    List<String> tokenizeMany(TestTenant tenant, int count, Map<String, String> panByToken) {
        List<String> tokens = new ArrayList<>();
        for (int start = 0; start < count; start += 100) {
            StringBuilder batch = new StringBuilder("{\"cards\":[");
            int end = Math.min(count, start + 100);
            for (int i = start; i < end; i++) {
                batch.append(i == start ? "" : ",").append(card(visa(i)));
            }
            Api.Reply created = api.post("/v1/tokens/batch", batch.append("]}").toString(), withKey(tenant.key(Role.PSP)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            for (int i = start; i < end; i++) {
                String token = created.json().get("tokens").get(i - start).get("token").asString();
                tokens.add(token);
                panByToken.put(token, visa(i));
            }
        }
        return tokens;
    }

    JsonNode awaitRotation(String id, String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Api.Reply reply = api.get("/v1/vault/rotations/" + id, withKey(key));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            if (!reply.json().get("state").asString().equals("running")) {
                return reply.json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rotation " + id + " did not finish in 60 s");
    }

    @Test
    void tenantKeyRotationReEncryptsEveryCardWhileTrafficContinuesWithoutAFailure() throws Exception {
        TestTenant tenant = Tenants.create(api, unique("rotation"));
        Map<String, String> panByToken = new ConcurrentHashMap<>();
        List<String> tokens = tokenizeMany(tenant, 450, panByToken);
        UUID tenantId = UUID.fromString(tenant.id());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                int i = 0;
                while (running.get()) {
                    i++;
                    String token = tokens.get((worker * 997 + i * 31) % tokens.size());
                    Api.Reply reply = i % 3 == 0
                            ? api.post("/v1/tokens", card(visa(10_000 + worker * 10_000 + i)), withKey(tenant.key(Role.PSP)))
                            : api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"load\"}", withKey(tenant.key(Role.PSP)));
                    requests.incrementAndGet();
                    if (reply.status() >= 300) {
                        failures.add(reply.toString());
                    } else if (i % 3 != 0 && !reply.json().get("pan").asString().equals(panByToken.get(token))) {
                        failures.add("wrong card for " + token);
                    } else if (i % 3 == 0) {
                        panByToken.put(reply.json().get("token").asString(), visa(10_000 + worker * 10_000 + i));
                    }
                }
            }));
        }
        Thread.sleep(300);
        Api.Reply started = api.post("/v1/vault/keys/tenant/rotate", "", withKey(tenant.adminKey()));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.json().get("fromVersion").asInt()).isEqualTo(1);
        assertThat(started.json().get("toVersion").asInt()).isEqualTo(2);
        JsonNode finished = awaitRotation(started.json().get("id").asString(), tenant.adminKey());
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();

        assertThat(failures).as("failed requests during the rotation").isEmpty();
        assertThat(requests.get()).isGreaterThan(20);
        assertThat(finished.get("state").asString()).isEqualTo("finished");
        assertThat(finished.get("done").asLong()).isGreaterThanOrEqualTo(450);
        assertThat(jdbc.sql("select count(*) from vault.cards where tenant_id = ? and data_key_version <> 2").param(tenantId)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select version from vault.tenant_keys where tenant_id = ? and purpose = 'data'").param(tenantId)
                .query(Integer.class).list()).containsExactly(2);
        assertThat(jdbc.sql("select version from vault.tenant_keys where tenant_id = ? and purpose = 'kek'").param(tenantId)
                .query(Integer.class).list()).containsExactly(2);
        // Every card, old or new, still comes back as it went in.
        for (Map.Entry<String, String> entry : panByToken.entrySet()) {
            Api.Reply reply = api.post("/v1/tokens/" + entry.getKey() + "/detokenize", "{\"purpose\":\"check\"}", withKey(tenant.key(Role.PSP)));
            assertThat(reply.json().get("pan").asString()).isEqualTo(entry.getValue());
        }
        // Another tenant cannot watch this tenant's rotation.
        TestTenant other = Tenants.create(api, unique("other"));
        assertThat(api.get("/v1/vault/rotations/" + started.json().get("id").asString(), withKey(other.adminKey())).status()).isEqualTo(404);
        assertThat(api.post("/v1/vault/keys/tenant/rotate", "", withKey(tenant.key(Role.PSP))).status()).isEqualTo(403);
    }

    @Test
    void masterKeyRotationReWrapsEveryKekAndTheOldVersionCanThenBeDestroyed() throws Exception {
        TestTenant tenant = Tenants.create(api, unique("master"));
        Map<String, String> panByToken = new ConcurrentHashMap<>();
        String token = tokenizeMany(tenant, 1, panByToken).get(0);

        Api.Reply first = api.post("/v1/vault/keys/master/rotate", "", withKey(OPERATOR_API_KEY));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        int v1 = first.json().get("toVersion").asInt();
        assertThat(awaitRotation(first.json().get("id").asString(), OPERATOR_API_KEY).get("state").asString()).isEqualTo("finished");
        assertThat(jdbc.sql("select count(*) from vault.tenant_keys where purpose = 'kek' and wrapped_by <> ?").param(v1)
                .query(Long.class).single()).isZero();

        Api.Reply second = api.post("/v1/vault/keys/master/rotate", "", withKey(OPERATOR_API_KEY));
        int v2 = second.json().get("toVersion").asInt();
        assertThat(v2).isEqualTo(v1 + 1);
        // The version still wrapping keys cannot be destroyed; nor can the current one.
        Api.Reply inUse = api.delete("/v1/vault/keys/master/" + v2, withKey(OPERATOR_API_KEY));
        assertThat(inUse.status()).isEqualTo(409);
        awaitRotation(second.json().get("id").asString(), OPERATOR_API_KEY);
        Api.Reply destroyed = api.delete("/v1/vault/keys/master/" + v1, withKey(OPERATOR_API_KEY));
        assertThat(destroyed.status()).as(destroyed.toString()).isEqualTo(204);

        JsonNode status = api.get("/v1/vault/keys", withKey(OPERATOR_API_KEY)).json();
        assertThat(status.get("currentMasterVersion").asInt()).isEqualTo(v2);
        assertThat(status.get("masterKeys").valueStream().map(k -> k.get("version").asInt()).toList()).doesNotContain(v1).contains(v2);
        assertThat(status.toString()).doesNotContain("wrappedKey");

        Api.Reply reply = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"check\"}", withKey(tenant.key(Role.PSP)));
        assertThat(reply.json().get("pan").asString()).isEqualTo(panByToken.get(token));
        assertThat(api.post("/v1/vault/keys/master/rotate", "", withKey(tenant.adminKey())).status()).isEqualTo(403);
        assertThat(api.get("/v1/vault/keys", withKey(tenant.adminKey())).status()).isEqualTo(403);
    }

    @Test
    void aKeyCeremonyNeedsTwoDifferentPeopleAndImportsTheXorOfTheirComponents() throws Exception {
        TestTenant tenant = Tenants.create(api, unique("ceremony"));
        Map<String, String> panByToken = new ConcurrentHashMap<>();
        String token = tokenizeMany(tenant, 1, panByToken).get(0);
        String operatorTenant = api.get("/v1/tenants/current", withKey(OPERATOR_API_KEY)).json().get("id").asString();
        // Custodians are people: users of the operator tenant, here signing in with JWTs whose subject is their username.
        String aliceName = unique("custodian-alice");
        String bobName = unique("custodian-bob");
        for (String name : List.of(aliceName, bobName)) {
            Api.Reply user = api.post("/v1/users", "{\"username\":\"" + name + "\",\"password\":\"Custodian-Pass-2026\",\"roles\":[\"admin\"]}",
                    withKey(OPERATOR_API_KEY));
            assertThat(user.status()).as(user.toString()).isEqualTo(201);
        }
        String alice = TestJwts.token(aliceName, operatorTenant, List.of("admin"));
        String bob = TestJwts.token(bobName, operatorTenant, List.of("admin"));
        String nobody = TestJwts.token(unique("not-a-user"), operatorTenant, List.of("admin"));
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(a);
        new SecureRandom().nextBytes(b);
        byte[] combined = new byte[32];
        for (int i = 0; i < 32; i++) {
            combined[i] = (byte) (a[i] ^ b[i]);
        }

        assertThat(api.post("/v1/vault/ceremonies", "{\"components\":1}", withKey(OPERATOR_API_KEY)).status()).isEqualTo(422);
        Api.Reply opened = api.post("/v1/vault/ceremonies", "{\"components\":2}", withKey(OPERATOR_API_KEY));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String path = "/v1/vault/ceremonies/" + opened.json().get("id").asString() + "/components";

        Api.Reply byKey = api.post(path, component(a, KeyCheckValue.of(a)), withKey(OPERATOR_API_KEY));
        assertThat(byKey.status()).as("an API key is not a custodian").isEqualTo(403);
        Api.Reply byStranger = api.post(path, component(a, KeyCheckValue.of(a)), "Authorization", "Bearer " + nobody);
        assertThat(byStranger.status()).as("a JWT that names no user is not a custodian").isEqualTo(403);
        assertThat(byStranger.json().get("errors").get(0).get("rule").asString()).isEqualTo("person");
        Api.Reply fromAlice = api.post(path, component(a, KeyCheckValue.of(a)), "Authorization", "Bearer " + alice);
        assertThat(fromAlice.status()).as(fromAlice.toString()).isEqualTo(200);
        assertThat(fromAlice.json().get("state").asString()).isEqualTo("open");
        assertThat(fromAlice.toString()).doesNotContain(HexFormat.of().formatHex(a));
        Api.Reply aliceAgain = api.post(path, component(b, KeyCheckValue.of(b)), "Authorization", "Bearer " + alice);
        assertThat(aliceAgain.status()).isEqualTo(409);
        assertThat(aliceAgain.json().get("errors").get(0).get("rule").asString()).isEqualTo("ceremony-custodian");
        Api.Reply mistyped = api.post(path, component(b, KeyCheckValue.of(a)), "Authorization", "Bearer " + bob);
        assertThat(mistyped.status()).isEqualTo(409);
        assertThat(mistyped.json().get("errors").get(0).get("rule").asString()).isEqualTo("component-check-value");
        Api.Reply notHex = api.post(path, "{\"component\":\"xyz\",\"checkValue\":\"000000\"}", "Authorization", "Bearer " + bob);
        assertThat(notHex.status()).isEqualTo(422);

        Api.Reply fromBob = api.post(path, component(b, KeyCheckValue.of(b)), "Authorization", "Bearer " + bob);
        assertThat(fromBob.status()).as(fromBob.toString()).isEqualTo(200);
        assertThat(fromBob.json().get("state").asString()).isEqualTo("completed");
        assertThat(fromBob.json().get("custodians").valueStream().map(JsonNode::asString).toList())
                .containsExactly("user:" + aliceName, "user:" + bobName);
        assertThat(fromBob.json().get("result").get("checkValue").asString()).isEqualTo(KeyCheckValue.of(combined));
        int imported = fromBob.json().get("result").get("version").asInt();
        awaitRotation(fromBob.json().get("rotationId").asString(), OPERATOR_API_KEY);

        JsonNode status = api.get("/v1/vault/keys", withKey(OPERATOR_API_KEY)).json();
        assertThat(status.get("currentMasterVersion").asInt()).isEqualTo(imported);
        Api.Reply reply = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"check\"}", withKey(tenant.key(Role.PSP)));
        assertThat(reply.json().get("pan").asString()).isEqualTo(panByToken.get(token));
        String auditDetails = String.join("\n", jdbc.sql("select detail from platform.audit_events where event_type = 'vault.key.ceremony_component'")
                .query(String.class).list());
        assertThat(auditDetails).contains(KeyCheckValue.of(a)).doesNotContain(HexFormat.of().formatHex(a))
                .doesNotContain(HexFormat.of().formatHex(b)).doesNotContain(HexFormat.of().formatHex(combined));
    }

    static String component(byte[] key, String checkValue) {
        return "{\"component\":\"" + HexFormat.of().formatHex(key) + "\",\"checkValue\":\"" + checkValue + "\"}";
    }

    @Test
    void cryptoShreddingMakesATenantsCardsUnrecoverableEvenFromABackup() {
        TestTenant tenant = Tenants.create(api, unique("shred"));
        Map<String, String> panByToken = new ConcurrentHashMap<>();
        String token = tokenizeMany(tenant, 3, panByToken).get(0);
        UUID tenantId = UUID.fromString(tenant.id());
        // A database backup taken before the shredding: the tenant's key rows and its card rows.
        List<Map<String, Object>> keyBackup = jdbc.sql("select * from vault.tenant_keys where tenant_id = ?").param(tenantId).query().listOfRows();
        List<Map<String, Object>> backup = jdbc.sql("select * from vault.cards where tenant_id = ?").param(tenantId).query().listOfRows();
        assertThat(keyBackup).extracting(row -> row.get("purpose")).containsExactlyInAnyOrder("kek", "data", "fingerprint");

        assertThat(api.post("/v1/vault/tenants/" + tenant.id() + "/shred", "{\"confirmTenantId\":\"" + UUID.randomUUID() + "\"}",
                withKey(OPERATOR_API_KEY)).status()).isEqualTo(422);
        assertThat(api.post("/v1/vault/tenants/" + tenant.id() + "/shred", "{\"confirmTenantId\":\"" + tenant.id() + "\"}",
                withKey(tenant.adminKey())).status()).isEqualTo(403);
        Api.Reply shredded = api.post("/v1/vault/tenants/" + tenant.id() + "/shred", "{\"confirmTenantId\":\"" + tenant.id() + "\"}",
                withKey(OPERATOR_API_KEY));
        assertThat(shredded.status()).as(shredded.toString()).isEqualTo(200);
        assertThat(shredded.json().get("cardsDeleted").asLong()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from vault.tenant_keys where tenant_id = ?").param(tenantId).query(Long.class).single()).isZero();
        assertThat(api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"x\"}", withKey(tenant.key(Role.PSP))).status()).isEqualTo(404);

        // Restoring the backup brings the wrapped keys and the ciphertext back, not the cards: the
        // KEK is wrapped under the tenant's key in the master key provider too, and that is gone.
        for (Map<String, Object> row : keyBackup) {
            jdbc.sql("insert into vault.tenant_keys (tenant_id, purpose, version, wrapped_key, wrapped_by, state, created_at) "
                            + "values (?, ?, ?, ?, ?, ?, ?)")
                    .params(row.get("tenant_id"), row.get("purpose"), row.get("version"), row.get("wrapped_key"), row.get("wrapped_by"),
                            row.get("state"), row.get("created_at"))
                    .update();
        }
        for (Map<String, Object> row : backup) {
            jdbc.sql("insert into vault.cards (tenant_id, token, token_format, ciphertext, data_key_version, fingerprint, brand, bin, last4, "
                            + "pan_length, expiry_month, expiry_year, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(row.get("tenant_id"), row.get("token"), row.get("token_format"), row.get("ciphertext"), row.get("data_key_version"),
                            row.get("fingerprint"), row.get("brand"), row.get("bin"), row.get("last4"), row.get("pan_length"),
                            row.get("expiry_month"), row.get("expiry_year"), row.get("created_at"), row.get("expires_at"))
                    .update();
        }
        Api.Reply restored = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"x\"}", withKey(tenant.key(Role.PSP)));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(410);
        assertThat(restored.json().get("type").asString()).endsWith("/card-unrecoverable");
        assertThat(restored.body()).doesNotContain(panByToken.get(token));
        // The restored key rows are of no use to new cards either, until the tenant is shredded again.
        assertThat(api.post("/v1/tokens", card(visa(77)), withKey(tenant.key(Role.PSP))).status()).isEqualTo(410);
        Api.Reply again = api.post("/v1/vault/tenants/" + tenant.id() + "/shred", "{\"confirmTenantId\":\"" + tenant.id() + "\"}",
                withKey(OPERATOR_API_KEY));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("cardsDeleted").asLong()).isEqualTo(3);
        // The tenant can start again with new keys.
        Api.Reply fresh = api.post("/v1/tokens", card(visa(77)), withKey(tenant.key(Role.PSP)));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
        assertThat(api.post("/v1/tokens/" + fresh.json().get("token").asString() + "/detokenize", "{\"purpose\":\"x\"}",
                withKey(tenant.key(Role.PSP))).status()).isEqualTo(200);
    }
}
