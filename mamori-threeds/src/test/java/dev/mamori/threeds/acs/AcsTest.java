package dev.mamori.threeds.acs;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.ChallengeAuthenticator.Outcome;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.ThreeDsException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class AcsTest {
    static final String VISA = "4111111111111111";
    static final String MASTERCARD = "5555555555554444";
    static final String UNKNOWN = "4012888888881881";
    static final TenantId ISSUER = TenantId.random();

    MovableClock clock = new MovableClock(Instant.parse("2026-11-26T10:00:00Z"));
    AcsTestParts.Cards cards = new AcsTestParts.Cards();
    AcsTestParts.Decider decider = new AcsTestParts.Decider();
    AcsTestParts.Challenges challenges = new AcsTestParts.Challenges();
    AcsTestParts.Values values = new AcsTestParts.Values();
    AcsTestParts.Ds ds = new AcsTestParts.Ds();
    Acs acs;

    @BeforeEach
    void setUp() {
        cards.add(VISA, ISSUER);
        cards.add(MASTERCARD, ISSUER);
        challenges.enrolled.put(AcsTestParts.sha256(VISA), List.of(ChallengeMethod.SMS_OTP));
        acs = new Acs(AcsTestDatabase.create("acs"), cards, decider, challenges, values, ds,
                new AcsSettings("mamori-acs-ref", "mamori-acs-op", () -> URI.create("http://acs.test/threeds/acs/challenge"),
                        Duration.ofMinutes(10), Duration.ofSeconds(30)), clock);
        challenges.rowExists = id -> acs.transaction(id).isPresent();
    }

    /** The message module's example AReq as the DS forwards it to the ACS: with the DS's ids and URL. */
    static ObjectNode example(String name, String pan) {
        try (var in = AcsTest.class.getResourceAsStream("/dev/mamori/threeds/message/examples/" + name)) {
            ObjectNode a = (ObjectNode) JsonMapper.shared().readTree(in.readAllBytes());
            a.put("acctNumber", pan);
            a.put("threeDSServerTransID", UUID.randomUUID().toString());
            a.put("dsTransID", UUID.randomUUID().toString());
            a.put("dsReferenceNumber", "MAMORI-DS-1");
            a.put("dsURL", "https://ds.example.org/threeds/ds/rreq");
            return a;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode browserAReq(String pan) {
        ObjectNode a = example("areq-browser-2.2.0.json", pan);
        a.put("purchaseAmount", "12800");
        a.put("acquirerMerchantID", "M-0001");
        a.put("mcc", "5411");
        a.put("browserLanguage", "en-US");
        a.put("browserIP", "192.0.2.10");
        a.put("notificationURL", "https://merchant.test/3ds/notify");
        a.putObject("acctInfo").put("chAccAgeInd", "05");
        return a;
    }

    static ObjectNode appAReq(String pan) {
        ObjectNode a = example("areq-app-2.2.0.json", pan);
        a.remove("sdkEncData");
        a.put("deviceInfo", java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"DV\":\"1.0\",\"DD\":{\"C001\":\"Android\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        a.put("sdkTransID", UUID.randomUUID().toString());
        // A real key on the curve: the ACS agrees the app channel's key with it.
        new TestSdk(null).putInto(a);
        return a;
    }

    static ObjectNode app231AReq() {
        ObjectNode a = example("areq-app-2.3.1.json", VISA);
        a.set("deviceInfo", a.remove("sdkEncData"));
        a.put("sdkTransID", UUID.randomUUID().toString());
        new TestSdk(null).putInto(a); // a real SDK's ephemeral key: the ACS checks it
        return a;
    }

    static ObjectNode threeRiAReq(String pan) {
        return example("areq-3ri-2.2.0.json", pan);
    }

    static void assertValid(ThreeDsMessage message, MessageType type, DeviceChannel channel) {
        try {
            MessageValidator.validate(message, type, MessageValidator.Context.of(channel, MessageCategory.PAYMENT));
        } catch (ThreeDsException e) {
            throw new AssertionError(type + " is not valid: " + e.code().code() + " " + e.errorDetail() + " " + e.description());
        }
    }

    ThreeDsMessage areq(ObjectNode json) {
        return acs.handleAReq(ThreeDsMessage.of(json));
    }

    void challengeNext(RiskDecision.Exemption ignored) {
        decider.next = new RiskDecision(TransStatus.C, null, 500, List.of("new-device"), RiskDecision.Exemption.NONE);
    }

    void challengeNext() {
        challengeNext(null);
    }

    static String creq(ThreeDsMessage ares, String windowSize) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("messageType", "CReq");
        c.put("messageVersion", ares.version());
        c.put("challengeWindowSize", windowSize);
        return ChallengeEncoding.encode(ThreeDsMessage.of(c));
    }

    static ThreeDsMessage decodeCres(BrowserStep step) throws Exception {
        assertThat(step).isInstanceOf(BrowserStep.Finished.class);
        return ChallengeEncoding.decode(((BrowserStep.Finished) step).cres());
    }

    // ------------------------------------------------------------ frictionless and refusals

    @Test
    void frictionlessAuthenticationAnswersYWithEciAndAuthenticationValue() {
        ObjectNode json = browserAReq(VISA);
        ThreeDsMessage ares = areq(json);

        assertThat(ares.type()).isEqualTo(MessageType.ARes);
        assertThat(ares.text("transStatus")).isEqualTo("Y");
        assertThat(ares.text("eci")).isEqualTo("05");
        assertThat(java.util.Base64.getDecoder().decode(ares.text("authenticationValue"))).hasSize(20);
        assertThat(ares.text("threeDSServerTransID")).isEqualTo(json.get("threeDSServerTransID").asString());
        assertThat(ares.text("dsTransID")).isEqualTo(json.get("dsTransID").asString());
        assertThat(ares.text("dsReferenceNumber")).isEqualTo("MAMORI-DS-1");
        assertThat(ares.text("acsReferenceNumber")).isEqualTo("mamori-acs-ref");
        assertThat(ares.text("acsOperatorID")).isEqualTo("mamori-acs-op");
        assertThat(ares.text("messageVersion")).isEqualTo("2.2.0");
        assertThat(UUID.fromString(ares.text("acsTransID"))).isNotNull();
        assertThat(ares.has("acsURL")).isFalse();
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);

        AcsTransaction tx = acs.transaction(ares.text("acsTransID")).orElseThrow();
        assertThat(tx.state()).isEqualTo(AcsTransaction.FRICTIONLESS);
        assertThat(tx.finalStatus()).isEqualTo(TransStatus.Y);
        assertThat(tx.tenant()).isEqualTo(ISSUER);
        assertThat(tx.eci()).isEqualTo("05");
        assertThat(values.issued).singleElement().satisfies(p -> {
            assertThat(p.amountMinor()).isEqualTo(12800);
            assertThat(p.currency().getCurrencyCode()).isEqualTo("JPY");
            assertThat(p.merchantId()).isEqualTo("M-0001");
            assertThat(p.acsTransId()).isEqualTo(ares.text("acsTransID"));
            assertThat(p.method()).isNull();
        });
        assertThat(ds.received).isEmpty();
    }

    @Test
    void a231AppAResCarriesTheElementsOnlyThatVersionRequires() {
        ObjectNode json = app231AReq();
        json.put("threeDSRequestorAppURL", "https://merchant.test/app");
        ThreeDsMessage ares = areq(json);
        assertThat(ares.text("transStatus")).as(ares.json().toString()).isEqualTo("Y");
        assertThat(ares.text("threeDSRequestorAppURLInd")).isEqualTo("Y");
        assertThat(ares.text("deviceInfoRecognisedVersion")).isEqualTo("1.0");
        assertValid(ares, MessageType.ARes, DeviceChannel.APP);
        ObjectNode withoutAppUrl = app231AReq();
        withoutAppUrl.remove("threeDSRequestorAppURL");
        ThreeDsMessage second = areq(withoutAppUrl);
        assertThat(second.text("threeDSRequestorAppURLInd")).isEqualTo("N");
        assertValid(second, MessageType.ARes, DeviceChannel.APP);
        assertThat(areq(appAReq(VISA)).has("deviceInfoRecognisedVersion")).isFalse();
    }

    @Test
    void theDecisionSeesTheAReqsFactsAsSignalsButNeverTheCardNumber() {
        areq(browserAReq(VISA));

        AuthenticationContext context = decider.asked.get(0);
        assertThat(context.tenant()).isEqualTo(ISSUER);
        assertThat(context.cardFingerprint()).isEqualTo(AcsTestParts.sha256(VISA));
        assertThat(context.channel()).isEqualTo(DeviceChannel.BROWSER);
        assertThat(context.category()).isEqualTo(MessageCategory.PAYMENT);
        assertThat(context.amountMinor()).isEqualTo(12800L);
        assertThat(context.mcc()).isEqualTo("5411");
        assertThat(context.challengeIndicator()).isEqualTo("01");
        assertThat(context.signals()).containsEntry("browserIP", "192.0.2.10").containsEntry("acctInfo.chAccAgeInd", "05")
                .containsEntry("acs.methodVisited", "N").doesNotContainKeys("acctNumber", "cardExpiryDate");
        assertThat(context.signals().values()).noneMatch(v -> v.contains("411111"));
    }

    @Test
    void aCardNumberInTheMerchantNameIsStoredMaskedOnly() {
        javax.sql.DataSource db = AcsTestDatabase.create("acs-masked");
        Acs own = new Acs(db, cards, decider, challenges, values, ds,
                new AcsSettings("mamori-acs-ref", "mamori-acs-op", () -> URI.create("http://acs.test/threeds/acs/challenge"),
                        Duration.ofMinutes(10), Duration.ofSeconds(30)), clock);
        ObjectNode json = browserAReq(VISA);
        json.put("merchantName", "Shop 4012888888881881");
        ThreeDsMessage ares = own.handleAReq(ThreeDsMessage.of(json));
        assertThat(ares.type()).isEqualTo(MessageType.ARes);
        try (var c = db.getConnection(); var ps = c.prepareStatement("select merchant_name from threeds.acs_transactions where acs_trans_id = ?")) {
            ps.setString(1, ares.text("acsTransID"));
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("Shop 401288").doesNotContain("4012888888881881");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVisitOfThe3dsMethodIsASignalOfTheDecision() {
        ObjectNode json = browserAReq(VISA);
        acs.recordMethodVisit(json.get("threeDSServerTransID").asString());
        areq(json);
        assertThat(decider.asked.get(0).signals()).containsEntry("acs.methodVisited", "Y");
    }

    @Test
    void aFrictionlessYCarriesTheIssuersConfidenceAndNoOtherReasonReachesAYOrAnA() {
        decider.next = new RiskDecision(TransStatus.Y, "17", 90, List.of("known-device"), RiskDecision.Exemption.NONE);
        ThreeDsMessage confident = areq(browserAReq(VISA));
        assertThat(confident.text("transStatus")).isEqualTo("Y");
        assertThat(confident.text("transStatusReason")).isEqualTo("17");
        assertValid(confident, MessageType.ARes, DeviceChannel.BROWSER);

        decider.next = new RiskDecision(TransStatus.Y, "11", 90, List.of(), RiskDecision.Exemption.NONE);
        assertThat(areq(browserAReq(VISA)).has("transStatusReason")).as("a refusal reason on a Y").isFalse();
        decider.next = new RiskDecision(TransStatus.A, "16", 90, List.of(), RiskDecision.Exemption.NONE);
        assertThat(areq(browserAReq(VISA)).has("transStatusReason")).as("an A").isFalse();
    }

    @Test
    void mastercardGetsItsOwnEci() {
        ThreeDsMessage ares = areq(browserAReq(MASTERCARD));
        assertThat(ares.text("eci")).isEqualTo("02");
        decider.next = new RiskDecision(TransStatus.A, null, 10, List.of(), RiskDecision.Exemption.NONE);
        assertThat(areq(browserAReq(MASTERCARD)).text("eci")).isEqualTo("01");
        assertThat(areq(browserAReq(VISA)).text("eci")).isEqualTo("06");
    }

    @Test
    void anUnknownCardIsNotAuthenticatedWithReasonNoCardRecord() {
        ThreeDsMessage ares = areq(browserAReq(UNKNOWN));

        assertThat(ares.type()).isEqualTo(MessageType.ARes);
        assertThat(ares.text("transStatus")).isEqualTo("N");
        assertThat(ares.text("transStatusReason")).isEqualTo("08");
        assertThat(ares.has("authenticationValue")).isFalse();
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);
        assertThat(decider.asked).isEmpty();
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().state()).isEqualTo(AcsTransaction.REJECTED);
    }

    @Test
    void aRefusalCarriesTheDecisionsReason() {
        decider.next = new RiskDecision(TransStatus.R, "11", 990, List.of("card-blocked"), RiskDecision.Exemption.NONE);
        ThreeDsMessage ares = areq(browserAReq(VISA));
        assertThat(ares.text("transStatus")).isEqualTo("R");
        assertThat(ares.text("transStatusReason")).isEqualTo("11");
        AcsTransaction tx = acs.transaction(ares.text("acsTransID")).orElseThrow();
        assertThat(tx.state()).isEqualTo(AcsTransaction.REJECTED);
        assertThat(tx.finalReason()).isEqualTo("11");
    }

    @Test
    void aChallengeForACardWithoutMethodsBecomesNotEnrolled() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(MASTERCARD));
        assertThat(ares.text("transStatus")).isEqualTo("N");
        assertThat(ares.text("transStatusReason")).isEqualTo("13");
    }

    @Test
    void threeRiCannotBeChallengedSoAChallengeDecisionBecomesN() {
        challengeNext();
        ThreeDsMessage ares = areq(threeRiAReq(VISA));
        assertValid(ares, MessageType.ARes, DeviceChannel.THREE_RI);
        assertThat(ares.text("transStatus")).isEqualTo("N");
        assertThat(ares.text("transStatusReason")).isEqualTo("16");
        assertThat(ares.has("acsURL")).isFalse();
        assertThat(decider.asked.get(0).threeRiIndicator()).isEqualTo("01");
        assertThat(decider.asked.get(0).channel()).isEqualTo(DeviceChannel.THREE_RI);
    }

    @Test
    void threeRiFrictionlessIsAuthenticated() {
        ThreeDsMessage ares = areq(threeRiAReq(VISA));
        assertThat(ares.text("transStatus")).isEqualTo("Y");
        assertValid(ares, MessageType.ARes, DeviceChannel.THREE_RI);
    }

    @Test
    void aNonPaymentAuthenticationHasNoAmount() {
        ObjectNode json = browserAReq(VISA);
        json.put("messageCategory", "02");
        json.remove("purchaseAmount");
        json.remove("purchaseCurrency");
        json.remove("purchaseExponent");
        ThreeDsMessage ares = areq(json);
        assertThat(ares.text("transStatus")).isEqualTo("Y");
        assertThat(decider.asked.get(0).category()).isEqualTo(MessageCategory.NON_PAYMENT);
        assertThat(decider.asked.get(0).amountMinor()).isNull();
        assertThat(values.issued.get(0).amountMinor()).isZero();
    }

    // ------------------------------------------------------------ malformed AReq

    @Test
    void aMalformedAReqGetsAnErroNamingTheField() {
        ObjectNode missing = browserAReq(VISA);
        missing.remove("deviceChannel");
        ThreeDsMessage erro = areq(missing);
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("201");
        assertThat(erro.text("errorDetail")).isEqualTo("deviceChannel");
        assertThat(erro.text("errorComponent")).isEqualTo("A");

        ObjectNode badChannel = browserAReq(VISA);
        badChannel.put("deviceChannel", "07");
        assertThat(areq(badChannel).text("errorCode")).isEqualTo("203");
        assertThat(areq(badChannel).text("errorDetail")).isEqualTo("deviceChannel");

        ObjectNode badPan = browserAReq("4111111111111112");
        ThreeDsMessage panErro = areq(badPan);
        assertThat(panErro.text("errorCode")).isEqualTo("203");
        assertThat(panErro.text("errorDetail")).isEqualTo("acctNumber");
        assertThat(panErro.toString() + new String(panErro.toBytes())).doesNotContain("4111111111111112");

        ObjectNode badVersion = browserAReq(VISA);
        badVersion.put("messageVersion", "1.0.2");
        assertThat(areq(badVersion).text("errorCode")).isEqualTo("102");

        ObjectNode wrongType = browserAReq(VISA);
        wrongType.put("messageType", "CReq");
        assertThat(areq(wrongType).text("errorCode")).isEqualTo("101");

        assertThat(decider.asked).isEmpty();
    }

    // ------------------------------------------------------------ browser challenge

    @Test
    void browserChallengeWithTheRightCodeEndsYAndReportsToTheDs() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.text("acsURL")).isEqualTo("http://acs.test/threeds/acs/challenge");
        assertThat(ares.text("authenticationType")).isEqualTo("02");
        assertThat(ares.text("acsChallengeMandated")).isEqualTo("N");
        assertThat(ares.has("authenticationValue")).isFalse();
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);
        String id = ares.text("acsTransID");

        BrowserStep first = acs.startBrowserChallenge(creq(ares, "03"), Locale.JAPANESE);
        assertThat(first).isInstanceOf(BrowserStep.Screen.class);
        BrowserStep.Screen screen = (BrowserStep.Screen) first;
        assertThat(screen.method()).isEqualTo(ChallengeMethod.SMS_OTP);
        assertThat(screen.maskedDestination()).isEqualTo("***-****-5678");
        assertThat(screen.attemptsLeft()).isEqualTo(3);
        assertThat(screen.language()).isEqualTo("en-US");
        assertThat(screen.challengeWindowSize()).isEqualTo("03");
        assertThat(challenges.sent).containsExactly(id);

        BrowserStep done = acs.answer(id, "123456");
        ThreeDsMessage cres = decodeCres(done);
        assertThat(cres.type()).isEqualTo(MessageType.CRes);
        assertThat(cres.text("transStatus")).isEqualTo("Y");
        assertThat(cres.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(cres.text("acsTransID")).isEqualTo(id);
        assertThat(cres.text("threeDSServerTransID")).isEqualTo(ares.text("threeDSServerTransID"));
        assertThat(((BrowserStep.Finished) done).notificationUrl()).isEqualTo("https://merchant.test/3ds/notify");
        assertThat(((BrowserStep.Finished) done).outcome()).isEqualTo("authenticated");
        assertThat(((BrowserStep.Finished) done).challengeWindowSize()).isEqualTo("03");

        assertValid(cres, MessageType.CRes, DeviceChannel.BROWSER);
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.type()).isEqualTo(MessageType.RReq);
        assertThat(rreq.text("transStatus")).isEqualTo("Y");
        assertThat(rreq.text("eci")).isEqualTo("05");
        assertThat(java.util.Base64.getDecoder().decode(rreq.text("authenticationValue"))).hasSize(20);
        assertThat(rreq.text("authenticationType")).isEqualTo("02");
        assertThat(rreq.text("interactionCounter")).isEqualTo("01");
        assertThat(rreq.text("messageCategory")).isEqualTo("01");
        assertThat(rreq.text("dsTransID")).isEqualTo(ares.text("dsTransID"));
        assertThat(rreq.has("transStatusReason")).isFalse();
        assertThat(values.issued.get(0).method()).isEqualTo(ChallengeMethod.SMS_OTP);

        AcsTransaction tx = acs.transaction(id).orElseThrow();
        assertThat(tx.state()).isEqualTo(AcsTransaction.COMPLETED);
        assertThat(tx.aresStatus()).isEqualTo(TransStatus.C);
        assertThat(tx.finalStatus()).isEqualTo(TransStatus.Y);
        assertThat(tx.rreqStatus()).isEqualTo("sent");
        assertThat(tx.completedAt()).isEqualTo(clock.instant());
    }

    @Test
    void version231ChallengeAnnouncesAndReportsAuthenticationMethodAsAList() throws Exception {
        challengeNext();
        ObjectNode json = example("areq-browser-2.3.1.json", VISA);
        json.put("notificationURL", "https://merchant.test/3ds/notify");
        json.putArray("threeDSRequestorChallengeInd").add("04").add("01");
        ThreeDsMessage ares = areq(json);
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.version()).isEqualTo("2.3.1");
        assertThat(decider.asked.get(0).challengeIndicator()).isEqualTo("04");
        assertThat(ares.node("authenticationMethod").get(0).asString()).isEqualTo("01");
        assertThat(ares.has("authenticationType")).isFalse();
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);

        acs.startBrowserChallenge(creq(ares, "04"), Locale.ENGLISH);
        ThreeDsMessage cres = decodeCres(acs.cancel(ares.text("acsTransID")));
        assertValid(cres, MessageType.CRes, DeviceChannel.BROWSER);
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("transStatusReason")).isEqualTo("26");
        assertThat(rreq.node("authenticationMethod").get(0).asString()).isEqualTo("01");
    }

    @Test
    void wrongCodesShowTriesLeftThenLockoutEndsNWithReason01() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        String id = ares.text("acsTransID");
        acs.startBrowserChallenge(creq(ares, "02"), Locale.ENGLISH);

        BrowserStep.Screen wrong = (BrowserStep.Screen) acs.answer(id, "000000");
        assertThat(wrong.notice()).isEqualTo("wrong");
        assertThat(wrong.attemptsLeft()).isEqualTo(2);
        assertThat(((BrowserStep.Screen) acs.answer(id, "111111")).attemptsLeft()).isEqualTo(1);

        ThreeDsMessage cres = decodeCres(acs.answer(id, "222222"));
        assertThat(cres.text("transStatus")).isEqualTo("N");
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("transStatus")).isEqualTo("N");
        assertThat(rreq.text("transStatusReason")).isEqualTo("01");
        assertThat(rreq.text("interactionCounter")).isEqualTo("03");
        assertThat(rreq.has("authenticationValue")).isFalse();
        assertThat(acs.transaction(id).orElseThrow().finalReason()).isEqualTo("01");

        // The right code after the lockout changes nothing: the final page again.
        ThreeDsMessage again = decodeCres(acs.answer(id, "123456"));
        assertThat(again.text("transStatus")).isEqualTo("N");
        assertThat(ds.received).hasSize(1);
    }

    @Test
    void resendShowsTheNewCodeWentOutUntilTheLimit() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        String id = ares.text("acsTransID");
        acs.startBrowserChallenge(creq(ares, "05"), Locale.ENGLISH);
        assertThat(((BrowserStep.Screen) acs.resend(id)).notice()).isEqualTo("resent");
        assertThat(((BrowserStep.Screen) acs.resend(id)).resendsLeft()).isZero();
        assertThat(((BrowserStep.Screen) acs.resend(id)).notice()).isEqualTo("resend-refused");
        assertThat(challenges.sent).hasSize(3);
    }

    @Test
    void cancelEndsNWithChallengeCancel01() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        String id = ares.text("acsTransID");
        acs.startBrowserChallenge(creq(ares, "01"), Locale.ENGLISH);

        BrowserStep done = acs.cancel(id);
        assertThat(decodeCres(done).text("transStatus")).isEqualTo("N");
        assertThat(((BrowserStep.Finished) done).outcome()).isEqualTo("cancelled");
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("challengeCancel")).isEqualTo("01");
        assertThat(rreq.text("transStatus")).isEqualTo("N");
        assertThat(acs.transaction(id).orElseThrow().state()).isEqualTo(AcsTransaction.ABANDONED);
    }

    @Test
    void outOfBandWaitsForTheAppsVerdict() throws Exception {
        challenges.enrolled.put(AcsTestParts.sha256(VISA), List.of(ChallengeMethod.OUT_OF_BAND, ChallengeMethod.SMS_OTP));
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        assertThat(ares.text("authenticationType")).isEqualTo("03");
        String id = ares.text("acsTransID");
        assertThat(((BrowserStep.Screen) acs.startBrowserChallenge(creq(ares, "02"), Locale.ENGLISH)).method())
                .isEqualTo(ChallengeMethod.OUT_OF_BAND);

        assertThat(((BrowserStep.Screen) acs.answer(id, null)).notice()).isEqualTo("pending");
        challenges.appVerdict = Outcome.SUCCESS;
        assertThat(decodeCres(acs.answer(id, null)).text("transStatus")).isEqualTo("Y");
        assertThat(ds.received.get(0).text("authenticationType")).isEqualTo("03");
    }

    ObjectNode decoupledAReq() {
        challenges.enrolled.put(AcsTestParts.sha256(VISA), List.of(ChallengeMethod.OUT_OF_BAND));
        challengeNext();
        ObjectNode json = browserAReq(VISA);
        json.put("threeDSRequestorDecReqInd", "Y");
        json.put("threeDSRequestorDecMaxTime", "00010");
        return json;
    }

    @Test
    void decoupledAuthenticationIsAnsweredDAndReportedWhenTheAppApproves() throws Exception {
        ThreeDsMessage ares = areq(decoupledAReq());
        String id = ares.text("acsTransID");
        assertThat(ares.text("transStatus")).isEqualTo("D");
        assertThat(ares.text("acsDecConInd")).isEqualTo("Y");
        assertThat(ares.text("authenticationType")).isEqualTo("03");
        assertThat(ares.text("cardholderInfo")).contains("app");
        assertThat(ares.has("acsURL")).isFalse();
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);
        assertThat(challenges.sent).containsExactly(id);
        assertThat(challenges.rowSeenAtStart).containsExactly(true);

        acs.expire(clock.instant());
        assertThat(ds.received).isEmpty();
        // No CReq belongs to a decoupled authentication.
        assertThat(decodeCres(acs.startBrowserChallenge(creq(ares, "02"), Locale.ENGLISH)).text("errorCode")).isEqualTo("301");
        assertThat(acs.answer(id, null)).isInstanceOf(BrowserStep.Failed.class);

        challenges.appVerdict = Outcome.SUCCESS;
        acs.expire(clock.instant());
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("transStatus")).isEqualTo("Y");
        assertThat(rreq.text("authenticationValue")).hasSize(28);
        AcsTransaction tx = acs.transaction(id).orElseThrow();
        assertThat(tx.aresStatus()).isEqualTo(TransStatus.D);
        assertThat(tx.finalStatus()).isEqualTo(TransStatus.Y);
        assertThat(tx.state()).isEqualTo(AcsTransaction.COMPLETED);
    }

    @Test
    void decoupledAuthenticationTimesOutWithChallengeCancel04() {
        ThreeDsMessage ares = areq(decoupledAReq());
        clock.advance(Duration.ofMinutes(11));
        assertThat(acs.expire(clock.instant())).isEqualTo(1);
        ThreeDsMessage rreq = ds.received.get(0);
        assertThat(rreq.text("transStatus")).isEqualTo("N");
        assertThat(rreq.text("transStatusReason")).isEqualTo("14");
        assertThat(rreq.text("challengeCancel")).isEqualTo("04");
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().state()).isEqualTo(AcsTransaction.TIMED_OUT);
    }

    @Test
    void decoupledFallsBackToAChallengeWhenTheAppCannotBeAsked() {
        ObjectNode json = decoupledAReq();
        challenges.enrolled.put(AcsTestParts.sha256(VISA), List.of(ChallengeMethod.OUT_OF_BAND));
        challenges.refuseStart = true;
        ThreeDsMessage ares = areq(json);
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertValid(ares, MessageType.ARes, DeviceChannel.BROWSER);
        AcsTransaction tx = acs.transaction(ares.text("acsTransID")).orElseThrow();
        assertThat(tx.aresStatus()).isEqualTo(TransStatus.C);
        assertThat(tx.challengeStartedAt()).isNull();
    }

    @Test
    void withoutTheRequestorsConsentOutOfBandRunsAsAnOrdinaryChallenge() {
        ObjectNode json = decoupledAReq();
        json.remove("threeDSRequestorDecReqInd");
        json.remove("threeDSRequestorDecMaxTime");
        assertThat(areq(json).text("transStatus")).isEqualTo("C");
    }

    @Test
    void aCReqAfterCompletionIsAnErroToThe3dsServerAndChangesNothing() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        String creq = creq(ares, "02");
        acs.startBrowserChallenge(creq, Locale.ENGLISH);
        acs.answer(ares.text("acsTransID"), "123456");

        ThreeDsMessage replay = decodeCres(acs.startBrowserChallenge(creq, Locale.ENGLISH));
        assertThat(replay.type()).isEqualTo(MessageType.Erro);
        assertThat(replay.text("errorCode")).isEqualTo("301");
        assertThat(ds.received).hasSize(1);
        assertThat(challenges.sent).hasSize(1);
    }

    @Test
    void unknownOrMismatchedIdsAreNotRecognised() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));

        ObjectNode stranger = JsonNodeFactory.instance.objectNode();
        stranger.put("threeDSServerTransID", UUID.randomUUID().toString());
        stranger.put("acsTransID", ares.text("acsTransID"));
        stranger.put("messageType", "CReq");
        stranger.put("messageVersion", "2.2.0");
        stranger.put("challengeWindowSize", "02");
        BrowserStep step = acs.startBrowserChallenge(ChallengeEncoding.encode(ThreeDsMessage.of(stranger)), Locale.ENGLISH);
        assertThat(step).isEqualTo(new BrowserStep.Failed("301", "acsTransID"));

        stranger.put("acsTransID", UUID.randomUUID().toString());
        assertThat(acs.startBrowserChallenge(ChallengeEncoding.encode(ThreeDsMessage.of(stranger)), Locale.ENGLISH))
                .isEqualTo(new BrowserStep.Failed("301", "acsTransID"));
        assertThat(acs.answer(UUID.randomUUID().toString(), "123456")).isEqualTo(new BrowserStep.Failed("301", "acsTransID"));
        assertThat(acs.startBrowserChallenge("not base64 !!", Locale.ENGLISH)).isInstanceOf(BrowserStep.Failed.class);
        assertThat(acs.startBrowserChallenge("", Locale.ENGLISH)).isEqualTo(new BrowserStep.Failed("201", "creq"));
    }

    @Test
    void anAnswerBeforeTheCReqIsOutOfOrder() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        assertThat(acs.answer(ares.text("acsTransID"), "123456")).isEqualTo(new BrowserStep.Failed("301", "acsTransID"));
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().state()).isEqualTo(AcsTransaction.CHALLENGE);
    }

    // ------------------------------------------------------------ timeouts

    @Test
    void aChallengeNotCompletedInTimeEndsNWithReason14AndLaterCReqsGet402() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        String id = ares.text("acsTransID");
        String creq = creq(ares, "02");
        acs.startBrowserChallenge(creq, Locale.ENGLISH);

        clock.advance(Duration.ofMinutes(9));
        assertThat(acs.expire(clock.instant())).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(acs.expire(clock.instant())).isEqualTo(1);
        assertThat(acs.expire(clock.instant())).isZero();

        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("transStatus")).isEqualTo("N");
        assertThat(rreq.text("transStatusReason")).isEqualTo("14");
        assertThat(rreq.text("challengeCancel")).isEqualTo("05");
        AcsTransaction tx = acs.transaction(id).orElseThrow();
        assertThat(tx.state()).isEqualTo(AcsTransaction.TIMED_OUT);

        ThreeDsMessage late = decodeCres(acs.startBrowserChallenge(creq, Locale.ENGLISH));
        assertThat(late.text("errorCode")).isEqualTo("402");
        BrowserStep afterAnswer = acs.answer(id, "123456");
        assertThat(decodeCres(afterAnswer).text("transStatus")).isEqualTo("N");
        assertThat(((BrowserStep.Finished) afterAnswer).outcome()).isEqualTo("timed-out");
        assertThat(ds.received).hasSize(1);
    }

    @Test
    void aCReqThatNeverComesEndsUWithReason14() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        clock.advance(Duration.ofSeconds(31));
        assertThat(acs.expire(clock.instant())).isEqualTo(1);
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.BROWSER);
        assertThat(rreq.text("transStatus")).isEqualTo("U");
        assertThat(rreq.text("transStatusReason")).isEqualTo("14");
        assertThat(rreq.text("challengeCancel")).isEqualTo("06");
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().state()).isEqualTo(AcsTransaction.TIMED_OUT);
    }

    @Test
    void anAnswerAfterTheLimitTimesOutEvenBeforeTheJobRuns() throws Exception {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        acs.startBrowserChallenge(creq(ares, "02"), Locale.ENGLISH);
        clock.advance(Duration.ofMinutes(11));
        assertThat(decodeCres(acs.answer(ares.text("acsTransID"), "123456")).text("transStatus")).isEqualTo("N");
        assertThat(ds.received.get(0).text("transStatusReason")).isEqualTo("14");
    }

    @Test
    void anRReqTheDsDidNotReceiveIsRetriedByTheJob() {
        challengeNext();
        ThreeDsMessage ares = areq(browserAReq(VISA));
        acs.startBrowserChallenge(creq(ares, "02"), Locale.ENGLISH);
        ds.down = true;
        acs.cancel(ares.text("acsTransID"));
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().rreqStatus()).isEqualTo("failed");
        ds.down = false;
        acs.expire(clock.instant());
        assertThat(ds.received).singleElement().satisfies(r -> assertThat(r.text("challengeCancel")).isEqualTo("01"));
        assertThat(acs.transaction(ares.text("acsTransID")).orElseThrow().rreqStatus()).isEqualTo("sent");
    }

    // ------------------------------------------------------------ app challenge

    ThreeDsMessage appCreq(ThreeDsMessage ares, String counter, String field, String value) {
        ObjectNode c = AcsAppChannelTest.creq(ares, counter, null);
        if (field != null) {
            c.put(field, value);
        }
        return acs.handleAppCReq(ThreeDsMessage.of(c));
    }

    @Test
    void appChallengeRunsOnJsonCReqsAndCResses() {
        challengeNext();
        ThreeDsMessage ares = areq(appAReq(VISA));
        assertThat(ares.text("transStatus")).isEqualTo("C");
        assertThat(ares.has("acsURL")).isFalse();
        assertThat(ares.text("sdkTransID")).isNotNull();
        assertThat(ares.node("acsRenderingType").get("acsUiTemplate").asString()).isEqualTo("01");

        ThreeDsMessage first = appCreq(ares, "000", null, null);
        assertThat(first.type()).isEqualTo(MessageType.CRes);
        assertThat(first.text("acsUiType")).isEqualTo("01");
        assertThat(first.text("challengeCompletionInd")).isEqualTo("N");
        assertThat(first.text("acsCounterAtoS")).isEqualTo("000");
        assertThat(first.text("challengeInfoText")).contains("***-****-5678");
        assertThat(first.text("submitAuthenticationLabel")).isNotBlank();
        assertThat(first.text("resendInformationLabel")).isNotBlank();
        assertValid(first, MessageType.CRes, DeviceChannel.APP);

        ThreeDsMessage wrong = appCreq(ares, "001", "challengeDataEntry", "999999");
        assertThat(wrong.text("challengeCompletionInd")).isEqualTo("N");
        assertThat(wrong.text("challengeInfoTextIndicator")).isEqualTo("Y");
        assertThat(wrong.text("acsCounterAtoS")).isEqualTo("001");

        // The same counter again is a replay.
        ThreeDsMessage replay = appCreq(ares, "001", "challengeDataEntry", "123456");
        assertThat(replay.type()).isEqualTo(MessageType.Erro);
        assertThat(replay.text("errorDetail")).isEqualTo("sdkCounterStoA");

        ThreeDsMessage done = appCreq(ares, "002", "challengeDataEntry", "123456");
        assertThat(done.text("transStatus")).isEqualTo("Y");
        assertThat(done.text("challengeCompletionInd")).isEqualTo("Y");
        assertThat(done.text("sdkTransID")).isEqualTo(ares.text("sdkTransID"));
        assertValid(done, MessageType.CRes, DeviceChannel.APP);
        ThreeDsMessage rreq = ds.received.get(0);
        assertValid(rreq, MessageType.RReq, DeviceChannel.APP);
        assertThat(rreq.text("transStatus")).isEqualTo("Y");
        assertThat(rreq.node("acsRenderingType")).isNotNull();
        assertThat(rreq.text("interactionCounter")).isEqualTo("02");

        ThreeDsMessage after = appCreq(ares, "003", "challengeDataEntry", "123456");
        assertThat(after.type()).isEqualTo(MessageType.Erro);
        assertThat(after.text("errorCode")).isEqualTo("301");
    }

    @Test
    void appChallengeCancelCarriesTheSdksCancelCode() {
        challengeNext();
        ThreeDsMessage ares = areq(appAReq(VISA));
        appCreq(ares, "000", null, null);
        ThreeDsMessage cres = appCreq(ares, "001", "challengeCancel", "01");
        assertThat(cres.text("transStatus")).isEqualTo("N");
        assertThat(ds.received.get(0).text("challengeCancel")).isEqualTo("01");
    }

    @Test
    void appCReqForATimedOutChallengeGets402() {
        challengeNext();
        ThreeDsMessage ares = areq(appAReq(VISA));
        appCreq(ares, "000", null, null);
        clock.advance(Duration.ofMinutes(11));
        acs.expire(clock.instant());
        ThreeDsMessage erro = appCreq(ares, "001", "challengeDataEntry", "123456");
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.text("errorCode")).isEqualTo("402");
    }

    @Test
    void appCReqWithUnknownIdsIsNotRecognised() {
        challengeNext();
        ThreeDsMessage ares = areq(appAReq(VISA));
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("threeDSServerTransID", ares.text("threeDSServerTransID"));
        c.put("acsTransID", ares.text("acsTransID"));
        c.put("sdkTransID", UUID.randomUUID().toString());
        c.put("messageType", "CReq");
        c.put("messageVersion", "2.2.0");
        c.put("sdkCounterStoA", "000");
        assertThat(acs.handleAppCReq(ThreeDsMessage.of(c)).text("errorCode")).isEqualTo("301");

        // A browser transaction is not an app challenge.
        ThreeDsMessage browser = areq(browserAReq(VISA));
        c.put("acsTransID", browser.text("acsTransID"));
        c.put("threeDSServerTransID", browser.text("threeDSServerTransID"));
        assertThat(acs.handleAppCReq(ThreeDsMessage.of(c)).text("errorCode")).isEqualTo("301");
    }
}
