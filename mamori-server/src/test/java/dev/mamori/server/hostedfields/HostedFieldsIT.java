package dev.mamori.server.hostedfields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The publishable keys API and the hosted-fields endpoints over real HTTP: key CRUD and origin
 * rules, the frame page's refusals and CSP, and every refusal of the frame's tokenize endpoint
 * (key, Origin, frame session, rate limit, card validation), without a card number in any
 * response or audit record.
 */
class HostedFieldsIT extends IntegrationTest {
    private static final String SHOP = "https://shop.example";
    private static final String PAN = "4111111111111111";
    private static final Pattern SESSION = Pattern.compile("data-session=\"([^\"]+)\"");

    @Autowired
    FrameSessions sessions;

    @Autowired
    dev.mamori.vault.Vault vault;

    private TestTenant tenant;
    private final List<Api.Reply> replies = new ArrayList<>();

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("hosted"));
    }

    // --- publishable keys ----------------------------------------------------------------------

    @Test
    void anAdminCreatesListsAndRevokesPublishableKeysWithNormalisedOrigins() {
        Api.Reply created = createKey("checkout", "[\"HTTPS://Shop.Example:443\", \"http://localhost:3000\", \"http://127.0.0.1\"]");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode key = created.json();
        assertThat(key.get("key").asString()).startsWith("pk_").hasSize(46);
        assertThat(key.get("allowedOrigins").toString()).isEqualTo("[\"https://shop.example\",\"http://localhost:3000\",\"http://127.0.0.1\"]");
        assertThat(key.get("active").asBoolean()).isTrue();
        String id = key.get("id").asString();

        Api.Reply list = api.get("/v1/publishable-keys", Api.withKey(tenant.adminKey()));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(id).contains(key.get("key").asString());

        TestTenant other = Tenants.create(api, unique("other"));
        assertThat(api.delete("/v1/publishable-keys/" + id, Api.withKey(other.adminKey())).status()).as("another tenant's key").isEqualTo(404);
        assertThat(api.get("/v1/publishable-keys", Api.withKey(other.adminKey())).body()).doesNotContain(id);

        assertThat(api.delete("/v1/publishable-keys/" + id, Api.withKey(tenant.adminKey())).status()).isEqualTo(204);
        assertThat(api.delete("/v1/publishable-keys/" + id, Api.withKey(tenant.adminKey())).status()).as("already revoked").isEqualTo(404);
        JsonNode listed = api.get("/v1/publishable-keys", Api.withKey(tenant.adminKey())).json().get(0);
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.get("revokedAt").isNull()).isFalse();

        List<String> events = jdbc.sql("select concat(event_type, ' ', lower(outcome), ' ', resource) from platform.audit_events where tenant_id = ?")
                .param(UUID.fromString(tenant.id())).query(String.class).list();
        assertThat(events).contains("credential.publishable_key.created success publishable-key:" + id,
                "credential.publishable_key.revoked success publishable-key:" + id,
                "credential.publishable_key.revoked failure publishable-key:" + id);
    }

    @Test
    void onlyAdminsManagePublishableKeys() {
        for (Role role : Role.values()) {
            if (role == Role.ADMIN) {
                continue;
            }
            assertThat(api.get("/v1/publishable-keys", Api.withKey(tenant.key(role))).status()).as(role.id()).isEqualTo(403);
            Api.Reply create = api.post("/v1/publishable-keys", "{\"name\":\"x\",\"allowedOrigins\":[\"" + SHOP + "\"]}",
                    Api.withKey(tenant.key(role)));
            assertThat(create.status()).as(role.id()).isEqualTo(403);
        }
        assertThat(api.get("/v1/publishable-keys").status()).isEqualTo(401);
    }

    @Test
    void originsMustBeHttpsOrLocalAndCarryNoPath() {
        assertRefused("[\"http://shop.example\"]", "allowedOrigins[0]", "https");
        assertRefused("[\"https://shop.example/checkout\"]", "allowedOrigins[0]", "no-path");
        assertRefused("[\"https://shop.example?x=1\"]", "allowedOrigins[0]", "no-path");
        assertRefused("[\"shop.example\"]", "allowedOrigins[0]", "format");
        assertRefused("[\"https://*.shop.example\"]", "allowedOrigins[0]", "host");
        assertRefused("[\"https://user@shop.example\"]", "allowedOrigins[0]", "format");
        assertRefused("[\"https://shop.example:99999\"]", "allowedOrigins[0]", "port");
        assertRefused("[\"https://shop.example\", \"ftp://shop.example\"]", "allowedOrigins[1]", "format");
        assertRefused("[]", "allowedOrigins", "required");
        assertRefused("[\"https://shop.example; script-src *\"]", "allowedOrigins[0]", "format");
        Api.Reply name = api.post("/v1/publishable-keys", "{\"name\":\"card " + PAN + "\",\"allowedOrigins\":[\"" + SHOP + "\"]}",
                Api.withKey(tenant.adminKey()));
        assertThat(name.status()).isEqualTo(422);
        assertThat(name.body()).contains("\"rule\":\"no-card-number\"").doesNotContain(PAN);
        assertThat(api.get("/v1/publishable-keys", Api.withKey(tenant.adminKey())).json().size()).as("nothing created").isZero();
    }

    // --- the frame page --------------------------------------------------------------------------

    @Test
    void theFramePageIsServedOnlyForAnAllowedOriginAndOnlyThatOriginMayEmbedIt() {
        String key = key(SHOP);
        Api.Reply frame = frame(key, SHOP, "ja");
        assertThat(frame.status()).isEqualTo(200);
        String csp = frame.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'")
                .contains("form-action 'none'").endsWith("frame-ancestors " + SHOP).doesNotContain("unsafe-inline");
        assertThat(frame.header("X-Frame-Options")).isNull();
        assertThat(frame.header("Cache-Control")).contains("no-store");
        assertThat(frame.body()).contains("カード番号", "有効期限", "セキュリティコード")
                .contains("autocomplete=\"cc-number\"", "autocomplete=\"cc-exp\"", "autocomplete=\"cc-csc\"", "inputmode=\"numeric\"")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|style=\"");
        assertThat(frame(key, SHOP, "en").body()).contains("Card number", "Security code");

        for (String origin : List.of("https://evil.example", "https://shop.example.evil.example", "http://shop.example", "not an origin")) {
            Api.Reply refused = frame(key, origin, "ja");
            assertThat(refused.status()).as(origin).isEqualTo(403);
            assertThat(refused.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(refused.body()).doesNotContain("data-session");
        }
        assertThat(frame("pk_unknown", SHOP, "ja").status()).isEqualTo(403);
        assertThat(api.get("/hosted-fields/v1/frame").status()).isEqualTo(403);
        // Embedded by a page of Mamori's own origin, the page's scripts could read the form: refused.
        String own = "http://localhost:" + port;
        assertThat(frame(key(own), own, "ja").status()).isEqualTo(403);

        revoke(key);
        assertThat(frame(key, SHOP, "ja").status()).isEqualTo(403);
    }

    @Test
    void theShopScriptIsLongCachedWithAPublishedIntegrityAndLoadableCrossOrigin() throws Exception {
        Api.Reply script = api.get("/hosted-fields/v1/mamori-fields.js", "Origin", SHOP);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
        assertThat(script.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(script.header("Content-Type")).contains("javascript");
        byte[] bytes = script.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sri = "sha384-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-384").digest(bytes));
        JsonNode integrity = api.get("/hosted-fields/v1/integrity.json").json();
        assertThat(integrity.get("files").get("mamori-fields.js").get("integrity").asString()).isEqualTo(sri);
        assertThat(integrity.get("scriptTag").asString()).contains("integrity=\"" + sri + "\"").contains("crossorigin=\"anonymous\"");
        // The tokenize endpoint has no CORS: a cross-origin preflight is refused.
        Api.Reply preflight = api.send("OPTIONS", "/hosted-fields/v1/tokens", null, "Origin", SHOP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    // --- tokenize --------------------------------------------------------------------------------

    @Test
    void theFrameTokenizesIntoTheKeysTenantAndTheShopGetsOnlyTokenBrandLast4AndExpiry() {
        String key = key(SHOP);
        Api.Reply created = tokenize(key, session(key), SHOP, ownOrigin(), PAN, 12, nextYear(), "123");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode card = created.json();
        assertThat(card.propertyNames()).containsExactlyInAnyOrder("token", "brand", "last4", "expiryMonth", "expiryYear");
        assertThat(card.get("brand").asString()).isEqualTo("visa");
        assertThat(card.get("last4").asString()).isEqualTo("1111");
        String token = card.get("token").asString();

        JsonNode metadata = api.get("/v1/tokens/" + token, Api.withKey(tenant.key(Role.MERCHANT))).json();
        assertThat(metadata.get("brand").asString()).isEqualTo("visa");
        assertThat(metadata.get("last4").asString()).isEqualTo("1111");
        var cvc = vault.takeSecurityCode(new dev.mamori.common.TenantId(UUID.fromString(tenant.id())), token);
        assertThat(cvc).as("the security code is held in memory for the authorization").isPresent();
        assertThat(cvc.get().matches("123".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
        Api.Reply revealed = api.post("/v1/tokens/" + token + "/detokenize", "{\"purpose\":\"authorization\"}", Api.withKey(tenant.key(Role.PSP)));
        assertThat(revealed.json().get("pan").asString()).isEqualTo(PAN);

        List<String> audit = auditOf(tenant);
        assertThat(audit).anyMatch(row -> row.startsWith("vault.card.tokenized|success|publishable-key:") && row.contains("token:" + token));
        assertNoPanIn(audit);
    }

    @Test
    void theEndpointRefusesRequestsThatDidNotComeFromTheFrame() {
        String key = key(SHOP, "https://other-shop.example");
        String session = session(key);
        int year = nextYear();

        expect(tokenize(key, session, SHOP, SHOP, PAN, 12, year, "123"), 403, "origin-not-allowed", "Origin", "same-origin");
        expect(tokenize(key, session, SHOP, "https://evil.example", PAN, 12, year, "123"), 403, "origin-not-allowed", "Origin", "same-origin");
        expect(tokenize(key, session, SHOP, null, PAN, 12, year, "123"), 403, "origin-not-allowed", "Origin", "same-origin");
        expect(tokenize(key, session, "https://evil.example", ownOrigin(), PAN, 12, year, "123"), 403, "origin-not-allowed", "origin", "allowed-origins");
        expect(tokenize(key, null, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "required");
        expect(tokenize(key, "garbage", SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "malformed");
        String forged = session.substring(0, session.indexOf('.') + 1) + "AAAA" + session.substring(session.indexOf('.') + 5);
        expect(tokenize(key, forged, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "forged");
        long later = Instant.now().plusSeconds(86_400).getEpochSecond();
        String extended = later + session.substring(session.indexOf('.'));
        expect(tokenize(key, extended, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "forged");
        // A session is bound to the shop origin it was served for.
        expect(tokenize(key, session, "https://other-shop.example", ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "forged");
        UUID keyId = keyId(key);
        String expired = sessions.issue(keyId, SHOP, Instant.now().minusSeconds(1));
        expect(tokenize(key, expired, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "expired");
        String otherKey = key(SHOP);
        expect(tokenize(otherKey, session, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "frame-session-invalid", "session", "forged");
        expect(tokenize("pk_unknown", session, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "publishable-key-invalid", "publishableKey", "unknown");
        revoke(key);
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 12, year, "123"), 401, "publishable-key-invalid", "publishableKey", "revoked");

        assertThat(jdbc.sql("select count(*) from vault.cards where tenant_id = ?").param(UUID.fromString(tenant.id()))
                .query(Long.class).single()).as("no card stored").isZero();
        List<String> audit = auditOf(tenant);
        assertThat(audit).filteredOn(row -> row.startsWith("hosted_fields.refused|failure|publishable-key:")).hasSizeGreaterThanOrEqualTo(11);
        assertNoPanIn(audit);
        assertNoPanIn(replies.stream().map(Api.Reply::toString).toList());
    }

    @Test
    void cardErrorsNameTheFieldAndTheRuleWithoutRepeatingTheCardNumber() {
        String key = key(SHOP);
        String session = session(key);
        int year = nextYear();
        expect(tokenize(key, session, SHOP, ownOrigin(), "4111111111111112", 12, year, "123"), 422, "validation", "pan", "luhn");
        expect(tokenize(key, session, SHOP, ownOrigin(), "", 12, year, "123"), 422, "validation", "pan", "required");
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 12, year, "12"), 422, "validation", "cvc", "length");
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 12, year, "12a"), 422, "validation", "cvc", "digits");
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 12, year, null), 422, "validation", "cvc", "required");
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 13, year, "123"), 422, "validation", "expiryMonth", "range");
        expect(tokenize(key, session, SHOP, ownOrigin(), PAN, 1, 2020, "123"), 422, "validation", "expiry", "expired");
        expect(tokenize(key, session, SHOP, ownOrigin(), "378282246310005", 12, year, "123"), 422, "validation", "cvc", "length");
        assertNoPanIn(replies.stream().map(Api.Reply::toString).toList());
        List<String> audit = auditOf(tenant);
        assertThat(audit).anyMatch(row -> row.startsWith("request.rejected|failure|"));
        assertNoPanIn(audit);
    }

    @Test
    void moreThanTwentyAttemptsAMinuteFromOneAddressWithOneKeyGet429() {
        String key = key(SHOP);
        String session = session(key);
        int year = nextYear();
        for (int i = 0; i < 20; i++) {
            Api.Reply reply = tokenize(key, session, SHOP, ownOrigin(), "4111111111111112", 12, year, "123");
            if (reply.status() == 429) {
                // The minute turned over during the loop: the window restarted, start again.
                moreThanTwentyAttemptsAMinuteFromOneAddressWithOneKeyGet429();
                return;
            }
            assertThat(reply.status()).isEqualTo(422);
        }
        Api.Reply limited = tokenize(key, session, SHOP, ownOrigin(), PAN, 12, year, "123");
        if (limited.status() == 201) {
            return; // the minute turned over just now; the refusal path is covered by the next run
        }
        expect(limited, 429, "rate-limited", "publishableKey", "rate-limit");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        // Another key of the same shop has its own budget.
        String other = key(SHOP);
        assertThat(tokenize(other, session(other), SHOP, ownOrigin(), PAN, 12, year, "123").status()).isEqualTo(201);
        assertThat(auditOf(tenant)).filteredOn(row -> row.startsWith("hosted_fields.rate_limited|failure|")).hasSize(1);
    }

    // --- the demo shop -----------------------------------------------------------------------------

    @Test
    void theDemoShopEmbedsTheFieldsFromTheOtherLoopbackOriginAndItsServerSeesOnlyWhatIsPosted() {
        String shop = "http://localhost:" + port;
        String fields = "http://127.0.0.1:" + port;
        String key = key(shop);
        Api.Reply page = api.get("/demo/shop?key=" + key);
        assertThat(page.status()).isEqualTo(200);
        String sri = api.get("/hosted-fields/v1/integrity.json").json().get("files").get("mamori-fields.js").get("integrity").asString();
        assertThat(page.body()).contains("src=\"" + fields + "/hosted-fields/v1/mamori-fields.js\"")
                .contains("integrity=\"" + sri + "\"").contains("data-publishable-key=\"" + key + "\"").contains("支払う");
        assertThat(page.header("Content-Security-Policy")).contains("frame-src " + fields).contains("script-src 'self' " + fields)
                .doesNotContain("unsafe-inline");
        assertThat(api.get("/demo/shop?lang=en&key=pk_unknown").body()).contains("id=\"no-key\"").doesNotContain("data-publishable-key");

        Api.Reply order = api.post("/demo/shop/orders", "{\"token\":\"tok_1\",\"last4\":\"1111\"}");
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("received").get("token").asString()).isEqualTo("tok_1");
        assertThat(order.json().get("containsCardNumber").asBoolean()).isFalse();
        Api.Reply leaked = api.post("/demo/shop/orders", "{\"pan\":\"" + PAN + "\"}");
        assertThat(leaked.json().get("containsCardNumber").asBoolean()).isTrue();
        assertThat(leaked.body()).doesNotContain(PAN);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Api.Reply createKey(String name, String originsJson) {
        return api.post("/v1/publishable-keys", "{\"name\":\"" + name + "\",\"allowedOrigins\":" + originsJson + "}",
                Api.withKey(tenant.adminKey()));
    }

    private String key(String... origins) {
        Api.Reply created = createKey("shop", "[\"" + String.join("\",\"", origins) + "\"]");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asString();
    }

    private UUID keyId(String key) {
        for (JsonNode k : api.get("/v1/publishable-keys", Api.withKey(tenant.adminKey())).json()) {
            if (k.get("key").asString().equals(key)) {
                return UUID.fromString(k.get("id").asString());
            }
        }
        throw new AssertionError("key not listed");
    }

    private void revoke(String key) {
        assertThat(api.delete("/v1/publishable-keys/" + keyId(key), Api.withKey(tenant.adminKey())).status()).isEqualTo(204);
    }

    private void assertRefused(String originsJson, String field, String rule) {
        Api.Reply reply = createKey("shop", originsJson);
        assertThat(reply.status()).as(originsJson + " -> " + reply).isEqualTo(422);
        assertThat(reply.body()).as(originsJson).contains("\"field\":\"" + field + "\"").contains("\"rule\":\"" + rule + "\"");
    }

    private Api.Reply frame(String key, String origin, String locale) {
        return api.get("/hosted-fields/v1/frame?key=" + key + "&origin=" + java.net.URLEncoder.encode(origin, java.nio.charset.StandardCharsets.UTF_8)
                + "&locale=" + locale);
    }

    private String session(String key) {
        Matcher m = SESSION.matcher(frame(key, SHOP, "ja").body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String ownOrigin() {
        return "http://localhost:" + port;
    }

    private Api.Reply tokenize(String key, String session, String shopOrigin, String originHeader, String pan, int month,
                               int year, String cvc) {
        String body = "{\"publishableKey\":\"" + key + "\",\"session\":" + (session == null ? "null" : "\"" + session + "\"")
                + ",\"origin\":\"" + shopOrigin + "\",\"pan\":\"" + pan + "\",\"expiryMonth\":" + month + ",\"expiryYear\":" + year
                + ",\"cvc\":" + (cvc == null ? "null" : "\"" + cvc + "\"") + "}";
        Api.Reply reply = originHeader == null ? api.post("/hosted-fields/v1/tokens", body)
                : api.post("/hosted-fields/v1/tokens", body, "Origin", originHeader);
        replies.add(reply);
        return reply;
    }

    private static void expect(Api.Reply reply, int status, String code, String field, String rule) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("code").asString()).as(reply.toString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).isEqualTo("https://mamori.dev/problems/" + code);
        assertThat(problem.get("errors").get(0).get("field").asString()).as(reply.toString()).isEqualTo(field);
        assertThat(problem.get("errors").get(0).get("rule").asString()).as(reply.toString()).isEqualTo(rule);
    }

    private List<String> auditOf(TestTenant t) {
        return jdbc.sql("select concat(event_type, '|', lower(outcome), '|', actor, '|', coalesce(resource, ''), '|', coalesce(detail, '')) "
                        + "from platform.audit_events where tenant_id = ? order by seq")
                .param(UUID.fromString(t.id())).query(String.class).list();
    }

    private static void assertNoPanIn(List<String> texts) {
        for (String text : texts) {
            String digits = text.replaceAll("[^0-9]", "");
            assertThat(digits).as(text).doesNotContain(PAN).doesNotContain("4111111111111112").doesNotContain("378282246310005");
        }
    }

    private static int nextYear() {
        return Year.now().getValue() + 1;
    }
}
