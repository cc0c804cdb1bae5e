package dev.mamori.threeds.requestor;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.ds.MessageLink;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.Erro;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.MessageVersions;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import dev.mamori.threeds.requestor.internal.RangeCache;
import dev.mamori.threeds.requestor.internal.ServerStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 3DS Server (merchant/PSP domain): starts an authentication for a vault token, runs the ACS's
 * 3DS Method when the card range has one, sends the AReq to the Directory Server, hands the merchant
 * page the challenge (acsURL and creq) when the ACS asks for one, takes the final result from the
 * RReq and keeps it for the authorization. The card number is read from the vault for each AReq
 * and is never stored: the table holds the token and the masked card.
 */
public final class ThreeDsServer {
    private static final Logger log = LoggerFactory.getLogger(ThreeDsServer.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final DateTimeFormatter PURCHASE_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern MCC = Pattern.compile("[0-9]{4}");
    private static final Pattern BIN = Pattern.compile("[0-9]{6,11}");
    private static final Pattern WINDOW = Pattern.compile("0[1-5]");
    /** ISO 3166 numeric codes of the alpha-2 codes merchants most often send; any numeric code is taken as it is. */
    private static final Map<String, String> COUNTRIES = Map.ofEntries(Map.entry("JP", "392"), Map.entry("US", "840"),
            Map.entry("GB", "826"), Map.entry("DE", "276"), Map.entry("FR", "250"), Map.entry("CN", "156"), Map.entry("KR", "410"),
            Map.entry("TW", "158"), Map.entry("SG", "702"), Map.entry("HK", "344"), Map.entry("AU", "036"), Map.entry("CA", "124"),
            Map.entry("IT", "380"), Map.entry("ES", "724"), Map.entry("NL", "528"), Map.entry("TH", "764"), Map.entry("VN", "704"),
            Map.entry("PH", "608"), Map.entry("ID", "360"), Map.entry("MY", "458"), Map.entry("IN", "356"));

    private final ServerStore store;
    private final RangeCache ranges = new RangeCache();
    private final Settings settings;
    private final MessageLink link;
    private final CardLookup cards;
    private final Clock clock;
    private volatile Instant rangesFetched = Instant.EPOCH;

    /**
     * @param refNumber this 3DS Server's threeDSServerRefNumber at the DS
     * @param dsUrl the DS's AReq URL; the PReq goes to the same place with {@code preq} for {@code areq}
     * @param baseUrl this instance's base URL: the RReq, 3DS Method and challenge notification URLs are below it
     * @param dsTimeout how long to wait for the DS's answer
     * @param rangesMaxAge how long the card ranges from the last PRes are used before a new PReq
     */
    public record Settings(String refNumber, Supplier<URI> dsUrl, Supplier<String> baseUrl, Duration dsTimeout, Duration rangesMaxAge) {
        public Settings {
            Objects.requireNonNull(refNumber, "refNumber");
            Objects.requireNonNull(dsUrl, "dsUrl");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(dsTimeout, "dsTimeout");
            Objects.requireNonNull(rangesMaxAge, "rangesMaxAge");
        }
    }

    public static final String RREQ_PATH = "/threeds/server/rreq";
    public static final String METHOD_NOTIFICATION_PATH = "/threeds/server/method-notification";
    public static final String CHALLENGE_NOTIFICATION_PATH = "/threeds/server/challenge-notification";

    public ThreeDsServer(DataSource dataSource, Settings settings, MessageLink link, CardLookup cards, Clock clock) {
        this.store = new ServerStore(dataSource);
        this.settings = settings;
        this.link = link;
        this.cards = cards;
        this.clock = clock;
    }

    public String refNumber() {
        return settings.refNumber();
    }

    // --- start ---------------------------------------------------------------------------------

    /**
     * Starts an authentication: status {@code method} when the ACS has a 3DS Method to run first,
     * otherwise the AReq is sent at once and the result is {@code completed}, {@code challenge},
     * {@code decoupled} or {@code failed}.
     *
     * @throws AuthenticationRejected naming the field and rule of bad input ({@code token} / {@code not-found} for an unknown token)
     */
    public Authentication start(TenantId tenant, AuthenticationRequest request) {
        Checked checked = check(request);
        CardLookup.Card card = cards.card(tenant, request.token())
                .orElseThrow(() -> new AuthenticationRejected("token", "not-found", "the tenant has no such token"));
        String digits = card.pan().reveal(InsecurePanAccess.get());
        Optional<RangeCache.Entry> range = range(digits);
        String version = version(range);
        boolean method = checked.browser && range.map(r -> r.threeDsMethodUrl() != null).orElse(false)
                && !Boolean.TRUE.equals(request.skipMethod());
        Instant now = clock.instant();
        ServerStore.Row row = new ServerStore.Row(UUID.randomUUID(), tenant, UUID.randomUUID().toString(), request.token(),
                card.pan().masked(), request.orderId(), request.amountMinor(), checked.currency == null ? null
                : checked.currency.getCurrencyCode(), version, checked.category, checked.channel, JSON.writeValueAsString(request),
                request.returnUrl(), method ? range.get().threeDsMethodUrl() : null, false, null, method ? "method" : "sending", null,
                null, null, null, null, null, null, null, null, null, null, now, now, null);
        store.insert(row);
        if (method) {
            return view(store.get(tenant, row.id()).orElseThrow());
        }
        String compInd = !checked.browser ? null : Boolean.TRUE.equals(request.skipMethod()) && range.map(r -> r.threeDsMethodUrl() != null)
                .orElse(false) ? "N" : "U";
        return send(tenant, row.id(), "sending", compInd, card);
    }

    /**
     * Sends the AReq after the 3DS Method.
     *
     * @param methodCompleted Y, N or U (threeDSCompInd); null: Y when the ACS's method notification arrived, else N
     * @throws AuthenticationRejected {@code id} / {@code not-found}, or {@code status} / {@code state} when no method is pending
     */
    public Authentication continueAfterMethod(TenantId tenant, UUID id, String methodCompleted) {
        if (methodCompleted != null && !methodCompleted.matches("[YNU]")) {
            throw new AuthenticationRejected("methodCompleted", "one-of", "methodCompleted must be Y, N or U");
        }
        ServerStore.Row row = store.get(tenant, id).orElseThrow(() -> new AuthenticationRejected("id", "not-found", "no such authentication"));
        if (!"method".equals(row.status())) {
            throw new AuthenticationRejected("status", "state", "the authentication is " + row.status() + ", not waiting for the 3DS Method");
        }
        String compInd = methodCompleted != null ? methodCompleted : row.methodNotified() ? "Y" : "N";
        CardLookup.Card card = cards.card(tenant, row.token())
                .orElseThrow(() -> new AuthenticationRejected("token", "not-found", "the token no longer exists"));
        return send(tenant, id, "method", compInd, card);
    }

    private Authentication send(TenantId tenant, UUID id, String from, String compInd, CardLookup.Card card) {
        if (!store.claim(id, from, "sending", compInd, clock.instant())) {
            throw new AuthenticationRejected("status", "state", "the authentication has already moved on");
        }
        ServerStore.Row row = store.get(tenant, id).orElseThrow();
        AuthenticationRequest request = JSON.readValue(row.requestJson(), AuthenticationRequest.class);
        ThreeDsMessage areq = areq(row, request, compInd, card);
        Instant now;
        try {
            byte[] answer = link.send(settings.dsUrl().get(), areq.toBytes(), settings.dsTimeout());
            now = clock.instant();
            ThreeDsMessage ares = ThreeDsMessage.parse(answer);
            if (ares.type() == MessageType.Erro) {
                store.recordAres(id, "failed", null, null, null, null, null, null, null, null, ares.text("errorCode"),
                        ares.text("errorDescription") + (ares.text("errorDetail") == null ? "" : ": " + ares.text("errorDetail")), now, true);
                return view(store.get(tenant, id).orElseThrow());
            }
            MessageValidator.validate(ares, MessageType.ARes);
            if (!row.serverTransId().equals(ares.text("threeDSServerTransID"))) {
                throw new ThreeDsException(ErrorCode.TRANSACTION_DATA_NOT_VALID, "threeDSServerTransID", "the ARes is for another transaction");
            }
            String status = ares.text("transStatus");
            String state = "C".equals(status) ? "challenge" : "D".equals(status) ? "decoupled" : "completed";
            if ("challenge".equals(state) && (ares.text("acsURL") == null || ares.text("acsTransID") == null)) {
                throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "acsURL", "a challenge ARes names the ACS's URL");
            }
            store.recordAres(id, state, ares.text("dsTransID"), ares.text("acsTransID"), ares.text("acsURL"), status,
                    "completed".equals(state) ? status : null, ares.text("transStatusReason"), ares.text("eci"),
                    ares.text("authenticationValue"), null, null, now, "completed".equals(state));
        } catch (HttpTimeoutException e) {
            fail(id, ErrorCode.TRANSACTION_TIMED_OUT, "the Directory Server did not answer in time");
        } catch (IOException e) {
            log.warn("Directory Server unreachable for authentication {}: {}", id, e.getClass().getSimpleName());
            fail(id, ErrorCode.SYSTEM_CONNECTION_FAILURE, "the Directory Server cannot be reached");
        } catch (ThreeDsException e) {
            log.warn("invalid answer from the Directory Server for authentication {}: {}", id, e.getMessage());
            fail(id, e.code(), e.description() + (e.errorDetail() == null ? "" : ": " + e.errorDetail()));
        }
        return view(store.get(tenant, id).orElseThrow());
    }

