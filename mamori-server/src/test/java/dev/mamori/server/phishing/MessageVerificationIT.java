package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.phishing.mail.MessageAuthenticatorTest;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/phishing/messages/verify} with every lookup answered by the tests' unbound. */
class MessageVerificationIT extends IntegrationTest {
    static final String GENUINE = MessageAuthenticatorTest.RFC8463.replace("\n", "\r\n");
    Tenants.TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("mail"));
    }

    Api.Reply verify(Role role, Map<String, Object> body) {
        return api.post("/v1/phishing/messages/verify", JsonMapper.builder().build().writeValueAsString(body), withKey(tenant.key(role)));
    }

    static Map<String, Object> request(String ip, String helo, String mailFrom, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ip", ip);
        body.put("helo", helo);
        body.put("mailFrom", mailFrom);
        body.put("message", message);
        return body;
    }

    @Test
    void aGenuineSignedMessagePassesSpfBothDkimSignaturesAndDmarc() {
        Api.Reply reply = verify(Role.ANALYST, request("192.0.2.25", "mx.football.example.com", "joe@football.example.com", GENUINE));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.get("fromDomain").asString()).isEqualTo("football.example.com");
        assertThat(json.at("/spf/result").asString()).isEqualTo("pass");
        assertThat(json.at("/spf/identity").asString()).isEqualTo("mailfrom");
        assertThat(json.get("dkim")).hasSize(2);
        assertThat(json.at("/dkim/0/result").asString()).isEqualTo("pass");
        assertThat(json.at("/dkim/0/algorithm").asString()).isEqualTo("ed25519-sha256");
        assertThat(json.at("/dkim/1/result").asString()).isEqualTo("pass");
        assertThat(json.at("/dmarc/result").asString()).isEqualTo("pass");
        assertThat(json.at("/dmarc/requestedPolicy").asString()).isEqualTo("reject");
        assertThat(json.get("authenticationResults").asString()).startsWith("mamori; spf=pass").contains("dmarc=pass");
    }

    @Test
    void aRawSpoofedMessageFailsDmarcWithTheDomainsRejectPolicy() {
        String spoof = GENUINE.replace("We lost the game", "Your card is suspended, log in at hxxp://fake.example");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/phishing/messages/verify?ip=198.18.0.9&helo=fake.example&mailFrom=joe@football.example.com"))
                .header("X-API-Key", tenant.key(Role.MERCHANT)).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofString(spoof, StandardCharsets.UTF_8)).build();
        Api.Reply reply = api.send(request);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().at("/spf/result").asString()).isEqualTo("fail");
        assertThat(reply.json().at("/dkim/0/result").asString()).isEqualTo("fail");
        assertThat(reply.json().at("/dmarc/result").asString()).isEqualTo("fail");
        assertThat(reply.json().at("/dmarc/disposition").asString()).isEqualTo("reject");
    }

    @Test
    void aMessageOverTheApiLimitButUnderTheUploadLimitIsChecked() {
        String big = GENUINE.replace("Joe.", "Joe.\r\n" + "x".repeat(76) .concat("\r\n").repeat(2_000));
        Map<String, Object> body = request("192.0.2.25", "h", "joe@football.example.com", null);
        body.remove("message");
        body.put("messageBase64", Base64.getEncoder().encodeToString(big.getBytes(StandardCharsets.US_ASCII)));
        Api.Reply reply = verify(Role.ISSUER, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        // The body was changed after signing: the signatures no longer cover it, SPF still aligns.
        assertThat(reply.json().at("/dkim/0/result").asString()).isEqualTo("fail");
        assertThat(reply.json().at("/dmarc/result").asString()).isEqualTo("pass");
        Api.Reply other = api.post("/v1/lists", "{\"kind\":\"ip\",\"list\":\"block\",\"value\":\"" + "1".repeat(100_000) + "\"}",
                withKey(tenant.key(Role.ANALYST)));
        assertThat(other.status()).as("other endpoints keep the API limit").isEqualTo(413);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndTheRule() {
        assertRefused(request("mail.example.com", "h", "a@b.test", GENUINE), "ip", "ip-address");
        assertRefused(request("192.0.2.1", "h", "no-at-sign", GENUINE), "mailFrom", "reverse-path");
        assertRefused(request("192.0.2.1", "h", "a@b.test", null), "message", "required");
        assertRefused(request("192.0.2.1", "h", "a@b.test", "Subject: no author\r\n\r\nbody"), "message", "from-missing");
        assertRefused(request("192.0.2.1", "h", "a@b.test", "not a message at all"), "message", "header-fields");
        Map<String, Object> badBase64 = request("192.0.2.1", "h", "a@b.test", null);
        badBase64.put("messageBase64", "***");
        assertRefused(badBase64, "messageBase64", "base64");
        Api.Reply malformed = api.post("/v1/phishing/messages/verify", "{\"ip\": ", withKey(tenant.key(Role.ANALYST)));
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
    }

    void assertRefused(Map<String, Object> body, String field, String rule) {
        Api.Reply reply = verify(Role.ANALYST, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo(field);
        assertThat(reply.json().at("/errors/0/rule").asString()).isEqualTo(rule);
    }

    @Test
    void anAuditorMayNotUseItAndAnonymousCallersAreRefused() {
        assertThat(verify(Role.AUDITOR, request("192.0.2.25", "h", "joe@football.example.com", GENUINE)).status()).isEqualTo(403);
        assertThat(api.post("/v1/phishing/messages/verify", "{}").status()).isEqualTo(401);
    }
}
