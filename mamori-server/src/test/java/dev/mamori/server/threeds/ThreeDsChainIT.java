package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static dev.mamori.server.threeds.AcsIT.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.acs.AcsSigningKey;
import dev.mamori.threeds.acs.TestSdk;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import dev.mamori.threeds.ds.DeviceDataKey;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole 3-D Secure chain with the real parts wired together and no test doubles: the merchant's
 * 3DS Server API, the Directory Server (demo routes from the issuer's BIN routes), the issuer's ACS
 * with its real risk decision, e-mail OTP challenges (a real SMTP server) and authentication values,
 * and the authorization host that verifies them. Everything is driven over HTTP as a merchant, a
 * cardholder's browser, a 3DS Server or a DS would.
 */
class ThreeDsChainIT extends IntegrationTest {
    static final int NEXT_YEAR = Year.now().getValue() + 1;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([A-Za-z]+)\" value=\"([^\"]*)\"");
    static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*? action=\"([^\"]*)\"");
    static final String POLICY = "{\"frictionlessBelow\":300,\"refuseAt\":900,\"lowValueLimits\":{\"JPY\":3000},"
            + "\"lowValueMaxConsecutive\":5,\"traBelow\":150,\"traLimits\":{\"JPY\":30000},\"maxChallengesPerDay\":20,"
            + "\"nonPaymentSupported\":true,\"threeRiSupported\":true,\"honourRequestorExemptions\":true,\"confidenceReasons\":true}";

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestMailbox.shared().register(registry);
    }

    @Autowired
    AcsSigningKey signingKey;
    @Autowired
    Acs acs;
    @Autowired
    DeviceDataKey deviceDataKey;

    TestTenant issuer;
    TestTenant shop;
    String visa;
    String mastercard;
    int serial;
    int trace;

    @BeforeEach
    void network() {
        issuer = Tenants.create(api, unique("chain-issuer"));
        shop = Tenants.create(api, unique("chain-shop"));
        visa = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        mastercard = "5" + (1 + ThreadLocalRandom.current().nextInt(5)) + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        for (String prefix : new String[] {visa, mastercard}) {
            Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(issuer.adminKey()));
            assertThat(route.status()).as(route.toString()).isEqualTo(201);
        }
        Api.Reply riskPolicy = api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,"
                + "\"issuerCountry\":\"JP\"}", withKey(issuer.adminKey()));
        assertThat(riskPolicy.status()).as(riskPolicy.toString()).isEqualTo(200);
        Api.Reply policy = api.put("/v1/threeds/acs/policy", POLICY, withKey(issuer.adminKey()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ cards, enrolments, tokens

    String newPan(String prefix) {
        serial++;
        String body = prefix + String.format("%06d", (serial * 7919 + ThreadLocalRandom.current().nextInt(1000)) % 1_000_000);
        return body + Luhn.checkDigit(body);
    }

    record Card(String pan, String id, String email, String token) {
    }

    Card card(String prefix) {
        String pan = newPan(prefix);
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":1000000}", withKey(issuer.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        String email = "holder-" + UUID.randomUUID().toString().substring(0, 8) + "@example.jp";
        Api.Reply enrolled = api.post("/v1/threeds/acs/enrolments", "{\"pan\":\"" + pan + "\",\"email\":\"" + email + "\"}",
                withKey(issuer.key(Role.ISSUER)));
        assertThat(enrolled.status()).as(enrolled.toString()).isIn(200, 201);
        Api.Reply token = api.post("/v1/tokens", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + "}",
                withKey(shop.key(Role.PSP)));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return new Card(pan, opened.json().get("id").asString(), email, token.json().get("token").asString());
    }

    static String authentication(String token, long amount, String extra) {
        return "{\"token\":\"" + token + "\",\"amount\":" + amount + ",\"currency\":\"JPY\",\"orderId\":\"o-1\","
                + "\"merchant\":{\"id\":\"M-100\",\"name\":\"Mamori Shop\",\"mcc\":\"5411\",\"country\":\"JP\",\"acquirerBin\":\"400551\"},"
                + "\"browser\":{\"acceptHeader\":\"text/html\",\"userAgent\":\"Mozilla/5.0\",\"language\":\"ja-JP\",\"colorDepth\":24,"
                + "\"screenHeight\":900,\"screenWidth\":1440,\"timeZone\":-540,\"javaEnabled\":false,\"javascriptEnabled\":true,"
                + "\"ip\":\"192.0.2.10\"},\"returnUrl\":\"https://shop.example/return?order=o-1\",\"skipMethod\":true" + extra + "}";
    }

    JsonNode authenticate(String body) {
        Api.Reply started = api.post("/v1/threeds/authentications", body, withKey(shop.key(Role.PSP)));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json();
    }

    JsonNode result(JsonNode authentication) {
        Api.Reply read = api.get("/v1/threeds/authentications/" + authentication.get("id").asString(), withKey(shop.key(Role.MERCHANT)));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        return read.json();
    }

    Api.Reply authorize(Card card, long amount, JsonNode threeDs) {
        trace++;
        Api.Reply reply = api.post("/v1/authorizations", "{\"token\":\"" + card.token() + "\",\"amount\":" + amount + ",\"currency\":\"JPY\","
                + "\"channel\":\"ec\",\"stan\":\"" + String.format("%06d", trace) + "\",\"rrn\":\"CH" + String.format("%010d", trace)
                + "\",\"merchant\":{\"id\":\"M-100\",\"terminalId\":\"T0000001\",\"name\":\"Mamori Shop\",\"mcc\":\"5411\",\"country\":\"JP\"},"
                + "\"ec\":{\"ip\":\"192.0.2.10\",\"threeDs\":" + threeDs + "}}", withKey(shop.key(Role.PSP)));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    JsonNode logged(Api.Reply decision) {
        String id = decision.json().get("id").asString();
        Api.Reply got = api.get("/v1/authorizations/" + id, withKey(shop.key(Role.ANALYST)));
        if (got.status() == 404) {
            got = api.get("/v1/authorizations/" + id, withKey(issuer.key(Role.ANALYST)));
        }
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        return got.json();
    }

    JsonNode acsRow(String acsTransId) {
        return JsonNodeFactory.instance.objectNode().put("state", jdbc.sql("select state from threeds.acs_transactions where acs_trans_id = ?")
                .param(acsTransId).query(String.class).single());
    }

    // ------------------------------------------------------------------ browser

    HttpResponse<String> form(String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = url.startsWith("http") ? URI.create(url) : URI.create("http://localhost:" + port + url);
        return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "ja")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> hidden(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return out;
    }

    static String formAction(String html) {
        Matcher m = FORM_ACTION.matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    // ------------------------------------------------------------------ (a) frictionless

    @Test
    void frictionlessVisaAndMastercardAreAuthenticatedAndTheHostVerifiesTheValue() {
        for (String[] brand : new String[][] {{visa, "05"}, {mastercard, "02"}}) {
            Card card = card(brand[0]);
            JsonNode a = authenticate(authentication(card.token(), 2500, ""));
            assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("completed");
            assertThat(a.get("transStatus").asString()).isEqualTo("Y");
            assertThat(a.get("eci").asString()).isEqualTo(brand[1]);
            assertThat(a.toString()).doesNotContain(card.pan());
            JsonNode authorization = result(a).get("authorization");
            assertThat(authorization.get("authenticationValue").asString()).hasSize(28);
            assertThat(authorization.get("eci").asString()).isEqualTo(brand[1]);
            assertThat(acsRow(a.get("acsTransID").asString()).get("state").asString()).isEqualTo("frictionless");

            Api.Reply approved = authorize(card, 2500, authorization);
            assertThat(approved.json().get("responseCode").asString()).as(approved.toString()).isEqualTo("00");
            JsonNode view = logged(approved);
            assertThat(view.get("threeDsValueCheck").asString()).isEqualTo("valid");
            assertThat(view.get("liabilityShift").asBoolean()).isTrue();
        }
    }

    // ------------------------------------------------------------------ (b) challenge

    @Test
    void anOtpChallengeByFormPostsEndsYThroughTheRReqAndItsValueApprovesOnce() throws Exception {
        Card card = card(visa);
        int mails = TestMailbox.shared().count(card.email());
        JsonNode a = authenticate(authentication(card.token(), 48_000, ",\"challengePreference\":\"challenge\",\"challengeWindowSize\":\"05\""));
        assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("challenge");
        assertThat(a.has("authorization")).isFalse();
        String acsTransId = a.get("acsTransID").asString();

        // The merchant page posts the CReq to the ACS as the cardholder's browser.
        HttpResponse<String> page = form(a.get("challenge").get("acsUrl").asString(), fields("creq", a.get("challenge").get("creq").asString()));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"otp\"");
        String action = formAction(page.body());
        String otp = TestMailbox.shared().awaitOtp(card.email(), mails);
        String wrongOtp = otp.equals("000000") ? "111111" : "000000";

        HttpResponse<String> wrong = form(action, fields("action", "answer", "otp", wrongOtp));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("id=\"otp\"").contains("残り 2 回");
        assertThat(result(a).get("status").asString()).isEqualTo("challenge");

        HttpResponse<String> done = form(action, fields("action", "answer", "otp", otp));
        assertThat(done.statusCode()).isEqualTo(200);
        String notificationUrl = formAction(done.body());
        assertThat(notificationUrl).isEqualTo("http://localhost:" + port + "/threeds/server/challenge-notification");
        Map<String, String> posted = hidden(done.body());
        ThreeDsMessage cres = ChallengeEncoding.decode(posted.get("cres"));
        assertThat(cres.type()).isEqualTo(MessageType.CRes);
        assertThat(cres.text("transStatus")).isEqualTo("Y");

        // The RReq reached the 3DS Server through the DS before the CRes came back to the merchant.
        JsonNode completed = result(a);
        assertThat(completed.get("status").asString()).as(completed.toString()).isEqualTo("completed");
        assertThat(completed.get("transStatus").asString()).isEqualTo("Y");
        assertThat(completed.get("authorization").get("eci").asString()).isEqualTo("05");
        assertThat(completed.get("authorization").get("authenticationValue").asString()).hasSize(28);
        assertThat(acsRow(acsTransId).get("state").asString()).isEqualTo("completed");
        assertThat(jdbc.sql("select rreq_status from threeds.acs_transactions where acs_trans_id = ?").param(acsTransId)
                .query(String.class).single()).isEqualTo("sent");

        HttpResponse<String> back = form(notificationUrl, posted);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("https://shop.example/return?order=o-1&amp;authenticationId=" + a.get("id").asString());

        Api.Reply approved = authorize(card, 48_000, completed.get("authorization"));
        assertThat(approved.json().get("responseCode").asString()).as(approved.toString()).isEqualTo("00");
        assertThat(logged(approved).get("liabilityShift").asBoolean()).isTrue();

        Api.Reply replayed = authorize(card, 48_000, completed.get("authorization"));
        assertThat(replayed.json().get("responseCode").asString()).as(replayed.toString()).isEqualTo("59");
        assertThat(logged(replayed).get("threeDsValueCheck").asString()).isEqualTo("replayed");
    }

    /**
     * Decoupled: the merchant allows it, the card's preferred method is the issuer's app, so the ACS asks
     * the app at once and answers D; the cardholder approves in the app (the issuer's backend calls the
     * ACS), the ACS's job sends the RReq through the DS, and the 3DS Server's result authorizes.
     */
    @Test
    void aDecoupledAuthenticationApprovedInTheIssuersAppEndsYThroughTheRReq() throws Exception {
        Card card = card(visa);
        Api.Reply oob = api.post("/v1/threeds/acs/enrolments", "{\"pan\":\"" + card.pan() + "\",\"oobDevice\":\"app-registration-"
                + UUID.randomUUID().toString().substring(0, 8) + "\"}", withKey(issuer.key(Role.ISSUER)));
        assertThat(oob.status()).as(oob.toString()).isEqualTo(200);
        assertThat(api.post("/v1/threeds/authentications", authentication(card.token(), 48_000, ",\"decoupledMaxMinutes\":0"),
                withKey(shop.key(Role.PSP))).json().get("errors").get(0).get("field").asString()).isEqualTo("decoupledMaxMinutes");

        JsonNode a = authenticate(authentication(card.token(), 48_000, ",\"challengePreference\":\"challenge\",\"decoupledMaxMinutes\":30"));
        assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("decoupled");
        assertThat(a.has("challenge")).isFalse();
        String acsTransId = a.get("acsTransID").asString();
        acs.expire(Instant.now());
        assertThat(result(a).get("status").asString()).as("no verdict from the app yet").isEqualTo("decoupled");

        Api.Reply approved = api.post("/v1/threeds/acs/oob/" + acsTransId, "{\"approved\":true}", withKey(issuer.key(Role.ISSUER)));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        // What the scheduled job does on its next run.
        acs.expire(Instant.now());

        JsonNode completed = result(a);
        assertThat(completed.get("status").asString()).as(completed.toString()).isEqualTo("completed");
        assertThat(completed.get("transStatus").asString()).isEqualTo("Y");
        assertThat(completed.get("authorization").get("eci").asString()).isEqualTo("05");
        assertThat(jdbc.sql("select ares_status || final_status || ' ' || state || ' ' || rreq_status from threeds.acs_transactions "
                + "where acs_trans_id = ?").param(acsTransId).query(String.class).single()).isEqualTo("DY completed sent");
        Api.Reply authorized = authorize(card, 48_000, completed.get("authorization"));
        assertThat(authorized.json().get("responseCode").asString()).as(authorized.toString()).isEqualTo("00");
        assertThat(logged(authorized).get("liabilityShift").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ (c) refused

    @Test
    void aStolenCardIsRefusedWithoutAValue() {
        Card card = card(visa);
        Api.Reply stolen = api.send("PATCH", "/v1/cards/" + card.id(), "{\"status\":\"stolen\"}", withKey(issuer.key(Role.ANALYST)));
        assertThat(stolen.status()).as(stolen.toString()).isEqualTo(200);
        JsonNode a = authenticate(authentication(card.token(), 2500, ""));
        assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("completed");
        assertThat(a.get("transStatus").asString()).isEqualTo("R");
        assertThat(a.get("transStatusReason").asString()).isEqualTo("10");
        assertThat(a.has("authenticationValue") && !a.get("authenticationValue").isNull()).isFalse();
        JsonNode authorization = result(a).path("authorization");
        assertThat(authorization.path("authenticationValue").isMissingNode() || authorization.path("authenticationValue").isNull()).isTrue();
        assertThat(acsRow(a.get("acsTransID").asString()).get("state").asString()).isEqualTo("rejected");
    }

    // ------------------------------------------------------------------ (d) timed out

    @Test
    void aChallengeThatTimesOutEndsWithReason14AndNoValue() throws Exception {
        Card card = card(visa);
        JsonNode a = authenticate(authentication(card.token(), 48_000, ",\"challengePreference\":\"challenge\""));
        assertThat(a.get("status").asString()).as(a.toString()).isEqualTo("challenge");
        HttpResponse<String> page = form(a.get("challenge").get("acsUrl").asString(), fields("creq", a.get("challenge").get("creq").asString()));
        assertThat(page.statusCode()).isEqualTo(200);

        // What the scheduled job does, at a time past every limit.
        assertThat(acs.expire(Instant.now().plus(Duration.ofHours(1)))).isPositive();

        JsonNode done = result(a);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("transStatus").asString()).isIn("N", "U");
        assertThat(done.get("transStatusReason").asString()).isEqualTo("14");
        assertThat(done.path("authorization").path("authenticationValue").isMissingNode()
                || done.path("authorization").path("authenticationValue").isNull()).isTrue();
        assertThat(acsRow(a.get("acsTransID").asString()).get("state").asString()).isEqualTo("timed-out");
    }

    // ------------------------------------------------------------------ (e) 3RI and non-payment

    @Test
    void threeRiAndNonPaymentAreAnsweredAndThePolicyCanRefuseThem() {
        Card card = card(visa);
        JsonNode threeRi = authenticate(authentication(card.token(), 2500, ",\"channel\":\"3ri\""));
        assertThat(threeRi.get("status").asString()).as(threeRi.toString()).isEqualTo("completed");
        assertThat(threeRi.get("transStatus").asString()).isEqualTo("Y");
        JsonNode nonPayment = authenticate(authentication(card.token(), 2500, ",\"category\":\"non-payment\""));
        assertThat(nonPayment.get("status").asString()).as(nonPayment.toString()).isEqualTo("completed");
        assertThat(nonPayment.get("transStatus").asString()).isEqualTo("Y");
        assertThat(jdbc.sql("select message_category from threeds.acs_transactions where acs_trans_id = ?")
                .param(nonPayment.get("acsTransID").asString()).query(String.class).single()).isEqualTo("02");
        assertThat(jdbc.sql("select device_channel from threeds.acs_transactions where acs_trans_id = ?")
                .param(threeRi.get("acsTransID").asString()).query(String.class).single()).isEqualTo("03");

        Api.Reply stricter = api.put("/v1/threeds/acs/policy", POLICY.replace("\"nonPaymentSupported\":true", "\"nonPaymentSupported\":false")
                .replace("\"threeRiSupported\":true", "\"threeRiSupported\":false"), withKey(issuer.adminKey()));
        assertThat(stricter.status()).as(stricter.toString()).isEqualTo(200);
        JsonNode refused3ri = authenticate(authentication(card.token(), 2500, ",\"channel\":\"3ri\""));
        assertThat(refused3ri.get("transStatus").asString()).as(refused3ri.toString()).isEqualTo("N");
        assertThat(refused3ri.get("transStatusReason").asString()).isEqualTo("21");
        JsonNode refusedNpa = authenticate(authentication(card.token(), 2500, ",\"category\":\"non-payment\""));
        assertThat(refusedNpa.get("transStatus").asString()).as(refusedNpa.toString()).isEqualTo("N");
        assertThat(refusedNpa.get("transStatusReason").asString()).isEqualTo("20");
        assertThat(refusedNpa.path("authenticationValue").isMissingNode() || refusedNpa.path("authenticationValue").isNull()).isTrue();
    }

    // ------------------------------------------------------------------ raw protocol

    static final Path MESSAGE_EXAMPLES = Path.of("..", "mamori-threeds", "src", "test", "resources", "dev", "mamori", "threeds", "message",
            "examples");

    static ObjectNode json(Path file) throws Exception {
        return (ObjectNode) JsonMapper.shared().readTree(Files.readString(file));
    }

    static ObjectNode publicExample(String name) throws Exception {
        try (var in = ThreeDsChainIT.class.getResourceAsStream("public-examples/" + name)) {
            return (ObjectNode) JsonMapper.shared().readTree(in);
        }
    }

    /** As a 3DS Server puts it on the wire: fresh ids, this test's card, a current date, a future expiry. */
    ObjectNode onTheWire(ObjectNode areq, String version, String pan) {
        ObjectNode a = areq.deepCopy();
        a.put("messageVersion", version);
        a.put("acctNumber", pan);
        a.put("cardExpiryDate", String.format("%02d12", NEXT_YEAR % 100));
        a.put("threeDSServerTransID", UUID.randomUUID().toString());
        a.put("threeDSServerRefNumber", "MAMORI-3DSS-0001");
        a.put("threeDSServerURL", "http://localhost:" + port + "/threeds/server/rreq");
        a.put("threeDSRequestorID", "MAMORI-REQ-0001");
        a.put("threeDSRequestorName", "Mamori Chain Test");
        if (a.has("purchaseDate")) {
            a.put("purchaseDate", DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        }
        if (a.has("sdkTransID")) {
            a.put("sdkTransID", UUID.randomUUID().toString());
            // A real SDK's ephemeral P-256 key: the ACS agrees the challenge channel's key with it.
            new TestSdk(null).putInto(a);
            // And the device data it gathered, encrypted to the DS's key (the examples carry a placeholder).
            a.put("sdkEncData", sdkEncData(deviceDataKey.certificate().getPublicKey()));
        }
        return a;
    }

    /** Device data as a 3DS SDK sends it: a JWE (RSA-OAEP-256, A128CBC-HS256) to {@code dsKey}. */
    static String sdkEncData(PublicKey dsKey) {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128CBC_HS256),
                new Payload("{\"DV\":\"1.0\",\"DD\":{\"C001\":\"Android\",\"C005\":\"ja-JP\"},\"DPNA\":{},\"SW\":[]}"));
        try {
            jwe.encrypt(new RSAEncrypter((RSAPublicKey) dsKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwe.serialize();
    }

    /** As the DS forwards it to the ACS. */
    static ObjectNode fromTheDs(ObjectNode areq) {
        ObjectNode a = areq.deepCopy();
        a.put("dsTransID", UUID.randomUUID().toString());
        a.put("dsReferenceNumber", "MAMORI-DS-0001");
        a.put("dsURL", "https://ds.example.jp/threeds/ds/rreq");
        if (a.has("sdkEncData")) {
            a.set("deviceInfo", a.remove("sdkEncData"));
        }
        return a;
    }

    ThreeDsMessage post(String path, byte[] body) throws Exception {
        HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).as(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return ThreeDsMessage.parse(reply.body());
    }

    /** A correct ARes for the AReq: valid, the ids echoed, ECI and value exactly with Y/A, acsURL with C (browser). */
    static void assertAnswers(ObjectNode areq, ThreeDsMessage ares) throws Exception {
        assertThat(ares.type()).as(ares.json().toString()).isEqualTo(MessageType.ARes);
        DeviceChannel channel = DeviceChannel.fromCode(areq.get("deviceChannel").asString());
        MessageValidator.validate(ares, MessageType.ARes, MessageValidator.Context.of(channel,
                MessageCategory.fromCode(areq.get("messageCategory").asString())));
        assertThat(ares.version()).isEqualTo(areq.get("messageVersion").asString());
        assertThat(ares.text("threeDSServerTransID")).isEqualTo(areq.get("threeDSServerTransID").asString());
        if (areq.has("dsTransID")) {
            assertThat(ares.text("dsTransID")).isEqualTo(areq.get("dsTransID").asString());
        } else {
            assertThat(ares.text("dsTransID")).matches("[0-9a-f-]{36}");
        }
        if (areq.has("sdkTransID")) {
            assertThat(ares.text("sdkTransID")).isEqualTo(areq.get("sdkTransID").asString());
        }
        assertThat(ares.text("acsTransID")).matches("[0-9a-f-]{36}");
        String status = ares.text("transStatus");
        boolean authenticated = "Y".equals(status) || "A".equals(status);
        boolean payment = "01".equals(areq.get("messageCategory").asString());
        assertThat(ares.has("authenticationValue")).as("value with %s", status).isEqualTo(authenticated);
        assertThat(ares.has("eci")).as("ECI with %s", status).isEqualTo(authenticated && payment || authenticated && ares.has("eci"));
        if (authenticated && payment) {
            assertThat(ares.text("eci")).isIn("05", "06", "02", "01");
        }
        assertThat(ares.has("acsURL")).as("acsURL with %s", status).isEqualTo("C".equals(status) && channel == DeviceChannel.BROWSER);
        assertThat(ares.toString()).doesNotContain(areq.get("acctNumber").asString());
    }

    @Test
    void publicAndStoredExampleAReqsAreAnsweredCorrectlyByTheDsAndTheAcs() throws Exception {
        // name -> {example, version it is sent in}
        Map<String, Object[]> examples = new LinkedHashMap<>();
        examples.put("3dsecure.io browser", new Object[] {publicExample("3dsecure-io-browser-areq.json"), "2.2.0"});
        examples.put("3dsecure.io 3RI", new Object[] {publicExample("3dsecure-io-3ri-areq.json"), "2.2.0"});
        for (String name : new String[] {"areq-browser", "areq-app", "areq-3ri"}) {
            for (String version : new String[] {"2.2.0", "2.3.1"}) {
                examples.put(name + "-" + version, new Object[] {json(MESSAGE_EXAMPLES.resolve(name + "-" + version + ".json")), version});
            }
        }
        // The public 3RI example is a 2.1.0 one: in 2.2.0 a recurring 3RI (threeRIInd 01) must carry the
        // purchase and the recurrence, and both the DS and the ACS say exactly which are missing.
        ObjectNode published3ri = onTheWire((ObjectNode) examples.get("3dsecure.io 3RI")[0], "2.2.0", newPan(visa));
        String missing = "purchaseAmount,purchaseCurrency,purchaseExponent,purchaseDate,recurringExpiry,recurringFrequency";
        ThreeDsMessage dsErro = post("/threeds/ds/areq", published3ri.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(dsErro.text("errorCode")).as(dsErro.json().toString()).isEqualTo("201");
        assertThat(dsErro.text("errorDetail")).isEqualTo(missing);
        ThreeDsMessage acsErro = post("/threeds/acs/areq", fromTheDs(published3ri).toString().getBytes(StandardCharsets.UTF_8));
        assertThat(acsErro.text("errorCode")).as(acsErro.json().toString()).isEqualTo("201");
        assertThat(acsErro.text("errorDetail")).isEqualTo(missing);
        ObjectNode completed3ri = ((ObjectNode) examples.get("3dsecure.io 3RI")[0]).deepCopy();
        completed3ri.put("purchaseAmount", "101");
        completed3ri.put("purchaseCurrency", "840");
        completed3ri.put("purchaseExponent", "2");
        completed3ri.put("purchaseDate", "20170316141312");
        completed3ri.put("recurringExpiry", (NEXT_YEAR + 1) + "1231");
        completed3ri.put("recurringFrequency", "30");
        examples.put("3dsecure.io 3RI", new Object[] {completed3ri, "2.2.0"});

        List<String> statuses = new ArrayList<>();
        for (Map.Entry<String, Object[]> example : examples.entrySet()) {
            ObjectNode message = (ObjectNode) example.getValue()[0];
            String version = (String) example.getValue()[1];
            Card card = card(visa);
            ObjectNode asServer = onTheWire(message, version, card.pan());
            ThreeDsMessage viaDs = post("/threeds/ds/areq", asServer.toString().getBytes(StandardCharsets.UTF_8));
            assertAnswers(asServer, viaDs);
            ObjectNode asDs = fromTheDs(onTheWire(message, version, card.pan()));
            ThreeDsMessage atAcs = post("/threeds/acs/areq", asDs.toString().getBytes(StandardCharsets.UTF_8));
            assertAnswers(asDs, atAcs);
            assertThat(jdbc.sql("select count(*) from threeds.acs_transactions where acs_trans_id = ?").param(atAcs.text("acsTransID"))
                    .query(Integer.class).single()).isEqualTo(1);
            statuses.add(example.getKey() + ": " + viaDs.text("transStatus") + "/" + atAcs.text("transStatus"));
        }
        assertThat(statuses).hasSize(8);
        // A new card with a small amount and no other signal is frictionless on every channel the policy allows.
        assertThat(statuses).allMatch(s -> s.endsWith("Y/Y"), "every example frictionless");

        // The same public example asking for a challenge (requestor challenge indicator 04, mandated).
        Card card = card(mastercard);
        ObjectNode challenge = onTheWire((ObjectNode) examples.get("3dsecure.io browser")[0], "2.2.0", card.pan());
        challenge.put("threeDSRequestorChallengeInd", "04");
        ThreeDsMessage c = post("/threeds/ds/areq", challenge.toString().getBytes(StandardCharsets.UTF_8));
        assertAnswers(challenge, c);
        assertThat(c.text("transStatus")).isEqualTo("C");
        assertThat(c.text("acsURL")).isEqualTo("http://localhost:" + port + "/threeds/acs/challenge");
    }

    // ------------------------------------------------------------------ (f) app channel

    /** The DS decrypts the SDK's device data with its own key: data for any other key is refused (Erro 302) and never routed. */
    @Test
    void anAppAReqWhoseDeviceDataTheDsCannotDecryptGetsErro302() throws Exception {
        Card card = card(visa);
        ObjectNode areq = onTheWire(json(MESSAGE_EXAMPLES.resolve("areq-app-2.2.0.json")), "2.2.0", card.pan());
        areq.put("sdkEncData", sdkEncData(DeviceDataKey.selfSigned().certificate().getPublicKey()));
        int routed = jdbc.sql("select count(*) from threeds.ds_transactions").query(Integer.class).single();

        ThreeDsMessage erro = post("/threeds/ds/areq", areq.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(erro.type()).as(erro.json().toString()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("302");
        assertThat(erro.text("errorDetail")).isEqualTo("sdkEncData");
        assertThat(erro.text("errorComponent")).isEqualTo("D");
        assertThat(jdbc.sql("select count(*) from threeds.ds_transactions").query(Integer.class).single()).isEqualTo(routed);
    }

    /**
     * The app AReq goes through the DS like any other; the SDK checks the ACS's signed content, agrees
     * the channel key and runs the challenge as encrypted CReq/CRes (JWE) at the ACS's app URL.
     */
    @Test
    void anAppAReqIsChallengedOverCReqAndCRes() throws Exception {
        Card card = card(visa);
        int mails = TestMailbox.shared().count(card.email());
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ObjectNode areq = onTheWire(json(MESSAGE_EXAMPLES.resolve("areq-app-2.2.0.json")), "2.2.0", card.pan());
        sdk.putInto(areq);
        areq.put("threeDSRequestorChallengeInd", "04");
        ThreeDsMessage ares = post("/threeds/ds/areq", areq.toString().getBytes(StandardCharsets.UTF_8));
        assertAnswers(areq, ares);
        assertThat(ares.text("sdkTransID")).isEqualTo(areq.get("sdkTransID").asString());
        assertThat(ares.has("authenticationValue")).isFalse();
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.node("acsRenderingType")).isNotNull();
        sdk.accept(ares); // the signature, the ACS's certificate and the ids; then the channel key
        assertThat(sdk.acsUrl()).isEqualTo("http://localhost:" + port + "/threeds/acs/app-challenge");

        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("sdkTransID", areq.get("sdkTransID").asString());
        c.put("messageType", "CReq");
        c.put("messageVersion", "2.2.0");
        c.put("sdkCounterStoA", "000");
        ThreeDsMessage first = appChallenge(sdk, c);
        assertThat(first.type()).as(first.toString()).isEqualTo(MessageType.CRes);
        assertThat(first.text("acsUiType")).isEqualTo("01");
        String otp = TestMailbox.shared().awaitOtp(card.email(), mails);

        c.put("sdkCounterStoA", "001");
        c.put("challengeDataEntry", otp.equals("000000") ? "111111" : "000000");
        ThreeDsMessage wrong = appChallenge(sdk, c);
        assertThat(wrong.type()).isEqualTo(MessageType.CRes);
        assertThat(wrong.has("transStatus")).isFalse();

        c.put("sdkCounterStoA", "002");
        c.put("challengeDataEntry", otp);
        ThreeDsMessage done = appChallenge(sdk, c);
        assertThat(done.text("transStatus")).as(done.toString()).isEqualTo("Y");
        assertThat(done.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(jdbc.sql("select final_status from threeds.acs_transactions where acs_trans_id = ?").param(ares.text("acsTransID"))
                .query(String.class).single()).isEqualTo("Y");
        assertThat(jdbc.sql("select eci from threeds.acs_transactions where acs_trans_id = ?").param(ares.text("acsTransID"))
                .query(String.class).single()).isEqualTo("05");

        // The challenge is over: its channel key is gone, so a further CReq cannot even be read.
        c.put("sdkCounterStoA", "003");
        HttpResponse<byte[]> after = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/acs/app-challenge"))
                .header("Content-Type", "application/jose; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sdk.encrypt(c, EncryptionMethod.A128CBC_HS256))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ThreeDsMessage.parse(after.body()).text("errorCode")).isEqualTo("302");
    }

    /** One encrypted CReq → CRes exchange, as the SDK does it. */
    ThreeDsMessage appChallenge(TestSdk sdk, ObjectNode creq) throws Exception {
        HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/acs/app-challenge"))
                .header("Content-Type", "application/jose; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sdk.encrypt(creq, EncryptionMethod.A128CBC_HS256))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).as(new String(reply.body(), StandardCharsets.UTF_8))
                .startsWith("application/jose");
        return sdk.decrypt(reply.body(), EncryptionMethod.A128CBC_HS256);
    }

    // ------------------------------------------------------------------ Erro 201 for every required element

    @Test
    void everyRequiredElementMissingFromAnAReqGetsErro201NamingItAndNothingIsStored() throws Exception {
        String pan = newPan(visa);
        int checked = 0;
        for (String version : new String[] {"2.2.0", "2.3.1"}) {
            ObjectNode complete = onTheWire(json(MESSAGE_EXAMPLES.resolve("areq-browser-" + version + ".json")), version, pan);
            List<String> required = new ArrayList<>(MessageValidator.requiredElements(ThreeDsMessage.of(complete), MessageType.AReq,
                    MessageValidator.Context.NONE));
            List<String> requiredAtAcs = new ArrayList<>(MessageValidator.requiredElements(ThreeDsMessage.of(fromTheDs(complete)),
                    MessageType.AReq, MessageValidator.Context.AREQ_FROM_DS));
            assertThat(requiredAtAcs).contains("dsTransID", "dsReferenceNumber", "acctNumber", "browserUserAgent")
                    .doesNotContain("threeDSServerURL");
            assertThat(requiredAtAcs.remove("messageType")).isTrue();
            // Written out by hand too, so an empty or short list from the catalogue cannot pass unseen.
            assertThat(required).contains("threeDSServerTransID", "threeDSServerRefNumber", "threeDSRequestorID", "threeDSRequestorURL",
                    "acctNumber", "deviceChannel", "messageCategory", "purchaseAmount", "purchaseCurrency", "purchaseDate",
                    "browserAcceptHeader", "browserUserAgent", "notificationURL", "threeDSCompInd", "merchantName", "mcc",
                    "acquirerBIN", "acquirerMerchantID", "messageVersion");
            // Without messageType the message is no AReq at all: Erro 101, tested with the other malformed messages.
            assertThat(required.remove("messageType")).isTrue();
            for (boolean atAcs : new boolean[] {false, true}) {
                for (String element : atAcs ? requiredAtAcs : required) {
                    ObjectNode areq = onTheWire(complete, version, pan);
                    if (atAcs) {
                        areq = fromTheDs(areq);
                    }
                    areq.remove(element);
                    String serverTransId = areq.path("threeDSServerTransID").asString("");
                    ThreeDsMessage answer = post(atAcs ? "/threeds/acs/areq" : "/threeds/ds/areq", areq.toString().getBytes(StandardCharsets.UTF_8));
                    String where = (atAcs ? "ACS " : "DS ") + version + " without " + element;
                    assertThat(answer.type()).as(where + ": " + answer.json()).isEqualTo(MessageType.Erro);
                    assertThat(answer.text("errorCode")).as(where + ": " + answer.json()).isEqualTo("201");
                    assertThat(answer.text("errorDetail")).as(where).isEqualTo(element);
                    assertThat(answer.toString()).as(where).doesNotContain(pan);
                    if (!serverTransId.isEmpty()) {
                        assertThat(jdbc.sql("select count(*) from threeds.acs_transactions where server_trans_id = ?").param(serverTransId)
                                .query(Integer.class).single()).as(where).isZero();
                        assertThat(jdbc.sql("select count(*) from threeds.ds_transactions where server_trans_id = ?").param(serverTransId)
                                .query(Integer.class).single()).as(where).isZero();
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(80);
    }
}