    private void fail(UUID id, ErrorCode code, String description) {
        store.recordAres(id, "failed", null, null, null, null, null, null, null, null, code.code(), description, clock.instant(), true);
    }

    private ThreeDsMessage areq(ServerStore.Row row, AuthenticationRequest r, String compInd, CardLookup.Card card) {
        String base = settings.baseUrl().get();
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("messageType", MessageType.AReq.name());
        m.put("messageVersion", row.messageVersion());
        m.put("deviceChannel", row.deviceChannel());
        m.put("messageCategory", row.messageCategory());
        m.put("threeDSServerTransID", row.serverTransId());
        m.put("threeDSServerRefNumber", settings.refNumber());
        m.put("threeDSServerURL", base + RREQ_PATH);
        m.put("threeDSRequestorID", r.merchant().id());
        m.put("threeDSRequestorName", r.merchant().name());
        m.put("threeDSRequestorURL", r.returnUrl() != null ? origin(r.returnUrl()) : base);
        m.put("threeDSRequestorAuthenticationInd", "01".equals(row.messageCategory()) ? "01" : "04");
        m.put("threeDSRequestorChallengeInd", challengeInd(r.challengePreference()));
        if (r.decoupledMaxMinutes() != null) {
            m.put("threeDSRequestorDecReqInd", "Y");
            m.put("threeDSRequestorDecMaxTime", String.format("%05d", r.decoupledMaxMinutes()));
        }
        m.put("acquirerBIN", r.merchant().acquirerBin());
        if (!"2.2.0".equals(row.messageVersion())) {
            // The acquirer's country is taken as the merchant's; 01: set by the 3DS Server.
            m.put("acquirerCountryCode", country(r.merchant().country(), "merchant.country"));
            m.put("acquirerCountryCodeSource", "01");
        }
        m.put("acquirerMerchantID", r.merchant().id());
        m.put("merchantName", r.merchant().name());
        m.put("mcc", r.merchant().mcc());
        m.put("merchantCountryCode", country(r.merchant().country(), "merchant.country"));
        m.put("acctNumber", card.pan().reveal(InsecurePanAccess.get()));
        if (card.expiry() != null) {
            m.put("cardExpiryDate", String.format("%02d%02d", card.expiry().getYear() % 100, card.expiry().getMonthValue()));
        }
        if (row.amountMinor() != null) {
            Currency currency = Currency.getInstance(row.currency());
            m.put("purchaseAmount", Long.toString(row.amountMinor()));
            m.put("purchaseCurrency", String.format("%03d", currency.getNumericCode()));
            m.put("purchaseExponent", Integer.toString(Math.max(0, currency.getDefaultFractionDigits())));
            m.put("purchaseDate", PURCHASE_DATE.format(row.createdAt()));
            m.put("transType", "01");
        }
        if (r.email() != null) {
            m.put("email", r.email());
        }
        if (r.shipping() != null) {
            putIf(m, "shipAddrLine1", r.shipping().line1());
            putIf(m, "shipAddrLine2", r.shipping().line2());
            putIf(m, "shipAddrCity", r.shipping().city());
            putIf(m, "shipAddrPostCode", r.shipping().postCode());
            if (r.shipping().country() != null) {
                m.put("shipAddrCountry", country(r.shipping().country(), "shipping.country"));
            }
        }
        if ("02".equals(row.deviceChannel())) {
            AuthenticationRequest.Browser b = r.browser();
            m.put("threeDSCompInd", compInd);
            m.put("notificationURL", base + CHALLENGE_NOTIFICATION_PATH);
            m.put("browserAcceptHeader", b.acceptHeader());
            m.put("browserUserAgent", b.userAgent());
            m.put("browserLanguage", b.language());
            if (!"2.2.0".equals(row.messageVersion())) {
                m.putArray("acceptLanguage").add(b.language());
            }
            putIf(m, "browserIP", b.ip());
            boolean js = !Boolean.FALSE.equals(b.javascriptEnabled());
            m.put("browserJavascriptEnabled", js);
            if (js) {
                m.put("browserJavaEnabled", Boolean.TRUE.equals(b.javaEnabled()));
                m.put("browserColorDepth", Integer.toString(b.colorDepth()));
                m.put("browserScreenHeight", Integer.toString(b.screenHeight()));
                m.put("browserScreenWidth", Integer.toString(b.screenWidth()));
                m.put("browserTZ", Integer.toString(b.timeZone()));
            }
        } else {
            // 11 other payment, 05 account verification: the recurring and instalment kinds need data this API does not take.
            m.put("threeRIInd", "01".equals(row.messageCategory()) ? "11" : "05");
        }
        return ThreeDsMessage.of(m);
    }

