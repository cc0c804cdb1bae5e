package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Directory Server and the 3DS Server through their real HTTP endpoints: an issuer registers a
 * card range for its BIN to a test ACS; a PSP tokenizes a card, authenticates it (frictionless, or
 * a challenge finished by the RReq through the DS) and authorizes with the result.
 */
class ThreeDsServerIT extends IntegrationTest {
    private static final int NEXT_YEAR = Year.now().getValue() + 1;

    private TestAcs acs;
    private TestTenant issuer;
    private TestTenant shop;
    private String prefix;

    @BeforeEach
    void network() throws Exception {
        acs = new TestAcs();
        issuer = Tenants.create(api, unique("issuer"));
        shop = Tenants.create(api, unique("shop"));
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(issuer.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        acs.close();
    }

    private Api.Reply registerRange(String start, String end, String methodUrl) {
        return api.post("/v1/threeds/ds/card-ranges", "{\"startRange\":\"" + start + "\",\"endRange\":\"" + end + "\",\"acsUrl\":\""
                + acs.areqUrl() + "\"" + (methodUrl == null ? "" : ",\"threeDSMethodURL\":\"" + methodUrl + "\"") + "}",
                withKey(issuer.adminKey()));
    }

    private String newPan() {
        String body = prefix + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        return body + Luhn.checkDigit(body);
    }

    /** Opens the issuer's account for the card and tokenizes it in the shop's tenant. */
    private String cardToken(String pan) {
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":500000}", withKey(issuer.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        Api.Reply token = api.post("/v1/tokens", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + "}",
                withKey(shop.key(Role.PSP)));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return token.json().get("token").asString();
    }

    private static String authentication(String token, long amount, String extra) {
        return "{\"token\":\"" + token + "\",\"amount\":" + amount + ",\"currency\":\"JPY\",\"orderId\":\"o-1\","
                + "\"merchant\":{\"id\":\"M-100\",\"name\":\"Mamori Shop\",\"mcc\":\"5411\",\"country\":\"JP\",\"acquirerBin\":\"400551\"},"
                + "\"browser\":{\"acceptHeader\":\"text/html\",\"userAgent\":\"Mozilla/5.0\",\"language\":\"ja-JP\",\"colorDepth\":24,"
                + "\"screenHeight\":900,\"screenWidth\":1440,\"timeZone\":-540,\"javaEnabled\":false,\"javascriptEnabled\":true,"
                + "\"ip\":\"192.0.2.10\"},\"returnUrl\":\"https://shop.example/return?order=o-1\"" + extra + "}";
    }

    @Test
    void aFrictionlessAuthenticationGoesFromTokenThroughTheDsAndTheAcsToTheAuthorization() {
        assertThat(registerRange(prefix, prefix, null).status()).isEqualTo(201);
        String pan = newPan();
        String token = cardToken(pan);

        Api.Reply started = api.post("/v1/threeds/authentications", authentication(token, 3000, ""), withKey(shop.key(Role.PSP)));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode a = started.json();
        assertThat(a.get("status").asString()).isEqualTo("completed");
        assertThat(a.get("transStatus").asString()).isEqualTo("Y");
        assertThat(a.get("eci").asString()).isEqualTo("05");
        assertThat(a.get("dsTransID").asString()).matches("[0-9a-f-]{36}");
        assertThat(a.get("authorization").get("authenticationValue").asString()).isEqualTo(TestAcs.VALUE);
        assertThat(started.body()).doesNotContain(pan).doesNotContain(pan.substring(6, 12));
        assertThat(acs.lastAReq.get().get("acctNumber").asString()).isEqualTo(pan);
        assertThat(acs.lastAReq.get().get("dsURL").asString()).endsWith("/threeds/ds/rreq");
        assertThat(acs.lastAReq.get().get("threeDSServerURL").asString()).endsWith("/threeds/server/rreq");

        String id = a.get("id").asString();
        Api.Reply read = api.get("/v1/threeds/authentications/" + id, withKey(shop.key(Role.MERCHANT)));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("transStatus").asString()).isEqualTo("Y");
        assertThat(api.get("/v1/threeds/authentications/" + id, withKey(issuer.key(Role.ANALYST))).status()).isEqualTo(404);

        // The result goes into the authorization as it is.
        Api.Reply authorized = api.post("/v1/authorizations", "{\"token\":\"" + token + "\",\"amount\":3000,\"currency\":\"JPY\","
                + "\"channel\":\"ec\",\"merchant\":{\"id\":\"M-100\",\"name\":\"Mamori Shop\",\"mcc\":\"5411\",\"country\":\"JP\"},"
                + "\"ec\":{\"ip\":\"192.0.2.10\",\"threeDs\":" + TestAcs.body(read.json().get("authorization")) + "}}",
                withKey(shop.key(Role.PSP)));
        assertThat(authorized.status()).as(authorized.toString()).isEqualTo(200);
        assertThat(authorized.json().get("responseCode").asString()).isNotBlank();
        Integer audited = jdbc.sql("select count(*) from platform.audit_events where tenant_id = ? and event_type = 'vault.card.detokenized' "
                + "and detail like '%3-D Secure%'").param(UUID.fromString(shop.id())).query(Integer.class).single();
        assertThat(audited).isPositive();
    }

    @Test
    void aChallengeIsFinishedByTheRReqThroughTheDsAndTheCardholderGoesBackToTheShop() throws Exception {
        assertThat(registerRange(prefix, prefix, null).status()).isEqualTo(201);
        acs.status.set("C");
        String token = cardToken(newPan());
        JsonNode a = api.post("/v1/threeds/authentications", authentication(token, 80000, ",\"challengeWindowSize\":\"03\""),
                withKey(shop.key(Role.MERCHANT))).json();
        assertThat(a.get("status").asString()).isEqualTo("challenge");
        assertThat(a.get("challenge").get("acsUrl").asString()).endsWith("/acs/challenge");
        JsonNode creq = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(a.get("challenge").get("creq").asString()));
        assertThat(creq.get("messageType").asString()).isEqualTo("CReq");
        assertThat(creq.get("challengeWindowSize").asString()).isEqualTo("03");
        assertThat(a.has("authorization")).isFalse();

        // What the ACS does after the challenge: RReq to the DS (dsURL of the AReq), relayed to the 3DS Server.
        String rreq = "{\"threeDSServerTransID\":\"" + a.get("threeDSServerTransID").asString() + "\",\"acsTransID\":\""
                + a.get("acsTransID").asString() + "\",\"dsTransID\":\"" + a.get("dsTransID").asString() + "\",\"messageType\":\"RReq\","
                + "\"messageVersion\":\"" + a.get("messageVersion").asString() + "\",\"messageCategory\":\"01\",\"interactionCounter\":\"01\","
                + ("2.2.0".equals(a.get("messageVersion").asString()) ? "\"authenticationType\":\"02\"," : "\"authenticationMethod\":[\"02\"],")
                + "\"transStatus\":\"Y\",\"eci\":\"05\",\"authenticationValue\":\"" + TestAcs.VALUE + "\"}";
        String dsUrl = acs.lastAReq.get().get("dsURL").asString();
        Api.Reply rres = api.send(HttpRequest.newBuilder(URI.create(dsUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rreq)).build());
        assertThat(rres.status()).isEqualTo(200);
        assertThat(rres.json().get("messageType").asString()).as(rres.body()).isEqualTo("RRes");
        assertThat(rres.json().get("resultsStatus").asString()).isEqualTo("01");

        JsonNode done = api.get("/v1/threeds/authentications/" + a.get("id").asString(), withKey(shop.key(Role.PSP))).json();
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("authorization").get("transStatus").asString()).isEqualTo("Y");
        assertThat(done.get("authorization").get("eci").asString()).isEqualTo("05");

