package dev.mamori.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks every endpoint × every role × own or other tenant, and proves each call is allowed or
 * refused as designed: 401 without credentials, 403 for a role that may not, 404 for another
 * tenant's data (never a hint that it exists), and the same rules for JWT bearer tokens.
 */
class AccessMatrixIT extends IntegrationTest {
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";

    /** One row of the matrix: who may call it. {@code allowed} empty means "every authenticated role". */
    record Endpoint(String method, String path, String body, Set<Role> allowed, boolean operatorOnly) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/tenants/current", null, EnumSet.allOf(Role.class), false),
            new Endpoint("POST", "/v1/tenants", "{\"name\":\"\"}", EnumSet.of(Role.ADMIN), true),
            new Endpoint("GET", "/v1/api-keys", null, EnumSet.of(Role.ADMIN), false),
            // Invalid bodies: an allowed caller gets 422 and nothing is created; a refused one gets 403 first.
            new Endpoint("POST", "/v1/api-keys", "{\"name\":\"\",\"roles\":[]}", EnumSet.of(Role.ADMIN), false),
            new Endpoint("DELETE", "/v1/api-keys/" + MISSING, null, EnumSet.of(Role.ADMIN), false),
            new Endpoint("GET", "/v1/users", null, EnumSet.of(Role.ADMIN), false),
            new Endpoint("POST", "/v1/users", "{\"username\":\"x\",\"password\":\"short\",\"roles\":[\"admin\"]}", EnumSet.of(Role.ADMIN), false),
            new Endpoint("PUT", "/v1/users/" + MISSING + "/roles", "{\"roles\":[\"analyst\"]}", EnumSet.of(Role.ADMIN), false),
            new Endpoint("POST", "/v1/users/" + MISSING + "/unlock", null, EnumSet.of(Role.ADMIN), false),
            new Endpoint("GET", "/v1/audit-events", null, EnumSet.of(Role.AUDITOR), false),
            new Endpoint("POST", "/v1/audit-events/verify", null, EnumSet.of(Role.AUDITOR), false),
            new Endpoint("GET", "/actuator/prometheus", null, EnumSet.of(Role.ADMIN), true),
            // 3-D Secure challenge enrolments and out-of-band answers: issuers and admins (bad bodies give 422, unknown ids 404).
            new Endpoint("POST", "/v1/threeds/acs/enrolments", "{\"pan\":\"123\"}", EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            new Endpoint("POST", "/v1/threeds/acs/enrolments/lookup", "{\"pan\":\"123\"}", EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            new Endpoint("GET", "/v1/threeds/acs/enrolments/" + MISSING, null, EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            new Endpoint("DELETE", "/v1/threeds/acs/enrolments/" + MISSING, null, EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            new Endpoint("DELETE", "/v1/threeds/acs/enrolments/" + MISSING + "/lockout", null, EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            new Endpoint("POST", "/v1/threeds/acs/oob/" + MISSING, "{\"approved\":true}", EnumSet.of(Role.ISSUER, Role.ADMIN), false),
            // 3-D Secure risk: the ACS policy (an empty body is refused with 422 and changes nothing) and the figures.
            new Endpoint("GET", "/v1/threeds/acs/policy", null, EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR), false),
            new Endpoint("PUT", "/v1/threeds/acs/policy", "{}", EnumSet.of(Role.ADMIN), false),
            new Endpoint("GET", "/v1/threeds/stats", null, EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR), false),
            new Endpoint("GET", "/v1/threeds/ds/card-ranges", null, EnumSet.of(Role.ADMIN, Role.AUDITOR), false),
            new Endpoint("POST", "/v1/threeds/ds/card-ranges", "{}", EnumSet.of(Role.ADMIN), false),
            new Endpoint("DELETE", "/v1/threeds/ds/card-ranges/" + MISSING, null, EnumSet.of(Role.ADMIN), false),
            new Endpoint("POST", "/v1/threeds/authentications", "{}", EnumSet.of(Role.MERCHANT, Role.PSP, Role.ACQUIRER), false),
            new Endpoint("POST", "/v1/threeds/authentications/" + MISSING + "/continue", "{}",
                    EnumSet.of(Role.MERCHANT, Role.PSP, Role.ACQUIRER), false),
            new Endpoint("GET", "/v1/threeds/authentications/" + MISSING, null,
                    EnumSet.of(Role.MERCHANT, Role.PSP, Role.ACQUIRER, Role.ANALYST, Role.ADMIN), false),
            // Deny by default: a path no rule names is refused to every role.
            new Endpoint("GET", "/v1/not-an-endpoint", null, EnumSet.noneOf(Role.class), false));

    private TestTenant a;
    private TestTenant b;

    @BeforeEach
    void twoTenants() {
        a = Tenants.create(api, unique("tenant-a"));
        b = Tenants.create(api, unique("tenant-b"));
    }

    @Test
    void everyEndpointRefusesCallsWithoutCredentialsOrWithAnUnknownKey() {
        for (Endpoint endpoint : ENDPOINTS) {
            Api.Reply anonymous = api.send(endpoint.method(), endpoint.path(), endpoint.body());
            assertThat(anonymous.status()).as("anonymous " + endpoint).isEqualTo(401);
            assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
            Api.Reply unknown = api.send(endpoint.method(), endpoint.path(), endpoint.body(), "X-API-Key", "mk_not-a-key");
            assertThat(unknown.status()).as("unknown key " + endpoint).isEqualTo(401);
        }
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void eachRoleReachesExactlyTheEndpointsDesignedForIt() {
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Role role : Role.values()) {
                Api.Reply reply = api.send(endpoint.method(), endpoint.path(), endpoint.body(), "X-API-Key", a.key(role));
                boolean allowed = endpoint.allowed().contains(role) && !endpoint.operatorOnly();
                boolean refused = reply.status() == 403;
                if (allowed == refused || reply.status() == 401 || reply.status() >= 500) {
                    mismatches.add(endpoint + " as " + role.id() + " -> " + reply.status() + (allowed ? " (should be allowed)" : " (should be 403)"));
                }
                if (refused) {
                    assertThat(reply.json().get("type").asString()).isEqualTo("https://mamori.dev/problems/forbidden");
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void insideTheOperatorTenantOnlyItsAdminsAdministerTheInstance() {
        Map<Role, String> operatorKeys = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Api.Reply key = api.post("/v1/api-keys", "{\"name\":\"operator " + role.id() + "\",\"roles\":[\"" + role.id() + "\"]}",
                    Api.withKey(OPERATOR_API_KEY));
            assertThat(key.status()).isEqualTo(201);
            operatorKeys.put(role, key.json().get("key").asString());
        }
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Role role : Role.values()) {
                Api.Reply reply = api.send(endpoint.method(), endpoint.path(), endpoint.body(), "X-API-Key", operatorKeys.get(role));
                boolean allowed = endpoint.allowed().contains(role);
                if (allowed == (reply.status() == 403) || reply.status() == 401 || reply.status() >= 500) {
                    mismatches.add(endpoint + " as operator " + role.id() + " -> " + reply.status());
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void onlyTheOperatorTenantsAdminCreatesTenants() {
        Api.Reply byOperator = api.post("/v1/tenants", "{\"name\":\"" + unique("shop") + "\"}", Api.withKey(OPERATOR_API_KEY));
        assertThat(byOperator.status()).isEqualTo(201);
        Api.Reply byTenantAdmin = api.post("/v1/tenants", "{\"name\":\"" + unique("shop") + "\"}", Api.withKey(a.adminKey()));
        assertThat(byTenantAdmin.status()).isEqualTo(403);
    }

    @Test
    void everyRoleOfAnotherTenantIsRefusedEveryResourceOfThisOne() {
        Api.Reply user = api.post("/v1/users", "{\"username\":\"" + unique("target") + "\",\"password\":\"Correct-Horse-42-Battery\",\"roles\":[\"analyst\"]}",
                Api.withKey(a.key(Role.ADMIN)));
        String userId = user.json().get("id").asString();
        String keyId = a.keyIdByRole().get(Role.MERCHANT);
        List<Endpoint> aResources = List.of(
                new Endpoint("DELETE", "/v1/api-keys/" + keyId, null, EnumSet.of(Role.ADMIN), false),
                new Endpoint("PUT", "/v1/users/" + userId + "/roles", "{\"roles\":[\"admin\"]}", EnumSet.of(Role.ADMIN), false),
                new Endpoint("POST", "/v1/users/" + userId + "/unlock", null, EnumSet.of(Role.ADMIN), false));
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : aResources) {
            for (Role role : Role.values()) {
                Api.Reply reply = api.send(endpoint.method(), endpoint.path(), endpoint.body(), "X-API-Key", b.key(role));
                // B's admin may call the endpoint but A's resource does not exist for it; B's other roles may not call it.
                int expected = endpoint.allowed().contains(role) ? 404 : 403;
                if (reply.status() != expected || reply.body().contains(a.id())) {
                    mismatches.add(endpoint + " as " + role.id() + " of another tenant -> " + reply.status() + ", expected " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        // Nothing changed in A.
        assertThat(api.get("/v1/tenants/current", Api.withKey(a.key(Role.MERCHANT))).status()).isEqualTo(200);
        assertThat(api.get("/v1/users", Api.withKey(a.key(Role.ADMIN))).body()).contains("\"roles\":[\"analyst\"]");
    }

    @Test
    void anotherTenantsKeyIsNotFoundAndKeepsWorking() {
        String aKeyId = a.keyIdByRole().get(Role.ISSUER);
        Api.Reply revoke = api.delete("/v1/api-keys/" + aKeyId, Api.withKey(b.key(Role.ADMIN)));
        assertThat(revoke.status()).isEqualTo(404);
        assertThat(revoke.body()).doesNotContain(a.id());
        assertThat(api.get("/v1/tenants/current", Api.withKey(a.key(Role.ISSUER))).json().get("id").asString()).isEqualTo(a.id());

        Api.Reply bList = api.get("/v1/api-keys", Api.withKey(b.key(Role.ADMIN)));
        assertThat(bList.status()).isEqualTo(200);
        assertThat(bList.body()).doesNotContain(aKeyId);

        // The owner can revoke it, and then it stops working at once.
        assertThat(api.delete("/v1/api-keys/" + aKeyId, Api.withKey(a.key(Role.ADMIN))).status()).isEqualTo(204);
        assertThat(api.get("/v1/tenants/current", Api.withKey(a.key(Role.ISSUER))).status()).isEqualTo(401);
    }

    @Test
    void anotherTenantsUsersCannotBeChanged() {
        Api.Reply user = api.post("/v1/users", "{\"username\":\"" + unique("alice") + "\",\"password\":\"Correct-Horse-42-Battery\",\"roles\":[\"analyst\"]}",
                Api.withKey(a.key(Role.ADMIN)));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String userId = user.json().get("id").asString();
        Api.Reply change = api.put("/v1/users/" + userId + "/roles", "{\"roles\":[\"admin\"]}", Api.withKey(b.key(Role.ADMIN)));
        assertThat(change.status()).isEqualTo(404);
        Api.Reply list = api.get("/v1/users", Api.withKey(a.key(Role.ADMIN)));
        assertThat(list.body()).contains(userId).contains("\"roles\":[\"analyst\"]");
        assertThat(api.get("/v1/users", Api.withKey(b.key(Role.ADMIN))).body()).doesNotContain(userId);
    }

    @Test
    void anAuditorSeesOnlyItsOwnTenantsTrail() {
        Api.Reply trailOfB = api.get("/v1/audit-events?limit=1000", Api.withKey(b.key(Role.AUDITOR)));
        assertThat(trailOfB.status()).isEqualTo(200);
        for (String aKeyId : a.keyIdByRole().values()) {
            assertThat(trailOfB.body()).doesNotContain(aKeyId);
        }
        assertThat(trailOfB.body()).contains(b.keyIdByRole().get(Role.AUDITOR));
    }

    @Test
    void jwtBearerTokensCarryTenantAndRoles() throws Exception {
        String auditorToken = token(a.id(), List.of("auditor"), Instant.now().plusSeconds(300), testKey());
        Api.Reply audit = api.get("/v1/audit-events", "Authorization", "Bearer " + auditorToken);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.body()).contains(a.keyIdByRole().get(Role.AUDITOR)).doesNotContain(b.keyIdByRole().get(Role.AUDITOR));

        String issuerToken = token(a.id(), List.of("issuer"), Instant.now().plusSeconds(300), testKey());
        assertThat(api.get("/v1/audit-events", "Authorization", "Bearer " + issuerToken).status()).isEqualTo(403);
        assertThat(api.get("/v1/tenants/current", "Authorization", "Bearer " + issuerToken).json().get("id").asString())
                .isEqualTo(a.id());

        String unknownTenant = token(UUID.randomUUID().toString(), List.of("auditor"), Instant.now().plusSeconds(300), testKey());
        assertThat(api.get("/v1/audit-events", "Authorization", "Bearer " + unknownTenant).status()).isEqualTo(401);
        String expired = token(a.id(), List.of("auditor"), Instant.now().minusSeconds(600), testKey());
        assertThat(api.get("/v1/audit-events", "Authorization", "Bearer " + expired).status()).isEqualTo(401);
        PrivateKey stranger = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        String forged = token(a.id(), List.of("auditor"), Instant.now().plusSeconds(300), stranger);
        assertThat(api.get("/v1/audit-events", "Authorization", "Bearer " + forged).status()).isEqualTo(401);
    }

    static String token(String tenant, List<String> roles, Instant expiry, PrivateKey key) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("service-" + tenant.substring(0, 8))
                .claim("tenant_id", tenant).claim("roles", roles)
                .issueTime(Date.from(expiry.minusSeconds(600))).expirationTime(Date.from(expiry)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static PrivateKey testKey() throws IOException, GeneralSecurityException {
        try (InputStream in = AccessMatrixIT.class.getResourceAsStream("/jwt/test-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }
}