    private static void putIf(ObjectNode m, String field, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(field, value);
        }
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    // --- the card ranges -----------------------------------------------------------------------

    private Optional<RangeCache.Entry> range(String digits) {
        boolean refreshed = false;
        if (!clock.instant().isBefore(rangesFetched.plus(settings.rangesMaxAge()))) {
            refreshRanges();
            refreshed = true;
        }
        Optional<RangeCache.Entry> found = ranges.find(digits);
        if (found.isEmpty() && !refreshed) {
            // A range registered since the last PReq: ask for the changes once more.
            refreshRanges();
            found = ranges.find(digits);
        }
        return found;
    }

    /**
     * Sends a PReq and applies the PRes. Always the full list: the DS's default routes (the demo
     * network's BIN routes) carry no serial number, so a list of changes would miss them. A failure
     * keeps the old ranges.
     */
    public synchronized void refreshRanges() {
        try {
            ThreeDsMessage pres = preq(null);
            if (pres.type() == MessageType.Erro) {
                log.warn("the Directory Server refused the PReq: {} {}", pres.text("errorCode"), pres.text("errorDetail"));
                return;
            }
            ranges.apply(pres, true);
            rangesFetched = clock.instant();
        } catch (IOException | ThreeDsException | RuntimeException e) {
            log.warn("card ranges not refreshed: {}", e.getClass().getSimpleName());
        }
    }