        String cres = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"threeDSServerTransID\":\""
                + a.get("threeDSServerTransID").asString() + "\",\"acsTransID\":\"" + a.get("acsTransID").asString()
                + "\",\"messageType\":\"CRes\",\"messageVersion\":\"" + a.get("messageVersion").asString()
                + "\",\"transStatus\":\"Y\",\"challengeCompletionInd\":\"Y\"}").getBytes(StandardCharsets.UTF_8));
        Api.Reply page = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/server/challenge-notification"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("cres=" + URLEncoder.encode(cres, StandardCharsets.UTF_8))).build());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("https://shop.example/return?order=o-1&amp;authenticationId=" + a.get("id").asString())
                .contains("/threeds/assets/server-return.js");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        Api.Reply bad = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/server/challenge-notification"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("cres=bm90IGpzb24")).build());
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void aRangeWithA3dsMethodRunsTheMethodBeforeTheAReq() {
        assertThat(registerRange(prefix, prefix, "http://127.0.0.1:9/acs/method").status()).isEqualTo(201);
        String token = cardToken(newPan());
        JsonNode a = api.post("/v1/threeds/authentications", authentication(token, 1000, ""), withKey(shop.key(Role.PSP))).json();
        assertThat(a.get("status").asString()).isEqualTo("method");
        assertThat(a.get("method").get("url").asString()).isEqualTo("http://127.0.0.1:9/acs/method");
        String data = a.get("method").get("threeDSMethodData").asString();

        // The ACS's method page posts the data back to the 3DS Server's notification URL.
        Api.Reply notified = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/server/method-notification"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("threeDSMethodData=" + data)).build());
        assertThat(notified.status()).isEqualTo(200);
        Api.Reply continued = api.post("/v1/threeds/authentications/" + a.get("id").asString() + "/continue", "{}",
                withKey(shop.key(Role.PSP)));
        assertThat(continued.status()).as(continued.toString()).isEqualTo(200);
        assertThat(continued.json().get("transStatus").asString()).isEqualTo("Y");
        assertThat(acs.lastAReq.get().get("threeDSCompInd").asString()).isEqualTo("Y");
        Api.Reply again = api.post("/v1/threeds/authentications/" + a.get("id").asString() + "/continue", "{\"methodCompleted\":\"Y\"}",
                withKey(shop.key(Role.PSP)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.post("/v1/threeds/authentications/" + a.get("id").asString() + "/continue", "{}",
                withKey(issuer.key(Role.PSP))).status()).isEqualTo(404);
    }

    @Test
    void cardRangesAreTheIssuersOwnAndOverlapsAreRefusedNamingTheField() {
        Api.Reply created = registerRange(prefix + "0", prefix + "4", null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Reply crossing = registerRange(prefix + "3", prefix + "6", null);
        assertThat(crossing.status()).isEqualTo(422);
        assertThat(crossing.body()).contains("startRange").contains("overlap");
        Api.Reply notOurs = registerRange("5" + prefix.substring(1), "5" + prefix.substring(1), null);
        assertThat(notOurs.status()).isEqualTo(422);
        assertThat(notOurs.body()).contains("own-bin");
        Api.Reply badUrl = api.post("/v1/threeds/ds/card-ranges", "{\"startRange\":\"" + prefix + "5\",\"endRange\":\"" + prefix
                + "5\",\"acsUrl\":\"not a url\"}", withKey(issuer.adminKey()));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body()).contains("acsUrl");
        assertThat(api.post("/v1/threeds/ds/card-ranges", "{not json", withKey(issuer.adminKey())).status()).isEqualTo(400);

        String id = created.json().get("id").asString();
        assertThat(api.get("/v1/threeds/ds/card-ranges", withKey(issuer.key(Role.AUDITOR))).json().size()).isEqualTo(1);
        assertThat(api.get("/v1/threeds/ds/card-ranges", withKey(shop.adminKey())).json().size()).isZero();
        assertThat(api.delete("/v1/threeds/ds/card-ranges/" + id, withKey(shop.adminKey())).status()).isEqualTo(404);
        assertThat(api.delete("/v1/threeds/ds/card-ranges/" + id, withKey(issuer.key(Role.ISSUER))).status()).isEqualTo(403);
        assertThat(api.delete("/v1/threeds/ds/card-ranges/" + id, withKey(issuer.adminKey())).status()).isEqualTo(204);

        // PReq from this instance's 3DS Server: the issuer's BIN is listed by the demo routes once the range is gone.
        Api.Reply pres = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/ds/preq"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"messageType\":\"PReq\",\"messageVersion\":\"2.2.0\",\"threeDSServerRefNumber\":\"MAMORI-3DSS-0001\","
                                + "\"threeDSServerTransID\":\"" + UUID.randomUUID() + "\"}")).build());
        assertThat(pres.json().get("messageType").asString()).isEqualTo("PRes");
        assertThat(pres.body()).contains("\"startRange\":\"" + prefix + "0000000\"").contains("/threeds/acs/method");
    }

    @Test
    void badRequestsAndBadMessagesAreRefusedNamingTheField() {
        Api.Reply missing = api.post("/v1/threeds/authentications", "{\"amount\":100,\"currency\":\"JPY\"}", withKey(shop.key(Role.PSP)));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("token");
        // The issuer tenant's token is unknown to the shop's tenant.
        Api.Reply foreign = api.post("/v1/tokens", "{\"pan\":\"" + newPan() + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + "}",
                withKey(issuer.key(Role.ISSUER)));
        assertThat(foreign.status()).isEqualTo(201);
        Api.Reply unknown = api.post("/v1/threeds/authentications", authentication(foreign.json().get("token").asString(), 100, ""),
                withKey(shop.key(Role.PSP)));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        Api.Reply badMcc = api.post("/v1/threeds/authentications", authentication("tok_unknown", 100, "").replace("5411", "54x1"),
                withKey(shop.key(Role.PSP)));
        assertThat(badMcc.status()).isEqualTo(422);
        assertThat(badMcc.body()).contains("merchant.mcc");
        assertThat(api.post("/v1/threeds/authentications", "{nope", withKey(shop.key(Role.PSP))).status()).isEqualTo(400);
        assertThat(api.post("/v1/threeds/authentications", authentication("t", 1, ""), withKey(shop.key(Role.ANALYST))).status())
                .isEqualTo(403);

        Api.Reply erro = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/ds/areq"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"messageType\":\"AReq\"}")).build());
        assertThat(erro.status()).isEqualTo(200);
        assertThat(erro.json().get("messageType").asString()).isEqualTo("Erro");
        assertThat(erro.json().get("errorCode").asString()).isEqualTo("201");
        Api.Reply empty = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/server/rreq"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(empty.json().get("errorCode").asString()).isEqualTo("101");
        assertThat(empty.json().get("errorComponent").asString()).isEqualTo("S");
    }
}
