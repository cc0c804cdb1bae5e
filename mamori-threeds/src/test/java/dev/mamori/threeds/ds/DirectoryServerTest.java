package dev.mamori.threeds.ds;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DirectoryServerTest {
    private static final String ACS = "http://acs.test/threeds/acs/areq";
    private static final String PAN = Cards.luhn("400002123456789");

    private final TenantId issuer = TenantId.random();
    /** One RSA key for the class: generating one per test would cost more than the tests. */
    private static final DeviceDataKey DEVICE_DATA_KEY = DeviceDataKey.selfSigned();

    private final InMemoryLink link = new InMemoryLink();
    private final DirectoryServer ds = new DirectoryServer(DsTestDatabase.create("ds"),
            new DirectoryServer.Settings("DS-TEST-01", () -> "http://ds.test/threeds/ds/rreq", Duration.ofSeconds(1), url -> true,
                    DEVICE_DATA_KEY), link, Clock.systemUTC());
    private final AtomicReference<ThreeDsMessage> received = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        ds.registerServer(TestMessages.SERVER_REF, "test 3DS Server");
        ds.cardRanges().register(issuer, new CardRanges.Registration("400002", "400002", ACS, null, null,
                "http://acs.test/threeds/acs/method", List.of("01", "02")));
    }

    private void acsAnswers(String status) {
        link.on(ACS, body -> {
            received.set(TestMessages.parse(body));
            return TestMessages.ares(body, status, m -> { });
        });
    }

    @Test
    void routesTheAReqToTheRangesAcsAndReturnsItsARes() {
        acsAnswers("Y");
        ObjectNode areq = TestMessages.areq(PAN);
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(areq).toBytes());

        assertThat(ares.type().name()).isEqualTo("ARes");
        assertThat(ares.text("transStatus")).isEqualTo("Y");
        assertThat(ares.text("threeDSServerTransID")).isEqualTo(areq.get("threeDSServerTransID").stringValue());
        ThreeDsMessage forwarded = received.get();
        assertThat(forwarded.text("dsTransID")).isEqualTo(ares.text("dsTransID")).matches("[0-9a-f-]{36}");
        assertThat(forwarded.text("dsReferenceNumber")).isEqualTo("DS-TEST-01");
        assertThat(forwarded.text("dsURL")).isEqualTo("http://ds.test/threeds/ds/rreq");
        assertThat(forwarded.text("acctNumber")).isEqualTo(PAN);
        DirectoryServer.TransactionView t = ds.transaction(ares.text("dsTransID")).orElseThrow();
        assertThat(t.issuer()).isEqualTo(issuer);
        assertThat(t.aresStatus()).isEqualTo("Y");
        assertThat(t.finalStatus()).isEqualTo("Y");
        assertThat(t.acsTransId()).isEqualTo(ares.text("acsTransID"));
    }

    @Test
    void anAppAReqReachesTheAcsWithItsDeviceDataDecryptedIntoDeviceInfo() throws Exception {
        acsAnswers("Y");
        String deviceData = "{\"DV\":\"1.0\",\"DD\":{\"C001\":\"Android\",\"C002\":\"Pixel 8\"},\"DPNA\":{},\"SW\":[]}";
        ObjectNode areq = appAReq(DeviceDataKeyTest.encrypt(DEVICE_DATA_KEY.certificate().getPublicKey(), JWEAlgorithm.RSA_OAEP_256,
                EncryptionMethod.A128CBC_HS256, deviceData));

        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(areq).toBytes());

        assertThat(ares.type().name()).as(ares.json().toString()).isEqualTo("ARes");
        ThreeDsMessage forwarded = received.get();
        assertThat(new String(Base64.getUrlDecoder().decode(forwarded.text("deviceInfo")), StandardCharsets.UTF_8)).isEqualTo(deviceData);
        assertThat(forwarded.has("sdkEncData")).isFalse();
        MessageValidator.validate(forwarded, MessageType.AReq,
                MessageValidator.Context.AREQ_FROM_DS);
    }

    @Test
    void deviceDataTheDsCannotDecryptGetsErro302AndNeverReachesTheAcs() throws Exception {
        acsAnswers("Y");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Map<String, String> refused = Map.of(
                DeviceDataKeyTest.encrypt(generator.generateKeyPair().getPublic(), JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM, "{}"),
                "302",
                DeviceDataKeyTest.encrypt(DEVICE_DATA_KEY.certificate().getPublicKey(), JWEAlgorithm.RSA1_5, EncryptionMethod.A128GCM, "{}"),
                "302",
                "not-a-jwe", "203");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            ThreeDsMessage erro = ds.areq(ThreeDsMessage.of(appAReq(e.getKey())).toBytes());
            assertThat(erro.text("messageType")).isEqualTo("Erro");
            assertThat(erro.text("errorCode")).isEqualTo(e.getValue());
            assertThat(erro.text("errorDetail")).isEqualTo("sdkEncData");
            assertThat(erro.text("errorComponent")).isEqualTo("D");
        }
        assertThat(received.get()).isNull();
    }

    private static ObjectNode appAReq(String sdkEncData) {
        ObjectNode areq = TestMessages.areq(PAN);
        for (String browserOnly : List.of("notificationURL", "browserAcceptHeader", "browserUserAgent", "browserLanguage", "browserIP",
                "browserJavaEnabled", "browserJavascriptEnabled", "browserColorDepth", "browserScreenHeight", "browserScreenWidth",
                "browserTZ", "threeDSCompInd")) {
            areq.remove(browserOnly);
        }
        areq.put("deviceChannel", "01");
        areq.put("sdkAppID", UUID.randomUUID().toString());
        areq.put("sdkTransID", UUID.randomUUID().toString());
        areq.put("sdkMaxTimeout", "05");
        areq.put("sdkReferenceNumber", "3DS_LOA_SDK_MAMO_020200_00001");
        areq.put("sdkEncData", sdkEncData);
        areq.putObject("deviceRenderOptions").put("sdkInterface", "03").putArray("sdkUiType").add("01");
        areq.putObject("sdkEphemPubKey").put("kty", "EC").put("crv", "P-256").put("x", "WWcpTjbOqiu_1aODllw5rYTq5oLXE_T0huCPjMIRbkI")
                .put("y", "Wz_7anIeadV8SJZUfr4drwjzuWoUbOsHp5mdRxfdIYk");
        return areq;
    }

    @Test
    void aCardInNoRangeIsNotEnrolled() {
        acsAnswers("Y");
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(TestMessages.areq(Cards.luhn("400003123456789"))).toBytes());
        assertThat(ares.text("messageType")).isEqualTo("ARes");
        assertThat(ares.text("transStatus")).isEqualTo("N");
        assertThat(ares.text("transStatusReason")).isEqualTo("13");
        assertThat(link.sent).isEmpty();
    }

    @Test
    void anUnknownThreeDsServerIsRefusedWith303() {
        acsAnswers("Y");
        ObjectNode areq = TestMessages.areq(PAN);
        areq.put("threeDSServerRefNumber", "SOMEONE-ELSE");
        ThreeDsMessage erro = ds.areq(ThreeDsMessage.of(areq).toBytes());
        assertThat(erro.text("messageType")).isEqualTo("Erro");
        assertThat(erro.text("errorCode")).isEqualTo("303");
        assertThat(erro.text("errorDetail")).isEqualTo("threeDSServerRefNumber");
        assertThat(erro.text("errorComponent")).isEqualTo("D");
        assertThat(link.sent).isEmpty();
    }

    @Test
    void theDsSendsResultsOnlyToAllowedThreeDsServerAddresses() {
        acsAnswers("Y");
        DirectoryServer strict = new DirectoryServer(DsTestDatabase.create("ds-strict"), new DirectoryServer.Settings("DS-TEST-01",
                () -> "http://ds.test/threeds/ds/rreq", Duration.ofSeconds(1), url -> "server.test".equals(url.getHost()), DEVICE_DATA_KEY), link,
                Clock.systemUTC());
        strict.registerServer(TestMessages.SERVER_REF, "test 3DS Server");
        strict.cardRanges().register(issuer, new CardRanges.Registration("400002", "400002", ACS, null, null, null, List.of("01")));
        // A URL that is no http(s) URL at all is a format error (203); any other host is not allowed (303).
        Map<String, String> refused = Map.of("http://169.254.169.254/latest/meta-data", "303", "file:///etc/passwd", "203",
                "http://server.test.evil.jp/rreq", "303");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            String url = e.getKey();
            ObjectNode areq = TestMessages.areq(PAN);
            areq.put("threeDSServerURL", url);
            ThreeDsMessage erro = strict.areq(ThreeDsMessage.of(areq).toBytes());
            assertThat(erro.text("messageType")).as(url).isEqualTo("Erro");
            assertThat(erro.text("errorCode")).as(url).isEqualTo(e.getValue());
            assertThat(erro.text("errorDetail")).isEqualTo("threeDSServerURL");
            assertThat(strict.transaction(erro.text("dsTransID") == null ? "none" : erro.text("dsTransID"))).isEmpty();
        }
        assertThat(link.sent).isEmpty();
        // The registered server's own address is routed as usual.
        ThreeDsMessage ares = strict.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(ares.text("messageType")).isEqualTo("ARes");
    }

    @Test
    void malformedMessagesGetAnErroThatNeverEchoesTheCardNumber() {
        ThreeDsMessage erro = ds.areq("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(erro.text("errorCode")).isEqualTo("101");
        ObjectNode wrongType = TestMessages.areq(PAN);
        wrongType.put("messageType", "PReq");
        assertThat(ds.areq(ThreeDsMessage.of(wrongType).toBytes()).text("errorCode")).isEqualTo("101");
        ObjectNode badVersion = TestMessages.areq(PAN);
        badVersion.put("messageVersion", "2.1.0");
        assertThat(ds.areq(ThreeDsMessage.of(badVersion).toBytes()).text("errorCode")).isEqualTo("102");
        ObjectNode badPan = TestMessages.areq("4000021234567890");
        badPan.put("acctNumber", PAN.substring(0, 15) + ((PAN.charAt(15) - '0' + 1) % 10));
        ThreeDsMessage e = ds.areq(ThreeDsMessage.of(badPan).toBytes());
        assertThat(e.text("errorCode")).isEqualTo("203");
        assertThat(e.text("errorDetail")).isEqualTo("acctNumber");
        assertThat(new String(e.toBytes(), StandardCharsets.UTF_8)).doesNotContain(PAN.substring(0, 15));
    }

    @Test
    void anAcsThatDoesNotAnswerInTimeGivesAResUAndAnErro402ToTheAcs() throws Exception {
        link.on(ACS, body -> {
            if (TestMessages.parse(body).text("messageType").equals("AReq")) {
                throw new InMemoryLink.Silent();
            }
            return body;
        });
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(ares.text("transStatus")).isEqualTo("U");
        assertThat(ares.text("transStatusReason")).isEqualTo("14");
        // The Erro notice to the ACS goes on its own thread.
        for (int i = 0; i < 200 && link.sent.size() < 2; i++) {
            Thread.sleep(10);
        }
        ThreeDsMessage notice = TestMessages.parse(link.sent.get(1).body());
        assertThat(notice.text("messageType")).isEqualTo("Erro");
        assertThat(notice.text("errorCode")).isEqualTo("402");
        assertThat(notice.text("dsTransID")).isEqualTo(ares.text("dsTransID"));
    }

    @Test
    void anUnreachableAcsGivesAResUWithAcsTechnicalIssue() {
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(ares.text("transStatus")).isEqualTo("U");
        assertThat(ares.text("transStatusReason")).isEqualTo("22");
    }

    @Test
    void anAResForAnotherTransactionIsNotPassedOn() {
        link.on(ACS, body -> TestMessages.ares(body, "Y", m -> m.put("dsTransID", UUID.randomUUID().toString())));
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(ares.text("transStatus")).isEqualTo("U");
        assertThat(ares.text("transStatusReason")).isEqualTo("22");
        assertThat(ares.text("authenticationValue")).isNull();
    }

    @Test
    void theAcsErroReachesTheThreeDsServer() {
        link.on(ACS, body -> ("{\"messageType\":\"Erro\",\"messageVersion\":\"2.2.0\",\"errorCode\":\"201\",\"errorComponent\":\"A\","
                + "\"errorDescription\":\"Required Data Element Missing\",\"errorDetail\":\"browserIP\"}").getBytes(StandardCharsets.UTF_8));
        ThreeDsMessage erro = ds.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(erro.text("errorCode")).isEqualTo("201");
        assertThat(erro.text("errorDetail")).isEqualTo("browserIP");
    }

    @Test
    void relaysTheRReqToTheThreeDsServerThatAskedAndReturnsItsRRes() {
        acsAnswers("C");
        ObjectNode areq = TestMessages.areq(PAN);
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(areq).toBytes());
        assertThat(ares.text("transStatus")).isEqualTo("C");
        link.on("http://server.test/threeds/server/rreq", body -> {
            ThreeDsMessage rreq = TestMessages.parse(body);
            return ("{\"messageType\":\"RRes\",\"messageVersion\":\"2.2.0\",\"threeDSServerTransID\":\"" + rreq.text("threeDSServerTransID")
                    + "\",\"acsTransID\":\"" + rreq.text("acsTransID") + "\",\"dsTransID\":\"" + rreq.text("dsTransID")
                    + "\",\"resultsStatus\":\"01\"}").getBytes(StandardCharsets.UTF_8);
        });
        ObjectNode rreq = TestMessages.rreq(ares.text("threeDSServerTransID"), ares.text("acsTransID"), ares.text("dsTransID"), "Y");
        ThreeDsMessage rres = ds.rreq(ThreeDsMessage.of(rreq).toBytes());
        assertThat(rres.text("messageType")).isEqualTo("RRes");
        assertThat(rres.text("resultsStatus")).isEqualTo("01");
        assertThat(ds.transaction(ares.text("dsTransID")).orElseThrow().finalStatus()).isEqualTo("Y");

        ObjectNode unknown = TestMessages.rreq(ares.text("threeDSServerTransID"), ares.text("acsTransID"), UUID.randomUUID().toString(), "Y");
        ThreeDsMessage erro = ds.rreq(ThreeDsMessage.of(unknown).toBytes());
        assertThat(erro.text("errorCode")).isEqualTo("301");
        assertThat(erro.text("errorDetail")).isEqualTo("dsTransID");
        ObjectNode otherAcs = TestMessages.rreq(ares.text("threeDSServerTransID"), UUID.randomUUID().toString(), ares.text("dsTransID"), "Y");
        assertThat(ds.rreq(ThreeDsMessage.of(otherAcs).toBytes()).text("errorDetail")).isEqualTo("acsTransID");
    }

    @Test
    void anUnreachableThreeDsServerGivesTheAcsAnErro405() {
        acsAnswers("C");
        ThreeDsMessage ares = ds.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        ObjectNode rreq = TestMessages.rreq(ares.text("threeDSServerTransID"), ares.text("acsTransID"), ares.text("dsTransID"), "N");
        ThreeDsMessage erro = ds.rreq(ThreeDsMessage.of(rreq).toBytes());
        assertThat(erro.text("errorCode")).isEqualTo("405");
    }

    private ThreeDsMessage preq(String serial, String ref) {
        return preq(serial, ref, "2.2.0");
    }

    private ThreeDsMessage preq(String serial, String ref, String version) {
        String json = "{\"messageType\":\"PReq\",\"messageVersion\":\"" + version + "\",\"threeDSServerRefNumber\":\"" + ref
                + "\",\"threeDSServerTransID\":\"" + UUID.randomUUID() + "\"" + (serial == null ? "" : ",\"serialNum\":\"" + serial + "\"") + "}";
        return ds.preq(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersPReqWithTheFullListThenTheChangesSinceItsSerialNumber() throws Exception {
        ThreeDsMessage full = preq(null, TestMessages.SERVER_REF);
        assertThat(full.text("messageType")).isEqualTo("PRes");
        MessageValidator.validate(full, MessageType.PRes);
        JsonNode data = full.node("cardRangeData");
        assertThat(data.size()).isEqualTo(1);
        assertThat(data.get(0).get("startRange").stringValue()).isEqualTo("4000020000000000");
        assertThat(data.get(0).get("endRange").stringValue()).isEqualTo("4000029999999999");
        assertThat(data.get(0).get("actionInd").stringValue()).isEqualTo("A");
        assertThat(data.get(0).get("threeDSMethodURL").stringValue()).isEqualTo("http://acs.test/threeds/acs/method");
        assertThat(data.get(0).get("acsInfoInd").get(1).stringValue()).isEqualTo("02");
        String serial = full.text("serialNum");

        assertThat(preq(serial, TestMessages.SERVER_REF).node("cardRangeData").size()).isZero();

        CardRange added = ds.cardRanges().register(issuer, new CardRanges.Registration("5100000000000000", "5100009999999999",
                ACS, "2.3.1", "2.3.1", null, List.of()));
        ds.cardRanges().delete(issuer, ds.cardRanges().list(issuer).stream().filter(r -> !r.id().equals(added.id())).findFirst()
                .orElseThrow().id());
        ThreeDsMessage delta = preq(serial, TestMessages.SERVER_REF);
        assertThat(delta.node("cardRangeData").size()).isEqualTo(2);
        assertThat(delta.node("cardRangeData").get(0).get("actionInd").stringValue()).isEqualTo("A");
        assertThat(delta.node("cardRangeData").get(0).get("acsStartProtocolVersion").stringValue()).isEqualTo("2.3.1");
        assertThat(delta.node("cardRangeData").get(1).get("actionInd").stringValue()).isEqualTo("D");
        assertThat(Long.parseLong(delta.text("serialNum"))).isEqualTo(Long.parseLong(serial) + 2);

        assertThat(preq("999999", TestMessages.SERVER_REF).text("errorCode")).isEqualTo("307");
        assertThat(preq("x", TestMessages.SERVER_REF).text("errorDetail")).isEqualTo("serialNum");
        assertThat(preq(null, "UNKNOWN").text("errorCode")).isEqualTo("303");
    }

    @Test
    void aCardInNoRegisteredRangeTakesTheDefaultRouteAndThePResListsIt() {
        CardRange bin = new CardRange(UUID.randomUUID(), issuer, "455555", "455555", "http://default-acs.test/areq", "2.2.0", "2.3.1",
                null, List.of(), 0, java.time.Instant.now());
        CardRange shadowed = new CardRange(UUID.randomUUID(), issuer, "400002", "400002", "http://default-acs.test/areq", "2.2.0",
                "2.3.1", null, List.of(), 0, java.time.Instant.now());
        DirectoryServer withDefaults = new DirectoryServer(DsTestDatabase.create("ds-defaults"),
                new DirectoryServer.Settings("DS-TEST-01", () -> "http://ds.test/threeds/ds/rreq", Duration.ofSeconds(1)), link,
                new DefaultRoutes() {
                    @Override
                    public java.util.Optional<CardRange> route(dev.mamori.common.Pan pan) {
                        return List.of(bin, shadowed).stream().filter(r -> pan.bin().equals(r.startRange())).findFirst();
                    }

                    @Override
                    public List<CardRange> all() {
                        return List.of(bin, shadowed);
                    }
                }, Clock.systemUTC());
        withDefaults.registerServer(TestMessages.SERVER_REF, "test");
        withDefaults.cardRanges().register(issuer, new CardRanges.Registration("400002", "400002", ACS, null, null, null, List.of()));
        link.on("http://default-acs.test/areq", body -> TestMessages.ares(body, "Y", m -> { }));
        acsAnswers("N");
        assertThat(withDefaults.areq(ThreeDsMessage.of(TestMessages.areq(Cards.luhn("455555123456789"))).toBytes()).text("transStatus"))
                .isEqualTo("Y");
        // The registered range wins over a default route for the same cards.
        ThreeDsMessage registered = withDefaults.areq(ThreeDsMessage.of(TestMessages.areq(PAN)).toBytes());
        assertThat(registered.text("transStatus")).as(registered.json().toString()).isEqualTo("N");
        String json = "{\"messageType\":\"PReq\",\"messageVersion\":\"2.2.0\",\"threeDSServerRefNumber\":\"" + TestMessages.SERVER_REF
                + "\",\"threeDSServerTransID\":\"" + UUID.randomUUID() + "\"}";
        JsonNode data = withDefaults.preq(json.getBytes(StandardCharsets.UTF_8)).node("cardRangeData");
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.get(1).get("startRange").stringValue()).isEqualTo("4555550000000000");
    }

    @Test
    void a231PResListsEachProtocolVersionWithItsMethodUrl() throws Exception {
        ThreeDsMessage pres = preq(null, TestMessages.SERVER_REF, "2.3.1");
        MessageValidator.validate(pres, MessageType.PRes);
        assertThat(pres.node("dsProtocolVersions").size()).isEqualTo(2);
        JsonNode versions = pres.node("cardRangeData").get(0).get("acsProtocolVersions");
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(1).get("version").stringValue()).isEqualTo("2.3.1");
        assertThat(versions.get(1).get("threeDSMethodURL").stringValue()).isEqualTo("http://acs.test/threeds/acs/method");
        assertThat(pres.node("cardRangeData").get(0).has("acsStartProtocolVersion")).isFalse();
        assertThat(pres.node("cardRangeData").get(0).get("ranges").get(0).get("start").stringValue()).isEqualTo("4000020000000000");
    }
}