    private ThreeDsMessage preq(String serial) throws IOException, ThreeDsException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("messageType", MessageType.PReq.name());
        m.put("messageVersion", MessageVersions.highest());
        m.put("threeDSServerRefNumber", settings.refNumber());
        m.put("threeDSServerTransID", UUID.randomUUID().toString());
        if (serial != null) {
            m.put("serialNum", serial);
        }
        URI areqUrl = settings.dsUrl().get();
        // The DS's PReq endpoint sits beside its AReq endpoint (…/areq → …/preq).
        URI preqUrl = areqUrl.resolve("preq");
        return ThreeDsMessage.parse(link.send(preqUrl, ThreeDsMessage.of(m).toBytes(), settings.dsTimeout()));
    }

    /** The highest version both this server and the card's ACS speak; the lowest supported when the range is unknown. */
    private static String version(Optional<RangeCache.Entry> range) {
        if (range.isEmpty()) {
            return MessageVersions.SUPPORTED.get(0);
        }
        String best = MessageVersions.SUPPORTED.get(0);
        for (String v : MessageVersions.SUPPORTED) {
            int i = MessageVersions.SUPPORTED.indexOf(v);
            String from = range.get().acsStartProtocolVersion();
            String to = range.get().acsEndProtocolVersion();
            if ((from == null || MessageVersions.SUPPORTED.indexOf(from) <= i) && (to == null || !MessageVersions.supported(to)
                    || MessageVersions.SUPPORTED.indexOf(to) >= i)) {
                best = v;
            }
        }
        return best;
    }

    // --- the 3DS Method and the challenge ------------------------------------------------------

    /** threeDSMethodData: base64url JSON with the transaction id and where the ACS's method page reports back. */
    private String methodData(String serverTransId) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("threeDSServerTransID", serverTransId);
        m.put("threeDSMethodNotificationURL", settings.baseUrl().get() + METHOD_NOTIFICATION_PATH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(m));
    }

    /**
     * The ACS's 3DS Method page posted {@code threeDSMethodData} back: the method completed.
     *
     * @return false when the data names no authentication waiting for its method
     */
    public boolean methodNotification(String threeDsMethodData) {
        if (threeDsMethodData == null || threeDsMethodData.length() > 2048) {
            return false;
        }
        try {
            ThreeDsMessage data = ThreeDsMessage.parse(Base64.getUrlDecoder().decode(threeDsMethodData.strip()));
            String id = data.text("threeDSServerTransID");
            return id != null && store.markMethodNotified(id, clock.instant());
        } catch (IllegalArgumentException | ThreeDsException e) {
            return false;
        }
    }

    private String creq(ServerStore.Row row) {
        AuthenticationRequest request = JSON.readValue(row.requestJson(), AuthenticationRequest.class);
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("threeDSServerTransID", row.serverTransId());
        m.put("acsTransID", row.acsTransId());
        m.put("challengeWindowSize", request.challengeWindowSize() == null ? "05" : request.challengeWindowSize());
        m.put("messageType", MessageType.CReq.name());
        m.put("messageVersion", row.messageVersion());
        return ChallengeEncoding.encode(ThreeDsMessage.of(m));
    }

    /** Where the challenge notification page sends the cardholder: the authentication and the merchant's return URL. */
    public record ChallengeReturn(UUID authenticationId, String returnUrl, String transStatus) {
    }

    /**
     * The cardholder's browser posted the ACS's {@code cres} to the notification URL.
     *
     * @throws ThreeDsException when the CRes cannot be read or names no challenge of this server
     */
    public ChallengeReturn challengeResult(String cres) throws ThreeDsException {
        ThreeDsMessage message = ChallengeEncoding.decode(cres);
        MessageValidator.validate(message, MessageType.CRes);
        ServerStore.Row row = store.byServerTransId(message.text("threeDSServerTransID")).orElseThrow(() -> new ThreeDsException(
                ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "threeDSServerTransID", "no such transaction"));
        if (row.acsTransId() == null || !row.acsTransId().equals(message.text("acsTransID"))) {
            throw new ThreeDsException(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "acsTransID", "not the transaction's ACS id");
        }
        // The result of record is the RReq's (it reached us before the CRes); the CRes's is shown only until then.
        return new ChallengeReturn(row.id(), row.returnUrl(), row.transStatus() != null ? row.transStatus() : message.text("transStatus"));
    }

    // --- RReq ----------------------------------------------------------------------------------

    /** An RReq relayed by the DS: the final result is recorded; the answer is the RRes or an Erro (errorComponent S). */
    public ThreeDsMessage rreq(byte[] body) {
        ThreeDsMessage rreq = null;
        try {
            rreq = ThreeDsMessage.parse(body);
            MessageValidator.validate(rreq, MessageType.RReq);
            ServerStore.Row row = store.byServerTransId(rreq.text("threeDSServerTransID")).orElseThrow(() -> new ThreeDsException(
                    ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "threeDSServerTransID", "no such transaction"));
            if (row.dsTransId() == null || !row.dsTransId().equals(rreq.text("dsTransID"))) {
                throw new ThreeDsException(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "dsTransID", "not the transaction's DS id");
            }
            if (row.acsTransId() == null || !row.acsTransId().equals(rreq.text("acsTransID"))) {
                throw new ThreeDsException(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "acsTransID", "not the transaction's ACS id");
            }
            String status = rreq.text("transStatus");
            if (status == null || !status.matches("[YNUAR]")) {
                throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "transStatus", "Y, N, U, A or R");
            }
            store.recordResult(row.serverTransId(), status, rreq.text("transStatusReason"), rreq.text("eci"),
                    rreq.text("authenticationValue"), rreq.text("challengeCancel"), clock.instant());
            ObjectNode rres = JsonNodeFactory.instance.objectNode();
            rres.put("threeDSServerTransID", row.serverTransId());
            rres.put("acsTransID", row.acsTransId());
            rres.put("dsTransID", row.dsTransId());
            rres.put("messageType", MessageType.RRes.name());
            rres.put("messageVersion", rreq.version());
            rres.put("resultsStatus", "01");
            return ThreeDsMessage.of(rres);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'S', rreq);
        }
    }

    // --- reading -------------------------------------------------------------------------------

    public Optional<Authentication> get(TenantId tenant, UUID id) {
        return store.get(tenant, id).map(this::view);
    }

    private Authentication view(ServerStore.Row r) {
        boolean method = "method".equals(r.status());
        boolean challenge = "challenge".equals(r.status());
        return new Authentication(r.id(), r.status(), r.serverTransId(), r.maskedPan(), r.token(), r.orderId(), r.amountMinor(), r.currency(),
                r.messageVersion(), r.messageCategory(), r.deviceChannel(), method ? r.methodUrl() : null,
                method ? methodData(r.serverTransId()) : null, challenge ? r.acsUrl() : null, challenge ? creq(r) : null, r.dsTransId(),
                r.acsTransId(), r.aresStatus(), r.transStatus(), r.transStatusReason(), r.eci(), r.authenticationValue(), r.errorCode(),
                r.errorDescription(), r.returnUrl(), r.createdAt(), r.completedAt());
    }

    // --- input ---------------------------------------------------------------------------------

    private record Checked(String category, String channel, boolean browser, Currency currency) {
    }

    private static Checked check(AuthenticationRequest r) {
        if (r.token() == null || r.token().isBlank()) {
            throw new AuthenticationRejected("token", "required", "token is required");
        }
        if (r.token().length() > 128) {
            throw new AuthenticationRejected("token", "format", "token is at most 128 characters");
        }
        String category = switch (r.category() == null ? "payment" : r.category()) {
            case "payment" -> "01";
            case "non-payment" -> "02";
            default -> throw new AuthenticationRejected("category", "one-of", "category must be payment or non-payment");
        };
        String channel = switch (r.channel() == null ? "browser" : r.channel()) {
            case "browser" -> "02";
            case "3ri" -> "03";
            default -> throw new AuthenticationRejected("channel", "one-of", "channel must be browser or 3ri");
        };
        if (r.decoupledMaxMinutes() != null && (r.decoupledMaxMinutes() < 1 || r.decoupledMaxMinutes() > 10_080)) {
            // The spec's threeDSRequestorDecMaxTime: 1 minute to 7 days.
            throw new AuthenticationRejected("decoupledMaxMinutes", "range", "decoupledMaxMinutes must be 1 to 10080 (7 days)");
        }
        Currency currency = null;
        if ("01".equals(category) || r.amountMinor() != null) {
            if (r.amountMinor() == null) {
                throw new AuthenticationRejected("amount", "required", "a payment authentication needs the amount");
            }
            if (r.amountMinor() < 0 || r.amountMinor() > 999_999_999_999L) {
                throw new AuthenticationRejected("amount", "range", "amount must be 0 to 999999999999 minor units");
            }
            if (r.currency() == null) {
                throw new AuthenticationRejected("currency", "required", "currency is required with an amount");
            }
            try {
                currency = Currency.getInstance(r.currency());
            } catch (IllegalArgumentException e) {
                throw new AuthenticationRejected("currency", "iso-4217", "currency must be an ISO 4217 code such as JPY");
            }
        }
        AuthenticationRequest.Merchant m = r.merchant();
        if (m == null) {
            throw new AuthenticationRejected("merchant", "required", "merchant is required");
        }
        text(m.id(), "merchant.id", 35);
        text(m.name(), "merchant.name", 40);
        if (m.mcc() == null || !MCC.matcher(m.mcc()).matches()) {
            throw new AuthenticationRejected("merchant.mcc", "format", "merchant.mcc must be four digits");
        }
        if (m.acquirerBin() == null || !BIN.matcher(m.acquirerBin()).matches()) {
            throw new AuthenticationRejected("merchant.acquirerBin", "format", "merchant.acquirerBin must be 6 to 11 digits");
        }
        country(m.country(), "merchant.country");
        if (r.shipping() != null) {
            // The spec's lengths of shipAddrLine1/2, shipAddrCity and shipAddrPostCode.
            optional(r.shipping().line1(), "shipping.line1", 50);
            optional(r.shipping().line2(), "shipping.line2", 50);
            optional(r.shipping().city(), "shipping.city", 50);
            optional(r.shipping().postCode(), "shipping.postCode", 16);
            if (r.shipping().country() != null) {
                country(r.shipping().country(), "shipping.country");
            }
        }
        if (r.email() != null && (r.email().length() > 254 || !r.email().matches("[^@\\s]+@[^@\\s]+"))) {
            throw new AuthenticationRejected("email", "format", "email must be an e-mail address of at most 254 characters");
        }
        if (r.orderId() != null && r.orderId().length() > 64) {
            throw new AuthenticationRejected("orderId", "format", "orderId is at most 64 characters");
        }
        noCardNumber(r.orderId(), "orderId");
        noCardNumber(r.email(), "email");
        noCardNumber(r.returnUrl(), "returnUrl");
        if (r.challengeWindowSize() != null && !WINDOW.matcher(r.challengeWindowSize()).matches()) {
            throw new AuthenticationRejected("challengeWindowSize", "one-of", "challengeWindowSize must be 01 to 05");
        }
        challengeInd(r.challengePreference());
        boolean browser = "02".equals(channel);
        if (browser) {
            if (r.returnUrl() == null) {
                throw new AuthenticationRejected("returnUrl", "required", "a browser authentication needs the returnUrl");
            }
            url(r.returnUrl(), "returnUrl");
            AuthenticationRequest.Browser b = r.browser();
            if (b == null) {
                throw new AuthenticationRejected("browser", "required", "a browser authentication needs the browser data");
            }
            text(b.acceptHeader(), "browser.acceptHeader", 2048);
            text(b.userAgent(), "browser.userAgent", 2048);
            text(b.language(), "browser.language", 35);
            if (b.ip() != null && (b.ip().length() > 45 || !b.ip().matches("[0-9a-fA-F.:]+"))) {
                throw new AuthenticationRejected("browser.ip", "format", "browser.ip must be an IPv4 or IPv6 address");
            }
            if (!Boolean.FALSE.equals(b.javascriptEnabled())) {
                if (b.colorDepth() == null || !java.util.List.of(1, 4, 8, 15, 16, 24, 30, 32, 48).contains(b.colorDepth())) {
                    throw new AuthenticationRejected("browser.colorDepth", "one-of", "browser.colorDepth must be 1, 4, 8, 15, 16, 24, 30, 32 or 48");
                }
                positive(b.screenHeight(), "browser.screenHeight");
                positive(b.screenWidth(), "browser.screenWidth");
                if (b.timeZone() == null || Math.abs(b.timeZone()) > 1440) {
                    throw new AuthenticationRejected("browser.timeZone", "range", "browser.timeZone is the offset in minutes, -1440 to 1440");
                }
            }
        } else if ("01".equals(category) && r.returnUrl() != null) {
            url(r.returnUrl(), "returnUrl");
        }
        return new Checked(category, channel, browser, currency);
    }

    private static void text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new AuthenticationRejected(field, "required", field + " is required");
        }
        if (value.length() > max) {
            throw new AuthenticationRejected(field, "format", field + " is at most " + max + " characters");
        }
        noCardNumber(value, field);
    }

    private static void optional(String value, String field, int max) {
        if (value != null && value.length() > max) {
            throw new AuthenticationRejected(field, "format", field + " is at most " + max + " characters");
        }
        noCardNumber(value, field);
    }

    /** The request is stored as it came and its texts go into the AReq: a card number in one would be kept in clear. */
    private static void noCardNumber(String value, String field) {
        if (value != null && dev.mamori.common.CardNumberDetector.containsCardNumber(value)) {
            throw new AuthenticationRejected(field, "no-card-number", field + " must not contain a card number");
        }
    }

    private static void positive(Integer value, String field) {
        if (value == null || value < 1 || value > 99_999) {
            throw new AuthenticationRejected(field, "range", field + " must be 1 to 99999 pixels");
        }
    }

    private static void url(String value, String field) {
        try {
            URI u = new URI(value);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null || value.length() > 2048) {
                throw new AuthenticationRejected(field, "url", field + " must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new AuthenticationRejected(field, "url", field + " must be an absolute http(s) URL");
        }
    }

    static String country(String value, String field) {
        if (value == null) {
            throw new AuthenticationRejected(field, "required", field + " is required");
        }
        if (value.matches("[0-9]{3}")) {
            return value;
        }
        String numeric = COUNTRIES.get(value);
        if (numeric == null) {
            throw new AuthenticationRejected(field, "iso-3166", field + " must be an ISO 3166 numeric code (392) or one of " + COUNTRIES.keySet());
        }
        return numeric;
    }

    private static String challengeInd(String preference) {
        if (preference == null) {
            return "01";
        }
        return switch (preference) {
            case "no-preference", "01" -> "01";
            case "no-challenge", "02" -> "02";
            case "challenge", "03" -> "03";
            case "mandate", "04" -> "04";
            default -> {
                if (preference.matches("0[5-9]")) {
                    yield preference;
                }
                throw new AuthenticationRejected("challengePreference", "one-of",
                        "challengePreference must be no-preference, no-challenge, challenge or mandate");
            }
        };
    }
}
