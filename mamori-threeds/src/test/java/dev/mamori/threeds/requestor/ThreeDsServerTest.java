package dev.mamori.threeds.requestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.ds.CardRanges;
import dev.mamori.threeds.ds.Cards;
import dev.mamori.threeds.ds.DirectoryServer;
import dev.mamori.threeds.ds.DsTestDatabase;
import dev.mamori.threeds.ds.InMemoryLink;
import dev.mamori.threeds.ds.TestMessages;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The 3DS Server against a real Directory Server and a test ACS, linked in memory. */
class ThreeDsServerTest {
    private static final String BASE = "http://mamori.test";
    private static final String ACS = "http://acs.test/threeds/acs/areq";
    private static final String PAN = Cards.luhn("400002123456789");
    private static final String METHOD_PAN = Cards.luhn("400004123456789");

    private final TenantId merchant = TenantId.random();
    private final TenantId issuer = TenantId.random();
    private final InMemoryLink link = new InMemoryLink();
    private final DataSource db = DsTestDatabase.create("server");
    private final DirectoryServer ds = new DirectoryServer(db, new DirectoryServer.Settings("DS-TEST-01",
            () -> BASE + "/threeds/ds/rreq", Duration.ofSeconds(1)), link, Clock.systemUTC());
    private final Map<String, Pan> tokens = Map.of("tok_1", Pan.of(PAN), "tok_method", Pan.of(METHOD_PAN),
            "tok_unrouted", Pan.of(Cards.luhn("499999123456789")));
    private final ThreeDsServer server = new ThreeDsServer(db, new ThreeDsServer.Settings(TestMessages.SERVER_REF,
            () -> URI.create(BASE + "/threeds/ds/areq"), () -> BASE, Duration.ofSeconds(1), Duration.ofMinutes(5)), link,
            (tenant, token) -> tenant.equals(merchant) ? Optional.ofNullable(tokens.get(token))
                    .map(p -> new CardLookup.Card(p, YearMonth.of(2030, 12))) : Optional.empty(), Clock.systemUTC());
    private final AtomicReference<String> acsStatus = new AtomicReference<>("Y");
    private final AtomicReference<ThreeDsMessage> lastAReq = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        ds.registerServer(TestMessages.SERVER_REF, "the 3DS Server under test");
        ds.cardRanges().register(issuer, new CardRanges.Registration("400002", "400002", ACS, null, null, null, List.of()));
        ds.cardRanges().register(issuer, new CardRanges.Registration("400004", "400004", ACS, null, null,
                "http://acs.test/threeds/acs/method", List.of()));
        link.on(BASE + "/threeds/ds/areq", ds::areqBytes);
        link.on(BASE + "/threeds/ds/preq", b -> ds.preq(b).toBytes());
        link.on(BASE + "/threeds/ds/rreq", b -> ds.rreq(b).toBytes());
        link.on(BASE + "/threeds/server/rreq", b -> server.rreq(b).toBytes());
        link.on(ACS, body -> {
            lastAReq.set(TestMessages.parse(body));
            return TestMessages.ares(body, acsStatus.get(), m -> { });
        });
    }

    static AuthenticationRequest request(String token) {
        return new AuthenticationRequest(token, 1200L, "JPY",
                new AuthenticationRequest.Merchant("M-1", "Mamori Shop", "5411", "JP", "400551"),
                new AuthenticationRequest.Browser("text/html", "Mozilla/5.0", "ja-JP", 24, 900, 1440, -540, false, true, "192.0.2.1"),
                "https://shop.test/return", null, null, "order-1", "taro@example.jp",
                new AuthenticationRequest.Shipping("1-1 Chiyoda", null, "Tokyo", "1000001", "JP"), null, null, null);
    }

    @Test
    void aFrictionlessAuthenticationCompletesAtOnceWithTheValueForTheAuthorization() {
        Authentication a = server.start(merchant, request("tok_1"));
        assertThat(a.status()).as(a.errorCode() + " " + a.errorDescription()).isEqualTo("completed");
        assertThat(a.transStatus()).isEqualTo("Y");
        assertThat(a.eci()).isEqualTo("05");
        assertThat(a.authenticationValue()).isEqualTo("AAABBBCCCDDDEEEFFFGGGHHHIII=");
        assertThat(a.dsTransId()).isNotNull();
        assertThat(a.maskedPan()).doesNotContain(PAN.substring(6, 12)).endsWith(PAN.substring(12));
        assertThat(a.toString()).doesNotContain(PAN).doesNotContain(a.authenticationValue());

        ThreeDsMessage areq = lastAReq.get();
        assertThat(areq.text("acctNumber")).isEqualTo(PAN);
        assertThat(areq.text("threeDSCompInd")).isEqualTo("U");
        assertThat(areq.text("purchaseCurrency")).isEqualTo("392");
        assertThat(areq.text("purchaseExponent")).isEqualTo("0");
        assertThat(areq.text("merchantCountryCode")).isEqualTo("392");
        assertThat(areq.text("shipAddrCountry")).isEqualTo("392");
        assertThat(areq.text("cardExpiryDate")).isEqualTo("3012");
        assertThat(areq.text("notificationURL")).isEqualTo(BASE + "/threeds/server/challenge-notification");
        assertThat(areq.text("threeDSServerURL")).isEqualTo(BASE + "/threeds/server/rreq");
        assertThat(server.get(merchant, a.id())).contains(a);
        assertThat(server.get(TenantId.random(), a.id())).isEmpty();
    }

    @Test
    void aRangeWithA3dsMethodRunsItFirstThenContinues() throws Exception {
        Authentication a = server.start(merchant, request("tok_method"));
        assertThat(a.status()).isEqualTo("method");
        assertThat(a.methodUrl()).isEqualTo("http://acs.test/threeds/acs/method");
        assertThat(lastAReq.get()).isNull();
        ThreeDsMessage data = ThreeDsMessage.parse(Base64.getUrlDecoder().decode(a.methodData()));
        assertThat(data.text("threeDSServerTransID")).isEqualTo(a.threeDsServerTransId());
        assertThat(data.text("threeDSMethodNotificationURL")).isEqualTo(BASE + "/threeds/server/method-notification");

        assertThat(server.methodNotification("not base64 !")).isFalse();
        assertThat(server.methodNotification(a.methodData())).isTrue();
        Authentication done = server.continueAfterMethod(merchant, a.id(), null);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(lastAReq.get().text("threeDSCompInd")).isEqualTo("Y");
        assertThatThrownBy(() -> server.continueAfterMethod(merchant, a.id(), "Y"))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.rule()).isEqualTo("state"));
        assertThatThrownBy(() -> server.continueAfterMethod(TenantId.random(), a.id(), "Y"))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.rule()).isEqualTo("not-found"));
    }

    @Test
    void skipMethodSendsTheAReqAtOnceWithCompIndN() {
        AuthenticationRequest r = request("tok_method");
        AuthenticationRequest skip = new AuthenticationRequest(r.token(), r.amountMinor(), r.currency(), r.merchant(), r.browser(),
                r.returnUrl(), r.challengeWindowSize(), r.challengePreference(), r.orderId(), r.email(), r.shipping(), r.category(),
                r.channel(), true);
        assertThat(server.start(merchant, skip).status()).isEqualTo("completed");
        assertThat(lastAReq.get().text("threeDSCompInd")).isEqualTo("N");
    }

    @Test
    void aChallengeGivesTheCreqAndTheRReqThroughTheDsCompletesIt() throws ThreeDsException {
        acsStatus.set("C");
        Authentication a = server.start(merchant, request("tok_1"));
        assertThat(a.status()).as(a.errorCode() + " " + a.errorDescription()).isEqualTo("challenge");
        assertThat(a.acsUrl()).isEqualTo("http://acs.test/threeds/acs/challenge");
        ThreeDsMessage creq = ChallengeEncoding.decode(a.creq());
        assertThat(creq.text("messageType")).isEqualTo("CReq");
        assertThat(creq.text("acsTransID")).isEqualTo(a.acsTransId());
        assertThat(creq.text("challengeWindowSize")).isEqualTo("05");
        assertThat(a.authenticationValue()).isNull();

        // The ACS sends the RReq to the DS, which relays it to the 3DS Server's threeDSServerURL.
        ObjectNode rreq = TestMessages.rreq(a.threeDsServerTransId(), a.acsTransId(), a.dsTransId(), "Y");
        ThreeDsMessage rres = ds.rreq(ThreeDsMessage.of(rreq).toBytes());
        assertThat(rres.text("messageType")).isEqualTo("RRes");
        Authentication done = server.get(merchant, a.id()).orElseThrow();
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.transStatus()).isEqualTo("Y");
        assertThat(done.eci()).isEqualTo("05");
        assertThat(done.creq()).isNull();

        ObjectNode cres = TestMessages.rreq(a.threeDsServerTransId(), a.acsTransId(), a.dsTransId(), "Y");
        cres.removeAll();
        cres.put("threeDSServerTransID", a.threeDsServerTransId());
        cres.put("acsTransID", a.acsTransId());
        cres.put("messageType", "CRes");
        cres.put("messageVersion", "2.2.0");
        cres.put("transStatus", "Y");
        cres.put("challengeCompletionInd", "Y");
        ThreeDsServer.ChallengeReturn back = server.challengeResult(ChallengeEncoding.encode(ThreeDsMessage.of(cres)));
        assertThat(back.authenticationId()).isEqualTo(a.id());
        assertThat(back.returnUrl()).isEqualTo("https://shop.test/return");
        assertThat(back.transStatus()).isEqualTo("Y");
        cres.put("acsTransID", UUID.randomUUID().toString());
        assertThatThrownBy(() -> server.challengeResult(ChallengeEncoding.encode(ThreeDsMessage.of(cres))))
                .isInstanceOfSatisfying(ThreeDsException.class, e -> assertThat(e.errorDetail()).isEqualTo("acsTransID"));
    }

    @Test
    void anRReqForNoTransactionOfThisServerIsErro301() {
        ObjectNode rreq = TestMessages.rreq(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString(), "Y");
        ThreeDsMessage erro = server.rreq(ThreeDsMessage.of(rreq).toBytes());
        assertThat(erro.text("errorCode")).isEqualTo("301");
        assertThat(erro.text("errorComponent")).isEqualTo("S");
        assertThat(server.rreq("[]".getBytes(StandardCharsets.UTF_8)).text("errorCode")).isEqualTo("101");
    }

    @Test
    void aCardInNoRangeIsNotEnrolledAndAnUnreachableDsFails() {
        Authentication a = server.start(merchant, request("tok_unrouted"));
        assertThat(a.status()).as(a.errorCode() + " " + a.errorDescription()).isEqualTo("completed");
        assertThat(a.transStatus()).isEqualTo("N");
        assertThat(a.transStatusReason()).isEqualTo("13");

        ThreeDsServer unreachable = new ThreeDsServer(db, new ThreeDsServer.Settings(TestMessages.SERVER_REF,
                () -> URI.create("http://nowhere.test/threeds/ds/areq"), () -> BASE, Duration.ofSeconds(1), Duration.ofMinutes(5)), link,
                (tenant, token) -> Optional.of(new CardLookup.Card(Pan.of(PAN), null)), Clock.systemUTC());
        Authentication failed = unreachable.start(merchant, request("tok_1"));
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.errorCode()).isEqualTo("405");
        assertThat(failed.transStatus()).isNull();
    }

    @Test
    void anErroFromTheDsFailsTheAuthentication() {
        ThreeDsServer unknown = new ThreeDsServer(db, new ThreeDsServer.Settings("NOT-REGISTERED",
                () -> URI.create(BASE + "/threeds/ds/areq"), () -> BASE, Duration.ofSeconds(1), Duration.ofMinutes(5)), link,
                (tenant, token) -> Optional.of(new CardLookup.Card(Pan.of(PAN), null)), Clock.systemUTC());
        Authentication a = unknown.start(merchant, request("tok_1"));
        assertThat(a.status()).isEqualTo("failed");
        assertThat(a.errorCode()).isEqualTo("303");
        assertThat(a.errorDescription()).contains("threeDSServerRefNumber");
    }

    @Test
    void badRequestsAreRejectedNamingTheFieldAndRule() {
        AuthenticationRequest r = request("tok_1");
        assertThatThrownBy(() -> server.start(merchant, request("tok_nope")))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field() + "/" + e.rule()).isEqualTo("token/not-found"));
        assertThatThrownBy(() -> server.start(TenantId.random(), r))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("token"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "ZZZ", r.merchant(), r.browser(),
                r.returnUrl(), null, null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("currency"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY",
                new AuthenticationRequest.Merchant("M-1", "Shop", "54", "JP", "400551"), r.browser(), r.returnUrl(), null, null, null,
                null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field() + "/" + e.rule()).isEqualTo("merchant.mcc/format"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), null, r.returnUrl(),
                null, null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("browser"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(),
                "javascript:alert(1)", null, null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("returnUrl"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(),
                r.returnUrl(), "09", null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("challengeWindowSize"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(),
                r.returnUrl(), null, "sometimes", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("challengePreference"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(),
                r.returnUrl(), null, null, null, null, null, null, "app", null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("channel"));
        assertThatThrownBy(() -> server.start(merchant, new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(),
                r.returnUrl(), null, null, null, null, new AuthenticationRequest.Shipping("x".repeat(51), null, null, null, null), null,
                null, null)))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.field()).isEqualTo("shipping.line1"));
        assertThat(lastAReq.get()).isNull();
    }

    @Test
    void aCardNumberInATextOfTheRequestIsRefusedNamingTheFieldAndNothingIsStored() {
        String card = "4111111111111111";
        AuthenticationRequest r = request("tok_1");
        long stored = count("select count(*) from threeds.server_authentications");
        java.util.function.Consumer<AuthenticationRequest> refused = bad -> assertThatThrownBy(() -> server.start(merchant, bad))
                .isInstanceOfSatisfying(AuthenticationRejected.class, e -> assertThat(e.rule()).isEqualTo("no-card-number"));
        refused.accept(new AuthenticationRequest("tok_1", 100L, "JPY", new AuthenticationRequest.Merchant("M-1", "Shop " + card, "5411",
                "JP", "400551"), r.browser(), r.returnUrl(), null, null, null, null, null, null, null, null));
        refused.accept(new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(), r.returnUrl(), null, null,
                "order " + card, null, null, null, null, null));
        refused.accept(new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(), r.returnUrl() + "?pan=" + card, null,
                null, null, null, null, null, null, null));
        refused.accept(new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), r.browser(), r.returnUrl(), null, null, null,
                null, new AuthenticationRequest.Shipping(card, null, null, null, null), null, null, null));
        refused.accept(new AuthenticationRequest("tok_1", 100L, "JPY", r.merchant(), new AuthenticationRequest.Browser("text/html",
                "Mozilla/5.0 " + card, "ja-JP", 24, 900, 1440, -540, false, true, null), r.returnUrl(), null, null, null, null, null,
                null, null, null));
        assertThat(lastAReq.get()).isNull();
        assertThat(count("select count(*) from threeds.server_authentications")).isEqualTo(stored);
    }

    private long count(String sql) {
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a3riAuthenticationSendsNoBrowserData() {
        AuthenticationRequest r = request("tok_1");
        Authentication a = server.start(merchant, new AuthenticationRequest("tok_1", 5000L, "JPY", r.merchant(), null, null, null, null,
                "sub-1", null, null, "payment", "3ri", null));
        assertThat(a.status()).as(a.errorCode() + " " + a.errorDescription()).isEqualTo("completed");
        assertThat(lastAReq.get().text("deviceChannel")).isEqualTo("03");
        assertThat(lastAReq.get().text("threeRIInd")).isEqualTo("11");
        assertThat(lastAReq.get().has("browserUserAgent")).isFalse();
        assertThat(lastAReq.get().has("threeDSCompInd")).isFalse();
    }
}
