package dev.mamori.server.threeds;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import dev.mamori.common.Luhn;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.acs.AcsSigningKey;
import dev.mamori.threeds.acs.TestSdk;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The ACS over HTTP: AReq/ARes, the browser challenge by plain form posts, the app challenge, timeouts, the 3DS Method. */
@Import(AcsITParts.class)
class AcsIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([A-Za-z]+)\" value=\"([^\"]*)\"");
    /** The first form's action (group 1), whatever the order of its attributes. */
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*? action=\"([^\"]*)\"");

    @DynamicPropertySource
    static void ds(DynamicPropertyRegistry registry) {
        registry.add("mamori.threeds.acs.ds-url", AcsITParts::dsUrl);
    }

    @Autowired
    AcsSigningKey signingKey;
    @Autowired
    Acs acs;

    String prefix;
    int serial;

    @BeforeEach
    void issuer() {
        Tenants.TestTenant tenant = Tenants.create(api, "acs-issuer");
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        AcsITParts.decision = AcsITParts.frictionless();
        AcsITParts.methods = List.of(ChallengeMethod.SMS_OTP);
    }

    String newPan() {
        serial++;
        String body = prefix + String.format("%06d", serial * 7919 % 1_000_000);
        return body + Luhn.checkDigit(body);
    }

    /** A complete 2.2.0 AReq as the DS forwards it to the ACS. */
    static ObjectNode areq(String pan, String channel) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("messageType", "AReq");
        a.put("messageVersion", "2.2.0");
        a.put("threeDSServerTransID", UUID.randomUUID().toString());
        a.put("threeDSServerRefNumber", "MAMORI-3DSS-0001");
        a.put("threeDSServerURL", "https://3dss.example.jp/threeds/server/rreq");
        a.put("threeDSRequestorID", "MAMORI-REQ-0001");
        a.put("threeDSRequestorName", "Mamori Tea House");
        a.put("threeDSRequestorURL", "https://shop.example.jp");
        a.put("threeDSRequestorAuthenticationInd", "01");
        a.put("dsTransID", UUID.randomUUID().toString());
        a.put("dsReferenceNumber", "MAMORI-DS");
        a.put("dsURL", "https://ds.example.jp/threeds/ds/rreq");
        a.put("deviceChannel", channel);
        a.put("messageCategory", "01");
        a.put("acctNumber", pan);
        a.put("acquirerBIN", "412345");
        a.put("acquirerMerchantID", "SHOP001");
        a.put("merchantName", "Mamori Tea House");
        a.put("mcc", "5499");
        a.put("merchantCountryCode", "392");
        a.put("purchaseAmount", "5400");
        a.put("purchaseCurrency", "392");
        a.put("purchaseExponent", "0");
        a.put("purchaseDate", "20261126103000");
        if ("02".equals(channel)) {
            a.put("browserAcceptHeader", "text/html");
            a.put("browserJavascriptEnabled", true);
            a.put("browserJavaEnabled", false);
            a.put("browserLanguage", "ja-JP");
            a.put("browserColorDepth", "24");
            a.put("browserScreenHeight", "1080");
            a.put("browserScreenWidth", "1920");
            a.put("browserTZ", "-540");
            a.put("browserUserAgent", "Mozilla/5.0 (X11; Linux x86_64)");
            a.put("browserIP", "192.0.2.10");
            a.put("threeDSCompInd", "N");
            a.put("notificationURL", "https://shop.example.jp/3ds/notify");
        } else if ("01".equals(channel)) {
            a.put("sdkTransID", UUID.randomUUID().toString());
            a.put("sdkAppID", UUID.randomUUID().toString());
            a.put("sdkMaxTimeout", "05");
            a.put("sdkReferenceNumber", "3DS_LOA_SDK_MAMO_020200_00001");
            a.put("deviceInfo", Base64.getUrlEncoder().withoutPadding().encodeToString("{\"DV\":\"1.0\"}".getBytes(StandardCharsets.UTF_8)));
            ObjectNode render = a.putObject("deviceRenderOptions");
            render.put("sdkInterface", "03");
            render.putArray("sdkUiType").add("01").add("02").add("03").add("04").add("05");
            new TestSdk(null).putInto(a);
        }
        return a;
    }

    ThreeDsMessage post(String path, byte[] body) throws Exception {
        return post(path, body, "application/json");
    }

    ThreeDsMessage post(String path, byte[] body, String contentType) throws Exception {
        HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return ThreeDsMessage.parse(reply.body());
    }

    ThreeDsMessage areq(ObjectNode json) throws Exception {
        return post("/threeds/acs/areq", ThreeDsMessage.of(json).toBytes());
    }

    HttpResponse<String> form(String path, Map<String, String> fields, String acceptLanguage) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", acceptLanguage)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String creq(ThreeDsMessage ares) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("messageType", "CReq");
        c.put("messageVersion", ares.version());
        c.put("challengeWindowSize", "02");
        return ChallengeEncoding.encode(ThreeDsMessage.of(c));
    }

    static Map<String, String> hidden(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return out;
    }

    static Map<String, String> fields(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    // ------------------------------------------------------------------ AReq

    @Test
    void frictionlessAReqIsAnsweredYAndStored() throws Exception {
        ObjectNode json = areq(newPan(), "02");
        ThreeDsMessage ares = areq(json);

        assertThat(ares.type()).isEqualTo(MessageType.ARes);
        assertThat(ares.text("transStatus")).isEqualTo("Y");
        assertThat(ares.text("eci")).isEqualTo("05");
        assertThat(Base64.getDecoder().decode(ares.text("authenticationValue"))).hasSize(20);
        assertThat(ares.text("dsReferenceNumber")).isEqualTo("MAMORI-DS");
        assertThat(ares.text("acsReferenceNumber")).isNotBlank();
        Map<String, Object> row = jdbc.sql("select state, ares_status, final_status, eci, amount_minor, currency, merchant_id, card_fingerprint "
                + "from threeds.acs_transactions where acs_trans_id = ?").param(ares.text("acsTransID")).query().singleRow();
        assertThat(row).containsEntry("state", "frictionless").containsEntry("ares_status", "Y").containsEntry("eci", "05")
                .containsEntry("currency", "JPY").containsEntry("merchant_id", "SHOP001");
        assertThat(((Number) row.get("amount_minor")).longValue()).isEqualTo(5400L);
        assertThat((String) row.get("card_fingerprint")).isNotBlank().doesNotContain(prefix);
    }

    @Test
    void aCardOfNoIssuerIsNotAuthenticatedWithReason08() throws Exception {
        ThreeDsMessage ares = areq(areq("5555555555554444", "02"));
        assertThat(ares.type()).isEqualTo(MessageType.ARes);
        assertThat(ares.text("transStatus")).isEqualTo("N");
        assertThat(ares.text("transStatusReason")).isEqualTo("08");
    }

    @Test
    void malformedMessagesGetErroWithHttp200AndNoCardNumber() throws Exception {
        ThreeDsMessage notJson = post("/threeds/acs/areq", "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.type()).isEqualTo(MessageType.Erro);
        assertThat(notJson.text("errorCode")).isEqualTo("101");

        String pan = newPan();
        ObjectNode missing = areq(pan, "02");
        missing.remove("acctNumber");
        ThreeDsMessage erro = areq(missing);
        assertThat(erro.text("errorCode")).isEqualTo("201");
        assertThat(erro.text("errorDetail")).isEqualTo("acctNumber");

        ObjectNode badPan = areq(pan.substring(0, 15) + ((pan.charAt(15) - '0' + 1) % 10), "02");
        ThreeDsMessage panErro = areq(badPan);
        assertThat(panErro.text("errorCode")).isEqualTo("203");
        assertThat(panErro.text("errorDetail")).isEqualTo("acctNumber");
        assertThat(new String(panErro.toBytes(), StandardCharsets.UTF_8)).doesNotContain(pan.substring(0, 15));

        // The app channel is encrypted: a body that is no JWE this ACS can decrypt is a decryption failure.
        ThreeDsMessage empty = post("/threeds/acs/app-challenge", new byte[0]);
        assertThat(empty.text("errorCode")).isEqualTo("302");

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/acs/areq")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ browser challenge

    @Test
    void browserChallengeByFormPostsEndsYAndPostsTheCResToTheNotificationUrl() throws Exception {
        AcsITParts.decision = AcsITParts.challenge();
        ThreeDsMessage ares = areq(areq(newPan(), "02"));
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.text("acsURL")).isEqualTo("http://localhost:" + port + "/threeds/acs/challenge");
        String id = ares.text("acsTransID");

        HttpResponse<String> page = form("/threeds/acs/challenge", fields("creq", creq(ares), "threeDSSessionData", "c2Vzc2lvbi0x"), "en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                .contains("form-action 'self'");
        assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty();
        String html = page.body();
        // The AReq's browserLanguage (ja-JP) wins over Accept-Language.
        assertThat(html).contains("lang=\"ja\"").contains("ご本人確認").contains("m***@example.jp").contains("id=\"otp\"")
                .contains("id=\"submit\"").contains("id=\"resend\"").contains("id=\"cancel\"").contains("class=\"w02\"")
                .doesNotContain("<script");
        assertThat(hidden(html)).containsEntry("threeDSSessionData", "c2Vzc2lvbi0x");
        Matcher action = FORM_ACTION.matcher(html);
        assertThat(action.find()).isTrue();
        assertThat(action.group(1)).isEqualTo("/threeds/acs/challenge/" + id);

        HttpResponse<String> wrong = form(action.group(1), fields("action", "answer", "otp", "000000", "threeDSSessionData", "c2Vzc2lvbi0x"),
                "en");
        assertThat(wrong.body()).contains("コードが正しくありません").contains("残り 2 回");

        HttpResponse<String> done = form(action.group(1), fields("action", "answer", "otp", "123456", "threeDSSessionData", "c2Vzc2lvbi0x"),
                "en");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("form-action 'self' https://shop.example.jp").contains("script-src 'self'");
        Matcher finalForm = FORM_ACTION.matcher(done.body());
        assertThat(finalForm.find()).isTrue();
        assertThat(finalForm.group(1)).isEqualTo("https://shop.example.jp/3ds/notify");
        assertThat(done.body()).contains("id=\"continue\"").contains("src=\"/threeds/assets/acs-submit.js\"");
        Map<String, String> posted = hidden(done.body());
        assertThat(posted).containsEntry("threeDSSessionData", "c2Vzc2lvbi0x");
        ThreeDsMessage cres = ChallengeEncoding.decode(posted.get("cres"));
        assertThat(cres.type()).isEqualTo(MessageType.CRes);
        assertThat(cres.text("transStatus")).isEqualTo("Y");
        assertThat(cres.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(cres.text("acsTransID")).isEqualTo(id);

        ThreeDsMessage rreq = AcsITParts.rreqFor(id);
        assertThat(rreq).isNotNull();
        assertThat(rreq.text("transStatus")).isEqualTo("Y");
        assertThat(rreq.text("eci")).isEqualTo("05");
        assertThat(rreq.text("authenticationValue")).hasSize(28);
        assertThat(rreq.text("interactionCounter")).isEqualTo("02");
        assertThat(jdbc.sql("select rreq_status from threeds.acs_transactions where acs_trans_id = ?").param(id).query(String.class)
                .single()).isEqualTo("sent");

        HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/threeds/assets/acs-submit.js")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("data-auto-submit");
    }

    @Test
    void englishBrowserLanguageAndCancelEndNWithChallengeCancel01() throws Exception {
        AcsITParts.decision = AcsITParts.challenge();
        ObjectNode json = areq(newPan(), "02");
        json.put("browserLanguage", "en-US");
        ThreeDsMessage ares = areq(json);
        String id = ares.text("acsTransID");
        HttpResponse<String> page = form("/threeds/acs/challenge", fields("creq", creq(ares)), "ja");
        assertThat(page.body()).contains("lang=\"en\"").contains("Confirm your purchase").contains("Tries left: 3");

        HttpResponse<String> cancelled = form("/threeds/acs/challenge/" + id, fields("action", "cancel"), "en");
        assertThat(cancelled.body()).contains("You cancelled");
        assertThat(ChallengeEncoding.decode(hidden(cancelled.body()).get("cres")).text("transStatus")).isEqualTo("N");
        assertThat(AcsITParts.rreqFor(id).text("challengeCancel")).isEqualTo("01");
    }

    @Test
    void aTimedOutChallengeIsReportedWithReason14AndALateCReqGetsErro402() throws Exception {
        AcsITParts.decision = AcsITParts.challenge();
        ThreeDsMessage ares = areq(areq(newPan(), "02"));
        String id = ares.text("acsTransID");
        form("/threeds/acs/challenge", fields("creq", creq(ares)), "ja");

        // What the scheduled job does, at a time past every limit.
        assertThat(acs.expire(Instant.now().plus(Duration.ofHours(1)))).isPositive();

        ThreeDsMessage rreq = AcsITParts.rreqFor(id);
        assertThat(rreq.text("transStatus")).isEqualTo("N");
        assertThat(rreq.text("transStatusReason")).isEqualTo("14");
        assertThat(jdbc.sql("select state from threeds.acs_transactions where acs_trans_id = ?").param(id).query(String.class).single())
                .isEqualTo("timed-out");

        HttpResponse<String> late = form("/threeds/acs/challenge", fields("creq", creq(ares)), "ja");
        ThreeDsMessage erro = ChallengeEncoding.decode(hidden(late.body()).get("cres"));
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("402");

        HttpResponse<String> answer = form("/threeds/acs/challenge/" + id, fields("action", "answer", "otp", "123456"), "ja");
        assertThat(answer.body()).contains("時間切れ");
    }

    @Test
    void aCReqForAnUnknownTransactionShowsAnErrorPageWithoutAForm() throws Exception {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", UUID.randomUUID().toString());
        c.put("acsTransID", UUID.randomUUID().toString());
        c.put("messageType", "CReq");
        c.put("messageVersion", "2.2.0");
        c.put("challengeWindowSize", "01");
        HttpResponse<String> page = form("/threeds/acs/challenge", fields("creq", ChallengeEncoding.encode(ThreeDsMessage.of(c))), "en");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Error 301").doesNotContain("<form");
        assertThat(form("/threeds/acs/challenge", fields(), "en").body()).contains("Error 201");
        assertThat(form("/threeds/acs/challenge/" + UUID.randomUUID(), fields("action", "answer", "otp", "1"), "en").statusCode())
                .isEqualTo(400);
    }

    // ------------------------------------------------------------------ app challenge

    @Test
    void appChallengeOverTheEncryptedChannel() throws Exception {
        AcsITParts.decision = AcsITParts.challenge();
        TestSdk sdk = new TestSdk(signingKey.chain().get(0));
        ObjectNode request = areq(newPan(), "01");
        sdk.putInto(request);
        ThreeDsMessage ares = areq(request);
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.node("acsRenderingType")).isNotNull();
        // The SDK checks the signature and that the certificate is the ACS's, then agrees the key.
        sdk.accept(ares);
        MessageValidator.validate(ares, MessageType.ARes, MessageValidator.Context.of(DeviceChannel.APP, MessageCategory.PAYMENT));
        assertThat(sdk.acsUrl()).isEqualTo("http://localhost:" + port + "/threeds/acs/app-challenge");

        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("sdkTransID", ares.text("sdkTransID"));
        c.put("messageType", "CReq");
        c.put("messageVersion", "2.2.0");
        c.put("sdkCounterStoA", "000");
        // Plain JSON is not the spec's app channel.
        assertThat(post("/threeds/acs/app-challenge", ThreeDsMessage.of(c).toBytes()).text("errorCode")).isEqualTo("302");

        ThreeDsMessage first = sdk.decrypt(postJose(sdk.encrypt(c, EncryptionMethod.A128CBC_HS256)), EncryptionMethod.A128CBC_HS256);
        assertThat(first.type()).isEqualTo(MessageType.CRes);
        assertThat(first.text("acsUiType")).isEqualTo("01");
        assertThat(first.text("challengeInfoText")).contains("m***@example.jp");

        byte[] tampered = sdk.encrypt(c, EncryptionMethod.A128CBC_HS256);
        tampered[tampered.length - 3] = (byte) (tampered[tampered.length - 3] == 'A' ? 'B' : 'A');
        assertThat(post("/threeds/acs/app-challenge", tampered, "application/jose; charset=UTF-8").text("errorCode")).isEqualTo("302");

        c.put("sdkCounterStoA", "001");
        c.put("challengeDataEntry", "123456");
        ThreeDsMessage done = sdk.decrypt(postJose(sdk.encrypt(c, EncryptionMethod.A128CBC_HS256)), EncryptionMethod.A128CBC_HS256);
        assertThat(done.text("transStatus")).isEqualTo("Y");
        assertThat(done.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(AcsITParts.rreqFor(ares.text("acsTransID")).text("transStatus")).isEqualTo("Y");
    }

    byte[] postJose(byte[] jwe) throws Exception {
        HttpResponse<byte[]> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/threeds/acs/app-challenge"))
                .header("Content-Type", "application/jose; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofByteArray(jwe)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/jose");
        return reply.body();
    }

    // ------------------------------------------------------------------ 3DS Method

    @Test
    void the3dsMethodRecordsTheVisitAndPostsBackToTheNotificationUrl() throws Exception {
        String serverTransId = UUID.randomUUID().toString();
        String data = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"threeDSServerTransID\":\"" + serverTransId
                + "\",\"threeDSMethodNotificationURL\":\"https://3dss.example.jp/method-done\"}").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = form("/threeds/acs/method", fields("threeDSMethodData", data), "ja");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("form-action https://3dss.example.jp");
        Matcher action = FORM_ACTION.matcher(page.body());
        assertThat(action.find()).isTrue();
        assertThat(action.group(1)).isEqualTo("https://3dss.example.jp/method-done");
        String back = new String(Base64.getUrlDecoder().decode(hidden(page.body()).get("threeDSMethodData")), StandardCharsets.UTF_8);
        assertThat(back).isEqualTo("{\"threeDSServerTransID\":\"" + serverTransId + "\"}");

        ObjectNode json = areq(newPan(), "02");
        json.put("threeDSServerTransID", serverTransId);
        json.put("threeDSCompInd", "Y");
        AcsITParts.asked.clear();
        areq(json);
        assertThat(AcsITParts.asked.get(0).signals()).containsEntry("acs.methodVisited", "Y").containsEntry("threeDSCompInd", "Y");

        assertThat(form("/threeds/acs/method", fields("threeDSMethodData", "%%%"), "en").statusCode()).isEqualTo(400);
        String javascriptUrl = Base64.getUrlEncoder().encodeToString(("{\"threeDSServerTransID\":\"" + serverTransId
                + "\",\"threeDSMethodNotificationURL\":\"javascript:alert(1)\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(form("/threeds/acs/method", fields("threeDSMethodData", javascriptUrl), "en").statusCode()).isEqualTo(400);
    }

    static String urlDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
