package dev.mamori.threeds.acs;

import com.nimbusds.jose.jwk.ECKey;
import dev.mamori.common.CardBrand;
import dev.mamori.common.Currencies;
import dev.mamori.common.InvalidPanException;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationContext;
import dev.mamori.threeds.AuthenticationRiskDecider;
import dev.mamori.threeds.AuthenticationValueIssuer;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeAuthenticator.Challenge;
import dev.mamori.threeds.ChallengeAuthenticator.ChallengeRefused;
import dev.mamori.threeds.ChallengeAuthenticator.Verdict;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.RiskDecision;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.TransactionIds;
import dev.mamori.threeds.acs.internal.AcsStore;
import dev.mamori.threeds.acs.internal.AppChannel;
import dev.mamori.threeds.acs.internal.AppTexts;
import dev.mamori.threeds.authvalue.Eci;
import dev.mamori.threeds.acs.internal.PendingCards;
import dev.mamori.threeds.message.ChallengeEncoding;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.Erro;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The issuer's Access Control Server: answers AReq with ARes after a risk-based decision, runs the
 * browser and app challenges (CReq/CRes), and reports every challenge's result to the Directory
 * Server (RReq). Bad or out-of-order messages are answered with Erro messages, never exceptions.
 *
 * <p>Protocol state lives in {@code threeds.acs_transactions}; the challenge's own state (codes,
 * attempts, resends) in the {@link ChallengeAuthenticator}. Card numbers are never stored: the
 * card is the vault fingerprint the {@link CardDirectory} returns.
 */
public final class Acs {
    private static final Logger log = LoggerFactory.getLogger(Acs.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** AReq elements that are card data and so never become risk signals. */
    private static final List<String> NOT_SIGNALS = List.of("acctNumber", "cardExpiryDate", "messageType");
    private static final int JOB_BATCH = 200;
    private static final Duration METHOD_VISIT_RETENTION = Duration.ofDays(1);

    /** transStatusReason 15–18: the issuer's confidence in a frictionless Y. */
    private static final Set<String> CONFIDENCE_REASONS = Set.of("15", "16", "17", "18");
    private final AcsStore store;
    private final CardDirectory cards;
    private final AuthenticationRiskDecider decider;
    private final ChallengeAuthenticator challenges;
    private final AuthenticationValueIssuer values;
    private final DirectoryServerClient directoryServer;
    private final AcsSettings settings;
    private final Clock clock;
    private final PendingCards pending = new PendingCards();
    private final AppChannel appChannel;

    public Acs(DataSource dataSource, CardDirectory cards, AuthenticationRiskDecider decider, ChallengeAuthenticator challenges,
               AuthenticationValueIssuer values, DirectoryServerClient directoryServer, AcsSettings settings, Clock clock) {
        this(dataSource, cards, decider, challenges, values, directoryServer, settings, clock, AcsSigningKey.selfSigned());
    }

    /** @param signingKey signs the app channel's acsSignedContent (see {@link AcsSigningKey}) */
    public Acs(DataSource dataSource, CardDirectory cards, AuthenticationRiskDecider decider, ChallengeAuthenticator challenges,
               AuthenticationValueIssuer values, DirectoryServerClient directoryServer, AcsSettings settings, Clock clock,
               AcsSigningKey signingKey) {
        // The channel key lives as long as a challenge can: the wait for the first CReq plus the challenge itself.
        this.appChannel = new AppChannel(signingKey, clock, settings.creqTimeout().plus(settings.challengeTimeout()));
        this.store = new AcsStore(dataSource);
        this.cards = cards;
        this.decider = decider;
        this.challenges = challenges;
        this.values = values;
        this.directoryServer = directoryServer;
        this.settings = settings;
        this.clock = clock;
    }

    public Optional<AcsTransaction> transaction(String acsTransId) {
        return acsTransId == null ? Optional.empty() : store.find(acsTransId);
    }

    // ---------------------------------------------------------------- AReq

    /**
     * An AReq as it arrives (JSON bytes, over HTTP or from a Directory Server in the same process),
     * answered as it leaves: the ARes, or an Erro for a body that is not a 3-D Secure message.
     */
    public byte[] answerAReq(byte[] body) {
        ThreeDsMessage answer;
        try {
            answer = handleAReq(ThreeDsMessage.parse(body == null ? new byte[0] : body));
        } catch (ThreeDsException e) {
            answer = Erro.of(e, 'A', null);
        }
        return answer.toBytes();
    }

    /** Answers an AReq: an ARes, or an Erro for a malformed one. Never throws for bad input. */
    public ThreeDsMessage handleAReq(ThreeDsMessage areq) {
        try {
            MessageValidator.validate(areq, MessageType.AReq, MessageValidator.Context.AREQ_FROM_DS);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'A', areq);
        }
        // The elements this class reads, checked here too so that a gap in validation cannot become an exception.
        for (String field : List.of("dsTransID", "deviceChannel", "messageCategory", "acctNumber")) {
            if (areq.text(field) == null) {
                return Erro.of(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, 'A', field, field + " is required", areq);
            }
        }
        DeviceChannel channel = DeviceChannel.fromCode(areq.text("deviceChannel"));
        MessageCategory category = MessageCategory.fromCode(areq.text("messageCategory"));
        if (channel == null) {
            return invalid("deviceChannel", "deviceChannel must be 01, 02 or 03", areq);
        }
        if (category == null) {
            return invalid("messageCategory", "messageCategory must be 01 or 02", areq);
        }
        if (channel == DeviceChannel.APP) {
            // Checked before anything is stored: an app challenge cannot run without the SDK's key.
            if (areq.text("sdkReferenceNumber") == null) {
                return Erro.of(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, 'A', "sdkReferenceNumber", "sdkReferenceNumber is required", areq);
            }
            try {
                JsonNode jwk = areq.node("sdkEphemPubKey");
                sdkKey(areq);
            } catch (AppChannel.BadSdkKey e) {
                return invalid("sdkEphemPubKey", e.getMessage(), areq);
            }
        }
        Pan pan;
        try {
            pan = Pan.of(areq.text("acctNumber"));
        } catch (InvalidPanException e) {
            return invalid("acctNumber", "acctNumber is not a valid card number (" + e.rule() + ")", areq);
        }
        Long amount = null;
        Currency currency = null;
        if (areq.has("purchaseAmount")) {
            try {
                amount = Long.parseLong(areq.text("purchaseAmount"));
            } catch (NumberFormatException e) {
                return invalid("purchaseAmount", "purchaseAmount must be digits", areq);
            }
            currency = currency(areq.text("purchaseCurrency"));
            if (currency == null) {
                return invalid("purchaseCurrency", "purchaseCurrency must be an ISO 4217 numeric code", areq);
            }
        }
        String acsTransId = TransactionIds.next();
        Instant now = clock.instant();
        Optional<CardDirectory.Card> found;
        try {
            found = cards.find(pan);
        } catch (RuntimeException e) {
            log.warn("ACS: card directory failed for {}", areq, e);
            pan.wipe();
            return Erro.of(ErrorCode.TRANSIENT_SYSTEM_FAILURE, 'A', "acctNumber", "the card directory is unavailable", areq);
        }
        try {
            if (found.isEmpty()) {
                // Not an error: the DS routed a card this issuer has no record of.
                store.insert(record(areq, acsTransId, null, null, channel, category, amount, currency, null, TransStatus.N, "08", null,
                        AcsTransaction.REJECTED, store.methodVisited(areq.text("threeDSServerTransID")), now));
                return ares(areq, acsTransId, TransStatus.N, "08").toMessage();
            }
            return decide(areq, acsTransId, found.get(), pan, channel, category, amount, currency, now);
        } catch (RuntimeException e) {
            log.warn("ACS: {} failed", areq, e);
            pending.release(acsTransId);
            return Erro.of(ErrorCode.TRANSIENT_SYSTEM_FAILURE, 'A', "acsTransID", "the ACS could not answer; try again", areq);
        } finally {
            if (pending.peek(acsTransId) != pan) {
                pan.wipe();
            }
        }
    }

    private ThreeDsMessage decide(ThreeDsMessage areq, String acsTransId, CardDirectory.Card card, Pan pan, DeviceChannel channel,
                                  MessageCategory category, Long amount, Currency currency, Instant now) {
        boolean visited = store.methodVisited(areq.text("threeDSServerTransID"));
        Map<String, String> signals = signals(areq);
        signals.put("acs.methodVisited", visited ? "Y" : "N");
        AuthenticationContext context = new AuthenticationContext(card.issuer(), pan, card.cardFingerprint(), acsTransId,
                areq.version(), channel, category, amount, currency, areq.text("acquirerMerchantID"), areq.text("merchantName"),
                areq.text("mcc"), areq.text("merchantCountryCode"), challengeIndicator(areq), areq.text("threeRIInd"),
                signals, now);
        RiskDecision decision = decider.decide(context);
        TransStatus status = decision.status();
        String reason = decision.transStatusReason();
        List<ChallengeMethod> methods = List.of();
        if (status == TransStatus.C || status == TransStatus.D) {
            if (channel == DeviceChannel.THREE_RI) {
                // No cardholder is present in 3RI: a challenge cannot happen, so the risk that asked for one refuses.
                status = TransStatus.N;
                reason = reason != null ? reason : "16";
            } else {
                methods = challenges.methods(card.issuer(), card.cardFingerprint());
                if (methods.isEmpty()) {
                    status = TransStatus.N;
                    reason = "13";
                } else {
                    status = decoupledAllowed(areq, methods) ? TransStatus.D : TransStatus.C;
                    reason = null;
                }
            }
        } else if (status == TransStatus.I) {
            status = TransStatus.U;
        }
        if (status == TransStatus.N || status == TransStatus.U || status == TransStatus.R) {
            reason = reason == null ? (status == TransStatus.U ? "22" : "11") : reason;
        } else if (!(status == TransStatus.Y && reason != null && CONFIDENCE_REASONS.contains(reason))) {
            // A frictionless Y keeps the issuer's confidence (15 low … 18 very high); no other answer carries a reason.
            reason = null;
        }
        String eci = Eci.of(card.brand(), status);
        String state = switch (status) {
            case Y, A -> AcsTransaction.FRICTIONLESS;
            case C, D -> AcsTransaction.CHALLENGE;
            default -> AcsTransaction.REJECTED;
        };
        String authenticationValue = null;
        if (status == TransStatus.Y || status == TransStatus.A) {
            authenticationValue = values.issue(payment(card.issuer(), pan, amount, currency, areq.text("acquirerMerchantID"), acsTransId,
                    eci, null, now));
        }
        AcsStore.NewTransaction row = record(areq, acsTransId, card, decision, channel, category, amount, currency, eci, status, reason,
                methods.isEmpty() ? null : methods.get(0), state, visited, now);
        store.insert(row);
        if (status == TransStatus.C || status == TransStatus.D) {
            pending.hold(acsTransId, pan);
        }
        if (status == TransStatus.D && !startDecoupled(areq, card, acsTransId, now)) {
            status = TransStatus.C;
        }
        Ares ares = ares(areq, acsTransId, status, reason);
        if (status == TransStatus.Y || status == TransStatus.A) {
            ares.json.put("eci", eci);
            ares.json.put("authenticationValue", authenticationValue);
        } else if (status == TransStatus.D) {
            ares.json.put("acsChallengeMandated", "N");
            ares.json.put("acsDecConInd", "Y");
            putAuthenticationMethod(ares.json, areq.version(), ChallengeMethod.OUT_OF_BAND);
            String info = AppTexts.text(areq.text("browserLanguage"), "decoupled");
            if (areq.version().startsWith("2.3")) {
                ares.json.putObject("cardholderInfo").put("text", info);
            } else {
                ares.json.put("cardholderInfo", info);
            }
        } else if (status == TransStatus.C) {
            ChallengeMethod preferred = methods.get(0);
            ares.json.put("acsChallengeMandated", "N");
            putAuthenticationMethod(ares.json, areq.version(), preferred);
            if (channel == DeviceChannel.BROWSER) {
                ares.json.put("acsURL", settings.challengeUrl().get().toString());
            } else {
                ObjectNode rendering = ares.json.putObject("acsRenderingType");
                rendering.put("acsInterface", "01");
                rendering.put("acsUiTemplate", preferred.acsUiType());
                ares.json.put("acsSignedContent", appChannel.open(acsTransId, settings.acsReferenceNumber(), appChallengeUrl(),
                        sdkKeyChecked(areq), areq.text("sdkReferenceNumber")));
            }
        }
        return ares.toMessage();
    }

    /** Decoupled authentication: the requestor allows it (threeDSRequestorDecReqInd Y) and the card's preferred method is the issuer's app. */
    private static boolean decoupledAllowed(ThreeDsMessage areq, List<ChallengeMethod> methods) {
        return "Y".equals(areq.text("threeDSRequestorDecReqInd")) && methods.get(0) == ChallengeMethod.OUT_OF_BAND;
    }

    /**
     * Sends the app's request of a decoupled authentication (after the row is stored: the request shows the
     * purchase it reads from it). When it cannot be sent, the transaction becomes an ordinary challenge.
     */
    private boolean startDecoupled(ThreeDsMessage areq, CardDirectory.Card card, String acsTransId, Instant now) {
        store.startChallenge(acsTransId, ChallengeMethod.OUT_OF_BAND, null, now);
        try {
            challenges.start(card.issuer(), card.cardFingerprint(), acsTransId, ChallengeMethod.OUT_OF_BAND,
                    locale(areq.text("browserLanguage")));
            return true;
        } catch (ChallengeRefused e) {
            store.decoupledRefused(acsTransId);
            return false;
        }
    }

    private AcsStore.NewTransaction record(ThreeDsMessage areq, String acsTransId, CardDirectory.Card card, RiskDecision decision,
                                           DeviceChannel channel, MessageCategory category, Long amount, Currency currency, String eci,
                                           TransStatus status, String reason, ChallengeMethod method, String state, boolean visited,
                                           Instant now) {
        String language = areq.text("browserLanguage");
        return new AcsStore.NewTransaction(acsTransId, card == null ? null : card.issuer(), areq.text("dsTransID"),
                areq.text("threeDSServerTransID"), areq.text("sdkTransID"), areq.version(), channel, category,
                card == null ? null : card.cardFingerprint(), card == null ? null : card.brand().id(), amount,
                currency == null ? null : currency.getCurrencyCode(), truncate(areq.text("acquirerMerchantID"), 35),
                truncate(maskedCardNumbers(areq.text("merchantName")), 40), truncate(areq.text("mcc"), 4), decision == null ? null : decision.score(),
                decision == null ? null : truncate(String.join(",", decision.reasons()), 400),
                decision == null ? null : decision.exemption().name(), status, reason, eci, state,
                truncate(areq.text("notificationURL"), 256), truncate(areq.text("dsReferenceNumber"), 32),
                truncate(areq.text("challengeWindowSize"), 2), truncate(language, 35),
                visited, now);
    }

    /** A free text of the AReq is kept and shown: a card number typed into it keeps its first six and last four digits only. */
    private static String maskedCardNumbers(String text) {
        return text == null ? null : dev.mamori.common.CardNumberDetector.mask(text);
    }

    /** threeDSRequestorChallengeInd: one code in 2.2.0, a list in 2.3.1 (its first code is the requestor's main preference). */
    private static String challengeIndicator(ThreeDsMessage areq) {
        JsonNode node = areq.node("threeDSRequestorChallengeInd");
        if (node != null && node.isArray()) {
            return node.size() > 0 && node.get(0).isString() ? node.get(0).stringValue() : null;
        }
        return areq.text("threeDSRequestorChallengeInd");
    }

    /** The ARes's common elements. */
    private Ares ares(ThreeDsMessage areq, String acsTransId, TransStatus status, String reason) {
        ObjectNode json = JSON.objectNode();
        json.put("messageType", "ARes");
        json.put("messageVersion", areq.version());
        json.put("threeDSServerTransID", areq.text("threeDSServerTransID"));
        json.put("acsTransID", acsTransId);
        json.put("dsTransID", areq.text("dsTransID"));
        if (areq.text("sdkTransID") != null) {
            json.put("sdkTransID", areq.text("sdkTransID"));
        }
        if ("01".equals(areq.text("deviceChannel")) && !"2.2.0".equals(areq.version())) {
            // 2.3.1 requires both of an app ARes. The ACS reads the device data as its 1.0 structure.
            json.put("threeDSRequestorAppURLInd", areq.text("threeDSRequestorAppURL") != null ? "Y" : "N");
            json.put("deviceInfoRecognisedVersion", "1.0");
        }
        json.put("acsReferenceNumber", settings.acsReferenceNumber());
        json.put("acsOperatorID", settings.acsOperatorId());
        if (areq.text("dsReferenceNumber") != null) {
            json.put("dsReferenceNumber", areq.text("dsReferenceNumber"));
        }
        json.put("transStatus", status.name());
        if (reason != null) {
            json.put("transStatusReason", reason);
        }
        return new Ares(json);
    }

    private record Ares(ObjectNode json) {
        ThreeDsMessage toMessage() {
            return ThreeDsMessage.of(json);
        }
    }

    /** The AReq's elements flattened to text ({@code acctInfo.chAccAgeInd}), without card data. */
    static Map<String, String> signals(ThreeDsMessage areq) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : areq.json().properties()) {
            if (!NOT_SIGNALS.contains(e.getKey())) {
                flatten(e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.asString());
        }
    }

    // ---------------------------------------------------------------- browser challenge

    /**
     * The browser's CReq (the {@code creq} form field, base64url): starts the challenge and shows its
     * first screen, or ends at once when the challenge cannot start.
     *
     * @param locale the browser's language, when the AReq carried none
     */
    public BrowserStep startBrowserChallenge(String encodedCReq, Locale locale) {
        ThreeDsMessage creq;
        try {
            if (encodedCReq == null || encodedCReq.isBlank()) {
                return new BrowserStep.Failed(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING.code(), "creq");
            }
            creq = ChallengeEncoding.decode(encodedCReq.trim());
        } catch (ThreeDsException e) {
            return new BrowserStep.Failed(e.code().code(), "creq");
        }
        Optional<AcsTransaction> found = transaction(creq.text("acsTransID"));
        if (found.isEmpty() || !found.get().serverTransId().equals(creq.text("threeDSServerTransID"))
                || found.get().channel() != DeviceChannel.BROWSER) {
            // The CReq names no transaction of ours (or another 3DS Server's): no notificationURL to trust.
            return new BrowserStep.Failed(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED.code(), "acsTransID");
        }
        AcsTransaction tx = found.get();
        try {
            MessageValidator.validate(creq, MessageType.CReq, MessageValidator.Context.of(DeviceChannel.BROWSER, tx.category()));
        } catch (ThreeDsException e) {
            return erroToBrowser(tx, Erro.of(e, 'A', creq));
        }
        String language = tx.language() != null ? tx.language() : locale == null ? null : locale.toLanguageTag();
        if (!AcsTransaction.CHALLENGE.equals(tx.state()) || tx.challengeStartedAt() != null) {
            return notRunning(tx, creq);
        }
        if (expired(tx, clock.instant())) {
            expireOne(tx, clock.instant());
            return notRunning(store.find(tx.acsTransId()).orElseThrow(), creq);
        }
        String window = creq.text("challengeWindowSize");
        Optional<Challenge> started = begin(tx, Locale.forLanguageTag(language == null ? "en" : language),
                window != null && window.matches("0[1-5]") ? window : null);
        AcsTransaction current = store.find(tx.acsTransId()).orElseThrow();
        return started.map(challenge -> (BrowserStep) screen(current, challenge, null, language))
                .orElseGet(() -> finalPage(store.find(tx.acsTransId()).orElseThrow()));
    }

    /** The cardholder's code (for out of band, the "I have approved" button: {@code answer} is ignored). */
    public BrowserStep answer(String acsTransId, String answer) {
        Optional<AcsTransaction> running = runningBrowser(acsTransId);
        if (running.isEmpty()) {
            return afterEnd(acsTransId);
        }
        AcsTransaction tx = running.get();
        if (answer == null || answer.isBlank()) {
            if (tx.challengeMethod() != ChallengeMethod.OUT_OF_BAND) {
                return screen(tx, null, "empty", tx.language());
            }
        }
        String notice = verify(tx, answer == null ? "" : answer.trim());
        AcsTransaction now = store.find(acsTransId).orElseThrow();
        if (!AcsTransaction.CHALLENGE.equals(now.state())) {
            return finalPage(now);
        }
        return screen(now, null, notice, now.language());
    }

    /** Sends a fresh code; the screen says so, or that no more codes can be sent. */
    public BrowserStep resend(String acsTransId) {
        Optional<AcsTransaction> running = runningBrowser(acsTransId);
        if (running.isEmpty()) {
            return afterEnd(acsTransId);
        }
        AcsTransaction tx = running.get();
        try {
            Challenge challenge = challenges.resend(tx.tenant(), acsTransId, locale(tx));
            return screen(tx, challenge, "resent", tx.language());
        } catch (ChallengeRefused e) {
            return screen(tx, null, "resend-refused", tx.language());
        }
    }

    /** The cardholder pressed cancel: N with challengeCancel 01, reported to the DS. */
    public BrowserStep cancel(String acsTransId) {
        Optional<AcsTransaction> running = runningBrowser(acsTransId);
        if (running.isEmpty()) {
            return afterEnd(acsTransId);
        }
        cancelChallenge(running.get(), "01");
        return finalPage(store.find(acsTransId).orElseThrow());
    }

    /** The current screen again (e.g. the page reloaded), or the final page when the challenge has ended. */
    public BrowserStep current(String acsTransId) {
        Optional<AcsTransaction> running = runningBrowser(acsTransId);
        return running.isPresent() ? screen(running.get(), null, null, running.get().language()) : afterEnd(acsTransId);
    }

    private Optional<AcsTransaction> runningBrowser(String acsTransId) {
        Optional<AcsTransaction> found = transaction(acsTransId);
        if (found.isEmpty() || found.get().channel() != DeviceChannel.BROWSER || !AcsTransaction.CHALLENGE.equals(found.get().state())
                || found.get().challengeStartedAt() == null || found.get().aresStatus() == TransStatus.D) {
            return Optional.empty();
        }
        AcsTransaction tx = found.get();
        if (expired(tx, clock.instant())) {
            expireOne(tx, clock.instant());
            return Optional.empty();
        }
        return found;
    }

    /** A browser action on a challenge that is not running: its final page, or an error page for an unknown id. */
    private BrowserStep afterEnd(String acsTransId) {
        Optional<AcsTransaction> found = transaction(acsTransId);
        if (found.isEmpty() || found.get().channel() != DeviceChannel.BROWSER || found.get().notificationUrl() == null) {
            return new BrowserStep.Failed(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED.code(), "acsTransID");
        }
        AcsTransaction tx = found.get();
        if (AcsTransaction.CHALLENGE.equals(tx.state())) {
            // Answered before the CReq started the challenge: out of order.
            return new BrowserStep.Failed(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED.code(), "acsTransID");
        }
        return finalPage(tx);
    }

    /** A CReq for a challenge already started or ended: the 3DS Server is told with an Erro through the browser. */
    private BrowserStep notRunning(AcsTransaction tx, ThreeDsMessage creq) {
        if (AcsTransaction.TIMED_OUT.equals(tx.state())) {
            return erroToBrowser(tx, Erro.of(ErrorCode.TRANSACTION_TIMED_OUT, 'A', "acsTransID",
                    "the challenge timed out at the ACS", creq));
        }
        return erroToBrowser(tx, Erro.of(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, 'A', "acsTransID",
                AcsTransaction.CHALLENGE.equals(tx.state()) ? "the challenge has already started" : "the challenge has already ended",
                creq));
    }

    private BrowserStep erroToBrowser(AcsTransaction tx, ThreeDsMessage erro) {
        if (tx.notificationUrl() == null) {
            return new BrowserStep.Failed(erro.text("errorCode"), erro.text("errorDetail"));
        }
        return new BrowserStep.Finished(tx.acsTransId(), tx.notificationUrl(), ChallengeEncoding.encode(erro), null, "error",
                tx.challengeWindowSize(), tx.language());
    }

    private BrowserStep.Screen screen(AcsTransaction tx, Challenge challenge, String notice, String language) {
        return new BrowserStep.Screen(tx.acsTransId(), challenge != null ? challenge.method() : tx.challengeMethod(),
                challenge != null ? challenge.maskedDestination() : lastDestination(tx),
                challenge != null ? challenge.expiresAt() : null, challenge != null ? challenge.attemptsLeft() : lastAttempts(tx),
                challenge != null ? challenge.resendsLeft() : -1, notice, tx.challengeWindowSize(), language);
    }

    // What the screen showed last, for screens drawn without a fresh Challenge (kept in memory per running challenge).
    private final Map<String, Challenge> shown = new java.util.concurrent.ConcurrentHashMap<>();

    private String lastDestination(AcsTransaction tx) {
        Challenge c = shown.get(tx.acsTransId());
        return c == null ? null : c.maskedDestination();
    }

    private int lastAttempts(AcsTransaction tx) {
        Challenge c = shown.get(tx.acsTransId());
        return c == null ? -1 : c.attemptsLeft();
    }

    private BrowserStep.Finished finalPage(AcsTransaction tx) {
        if (AcsTransaction.TIMED_OUT.equals(tx.state()) && tx.challengeStartedAt() == null) {
            return (BrowserStep.Finished) erroToBrowser(tx, erroAbout(tx, ErrorCode.TRANSACTION_TIMED_OUT, "the challenge timed out at the ACS"));
        }
        String outcome = switch (tx.finalStatus()) {
            case Y -> "authenticated";
            default -> tx.challengeCancel() == null ? "failed"
                    : AcsTransaction.TIMED_OUT.equals(tx.state()) ? "timed-out"
                    : "01".equals(tx.challengeCancel()) ? "cancelled" : "unavailable";
        };
        if (tx.finalStatus() == TransStatus.U && tx.challengeCancel() == null) {
            outcome = "unavailable";
        }
        return new BrowserStep.Finished(tx.acsTransId(), tx.notificationUrl(), ChallengeEncoding.encode(cres(tx)), tx.finalStatus(), outcome,
                tx.challengeWindowSize(), tx.language());
    }

    private ThreeDsMessage erroAbout(AcsTransaction tx, ErrorCode code, String description) {
        ObjectNode about = JSON.objectNode();
        about.put("messageType", "CReq");
        about.put("messageVersion", tx.messageVersion());
        about.put("threeDSServerTransID", tx.serverTransId());
        about.put("acsTransID", tx.acsTransId());
        return Erro.of(code, 'A', "acsTransID", description, ThreeDsMessage.of(about));
    }

    /** The final CRes of an ended challenge. */
    private ThreeDsMessage cres(AcsTransaction tx) {
        ObjectNode json = JSON.objectNode();
        json.put("threeDSServerTransID", tx.serverTransId());
        json.put("acsTransID", tx.acsTransId());
        if (tx.sdkTransId() != null) {
            json.put("sdkTransID", tx.sdkTransId());
        }
        json.put("messageType", "CRes");
        json.put("messageVersion", tx.messageVersion());
        json.put("transStatus", tx.finalStatus().name());
        json.put("challengeCompletionInd", "Y");
        return ThreeDsMessage.of(json);
    }

    // ---------------------------------------------------------------- app challenge

    private static ECKey sdkKey(ThreeDsMessage areq) throws AppChannel.BadSdkKey {
        JsonNode jwk = areq.node("sdkEphemPubKey");
        return AppChannel.sdkKey(jwk == null || !jwk.isObject() ? null : jwk.toString());
    }

    /** The SDK's key of an AReq whose key handleAReq has already checked. */
    private static ECKey sdkKeyChecked(ThreeDsMessage areq) {
        try {
            return sdkKey(areq);
        } catch (AppChannel.BadSdkKey e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the 3DS SDK posts its CReqs: the acsURL inside acsSignedContent. */
    private String appChallengeUrl() {
        return settings.challengeUrl().get().resolve("app-challenge").toString();
    }

    /** The answer to an app CReq: a CRes as a JWE ({@code application/jose}), or an Erro as plain JSON. */
    public record AppAnswer(byte[] body, boolean encrypted) {
    }

    /**
     * An app CReq as the spec sends it: a JWE (compact) under the key agreed through acsSignedContent. The
     * CRes is encrypted the same way; an Erro is plain JSON, as the SDK must read it even when no key could
     * be used (a CReq that cannot be decrypted gets Erro 302, Data Decryption Failure). Never throws for bad input.
     */
    public AppAnswer handleEncryptedAppCReq(byte[] body) {
        AppChannel.Opened opened;
        try {
            opened = appChannel.decrypt(new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (AppChannel.Undecryptable e) {
            return new AppAnswer(Erro.of(ErrorCode.DATA_DECRYPTION_FAILURE, 'A', "CReq", e.getMessage(), null).toBytes(), false);
        }
        ThreeDsMessage answer;
        try {
            ThreeDsMessage creq = ThreeDsMessage.parse(opened.creq());
            answer = opened.acsTransId().equals(creq.text("acsTransID"))
                    ? handleAppCReq(creq)
                    : Erro.of(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, 'A', "acsTransID", "acsTransID differs from the JWE's kid", creq);
        } catch (ThreeDsException e) {
            answer = Erro.of(e, 'A', null);
        }
        if (answer.type() == MessageType.Erro) {
            return new AppAnswer(answer.toBytes(), false);
        }
        byte[] sealed = appChannel.encrypt(opened.acsTransId(), opened.enc(), answer.toBytes()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if ("Y".equals(answer.text("challengeCompletionInd"))) {
            appChannel.close(opened.acsTransId());
        }
        return new AppAnswer(sealed, true);
    }

    /** An app CReq (plain JSON): the next CRes, or an Erro. Never throws for bad input. */
    public ThreeDsMessage handleAppCReq(ThreeDsMessage creq) {
        try {
            MessageValidator.validate(creq, MessageType.CReq);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'A', creq);
        }
        Optional<AcsTransaction> found = transaction(creq.text("acsTransID"));
        if (found.isEmpty() || !found.get().serverTransId().equals(creq.text("threeDSServerTransID"))
                || found.get().channel() != DeviceChannel.APP || !java.util.Objects.equals(found.get().sdkTransId(), creq.text("sdkTransID"))) {
            return Erro.of(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, 'A', "acsTransID", "no app challenge with these transaction ids", creq);
        }
        AcsTransaction tx = found.get();
        Instant now = clock.instant();
        if (AcsTransaction.CHALLENGE.equals(tx.state()) && expired(tx, now)) {
            expireOne(tx, now);
            tx = store.find(tx.acsTransId()).orElseThrow();
        }
        if (AcsTransaction.TIMED_OUT.equals(tx.state())) {
            return Erro.of(ErrorCode.TRANSACTION_TIMED_OUT, 'A', "acsTransID", "the challenge timed out at the ACS", creq);
        }
        if (!AcsTransaction.CHALLENGE.equals(tx.state())) {
            return Erro.of(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, 'A', "acsTransID", "the challenge has already ended", creq);
        }
        if (tx.aresStatus() == TransStatus.D) {
            return Erro.of(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, 'A', "acsTransID", "a decoupled authentication has no CReq", creq);
        }
        int counter;
        try {
            counter = Integer.parseInt(creq.text("sdkCounterStoA"));
        } catch (NumberFormatException e) {
            return Erro.of(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, 'A', "sdkCounterStoA", "sdkCounterStoA must be 3 digits",
                    creq);
        }
        if (!store.takeSdkCounter(tx.acsTransId(), counter)) {
            return Erro.of(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, 'A', "sdkCounterStoA",
                    "sdkCounterStoA is not the next message counter (replayed or out of order)", creq);
        }
        String acsCounter = String.format("%03d", counter);
        if (tx.challengeStartedAt() == null) {
            Optional<Challenge> started = begin(tx, locale(tx), null);
            AcsTransaction current = store.find(tx.acsTransId()).orElseThrow();
            return started.map(challenge -> appScreen(current, challenge, null, acsCounter))
                    .orElseGet(() -> appFinal(current, acsCounter));
        }
        if (creq.text("challengeCancel") != null) {
            cancelChallenge(tx, creq.text("challengeCancel"));
            return appFinal(store.find(tx.acsTransId()).orElseThrow(), acsCounter);
        }
        String notice;
        Challenge challenge = null;
        if ("Y".equals(creq.text("resendChallenge"))) {
            try {
                challenge = challenges.resend(tx.tenant(), tx.acsTransId(), locale(tx));
                notice = "resent";
            } catch (ChallengeRefused e) {
                notice = "resend-refused";
            }
        } else if (creq.text("challengeDataEntry") != null || "Y".equals(creq.text("oobContinue"))
                || "true".equals(creq.text("oobContinue"))) {
            notice = verify(tx, creq.text("challengeDataEntry") == null ? "" : creq.text("challengeDataEntry"));
        } else {
            return Erro.of(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, 'A', "challengeDataEntry",
                    "a CReq after the first needs challengeDataEntry, oobContinue, resendChallenge or challengeCancel", creq);
        }
        AcsTransaction current = store.find(tx.acsTransId()).orElseThrow();
        if (!AcsTransaction.CHALLENGE.equals(current.state())) {
            return appFinal(current, acsCounter);
        }
        return appScreen(current, challenge, notice, acsCounter);
    }

    private ThreeDsMessage appScreen(AcsTransaction tx, Challenge challenge, String notice, String acsCounter) {
        if (challenge != null) {
            shown.put(tx.acsTransId(), challenge);
        }
        Challenge last = challenge != null ? challenge : shown.get(tx.acsTransId());
        ChallengeMethod method = tx.challengeMethod();
        String language = tx.language();
        ObjectNode json = appBase(tx, acsCounter);
        json.put("acsUiType", method.acsUiType());
        json.put("challengeCompletionInd", "N");
        json.put("challengeInfoHeader", AppTexts.text(language, "header"));
        int attempts = last == null ? 0 : last.attemptsLeft();
        String text = switch (method) {
            case OUT_OF_BAND -> AppTexts.text(language, "oob.text");
            case TOTP -> AppTexts.text(language, "totp.text", attempts);
            default -> AppTexts.text(language, "otp.text", last == null ? "" : last.maskedDestination(), attempts);
        };
        if (notice != null && !"empty".equals(notice)) {
            text = AppTexts.text(language, notice.replace('-', '.')) + " " + text;
            json.put("challengeInfoTextIndicator", "Y");
        }
        json.put("challengeInfoText", text);
        if (method == ChallengeMethod.OUT_OF_BAND) {
            json.put("oobContinueLabel", AppTexts.text(language, "continue"));
        } else {
            json.put("challengeInfoLabel", AppTexts.text(language, "otp.label"));
            json.put("submitAuthenticationLabel", AppTexts.text(language, "submit"));
            if (method != ChallengeMethod.TOTP) {
                json.put("resendInformationLabel", AppTexts.text(language, "resend"));
            }
        }
        return ThreeDsMessage.of(json);
    }

    private ThreeDsMessage appFinal(AcsTransaction tx, String acsCounter) {
        ObjectNode json = appBase(tx, acsCounter);
        json.put("transStatus", tx.finalStatus().name());
        json.put("challengeCompletionInd", "Y");
        return ThreeDsMessage.of(json);
    }

    private ObjectNode appBase(AcsTransaction tx, String acsCounter) {
        ObjectNode json = JSON.objectNode();
        json.put("threeDSServerTransID", tx.serverTransId());
        json.put("acsTransID", tx.acsTransId());
        json.put("sdkTransID", tx.sdkTransId());
        json.put("messageType", "CRes");
        json.put("messageVersion", tx.messageVersion());
        json.put("acsCounterAtoS", acsCounter);
        return json;
    }

    // ---------------------------------------------------------------- the challenge itself

    /** Starts the card's preferred method; empty when it cannot start (the transaction is then ended and reported). */
    private Optional<Challenge> begin(AcsTransaction tx, Locale locale, String challengeWindowSize) {
        List<ChallengeMethod> methods = challenges.methods(tx.tenant(), tx.cardFingerprint());
        Instant now = clock.instant();
        if (methods.isEmpty()) {
            finish(tx, AcsTransaction.COMPLETED, TransStatus.N, "13", null, now);
            return Optional.empty();
        }
        ChallengeMethod method = methods.get(0);
        if (!store.startChallenge(tx.acsTransId(), method, challengeWindowSize, now)) {
            return Optional.empty();
        }
        AcsTransaction started = store.find(tx.acsTransId()).orElseThrow();
        try {
            Challenge challenge = challenges.start(tx.tenant(), tx.cardFingerprint(), tx.acsTransId(), method, locale);
            shown.put(tx.acsTransId(), challenge);
            return Optional.of(challenge);
        } catch (ChallengeRefused e) {
            // A locked-out card cannot be challenged now: the cardholder has already failed too often.
            finish(started, AcsTransaction.COMPLETED, TransStatus.N, "locked-out".equals(e.reason()) ? "19" : "13", null, now);
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("ACS: challenge for {} could not start", tx.acsTransId(), e);
            finish(started, AcsTransaction.COMPLETED, TransStatus.U, "22", null, now);
            return Optional.empty();
        }
    }

    /** Checks an answer; ends the challenge on success, lockout or decline; returns the screen's notice otherwise. */
    private String verify(AcsTransaction tx, String answer) {
        Verdict verdict = challenges.verify(tx.tenant(), tx.acsTransId(), answer);
        if (tx.aresStatus() != TransStatus.D) {
            // The job's reading of a decoupled verdict is not the cardholder's interaction.
            store.countInteraction(tx.acsTransId());
        }
        Instant now = clock.instant();
        Challenge last = shown.get(tx.acsTransId());
        if (last != null) {
            shown.put(tx.acsTransId(), new Challenge(last.method(), last.maskedDestination(), last.expiresAt(), verdict.attemptsLeft(),
                    last.resendsLeft()));
        }
        AcsTransaction current = store.find(tx.acsTransId()).orElseThrow();
        return switch (verdict.outcome()) {
            case SUCCESS -> {
                succeed(current, now);
                yield null;
            }
            case LOCKED, DECLINED -> {
                finish(current, AcsTransaction.COMPLETED, TransStatus.N, "01", null, now);
                yield null;
            }
            case WRONG -> "wrong";
            case EXPIRED -> "expired";
            case PENDING -> "pending";
        };
    }

    private void succeed(AcsTransaction tx, Instant now) {
        Pan pan = pending.peek(tx.acsTransId());
        if (pan == null) {
            // The card number was held in memory only and the ACS restarted since the AReq: no value can be bound to it.
            finish(tx, AcsTransaction.COMPLETED, TransStatus.U, "22", null, now);
            return;
        }
        CardBrand brand = pan.brand();
        String eci = Eci.of(brand, TransStatus.Y);
        AcsTransaction row = tx;
        String value;
        try {
            AcsStore.Purchase purchase = store.purchase(tx.acsTransId()).orElseThrow();
            value = values.issue(payment(tx.tenant(), pan, purchase.amountMinor(),
                    purchase.currency() == null ? null : Currency.getInstance(purchase.currency()), purchase.merchantId(), tx.acsTransId(),
                    eci, tx.challengeMethod(), now));
        } catch (RuntimeException e) {
            log.warn("ACS: authentication value for {} could not be issued", tx.acsTransId(), e);
            finish(row, AcsTransaction.COMPLETED, TransStatus.U, "22", null, now);
            return;
        }
        finishWithValue(row, eci, value, now);
    }

    private void cancelChallenge(AcsTransaction tx, String challengeCancel) {
        Instant now = clock.instant();
        String reason = tx.messageVersion().startsWith("2.3") ? "26" : "01";
        if (store.finish(tx.acsTransId(), AcsTransaction.ABANDONED, TransStatus.N, reason, eciOf(tx, TransStatus.N), challengeCancel, now)) {
            report(store.find(tx.acsTransId()).orElseThrow(), null);
        }
    }

    private void finish(AcsTransaction tx, String state, TransStatus status, String reason, String challengeCancel, Instant now) {
        if (store.finish(tx.acsTransId(), state, status, reason, eciOf(tx, status), challengeCancel, now)) {
            report(store.find(tx.acsTransId()).orElseThrow(), null);
        }
    }

    private void finishWithValue(AcsTransaction tx, String eci, String authenticationValue, Instant now) {
        if (store.finish(tx.acsTransId(), AcsTransaction.COMPLETED, TransStatus.Y, null, eci, null, now)) {
            report(store.find(tx.acsTransId()).orElseThrow(), authenticationValue);
        }
    }

    private String eciOf(AcsTransaction tx, TransStatus status) {
        Pan pan = pending.peek(tx.acsTransId());
        return Eci.of(pan != null ? pan.brand() : brandOf(tx), status);
    }

    // ---------------------------------------------------------------- RReq

    /** Sends the RReq of an ended challenge and records how it went; releases what the challenge held. */
    private void report(AcsTransaction tx, String authenticationValue) {
        pending.release(tx.acsTransId());
        shown.remove(tx.acsTransId());
        send(tx, authenticationValue);
    }

    private void send(AcsTransaction tx, String authenticationValue) {
        ThreeDsMessage rreq = rreq(tx, authenticationValue);
        String status;
        try {
            ThreeDsMessage answer = directoryServer.sendResult(rreq);
            if (answer.type() == MessageType.RRes) {
                status = "sent";
            } else {
                status = "refused";
                log.warn("ACS: the DS refused the RReq of {}: {} {}", tx.acsTransId(), answer.text("errorCode"), answer.text("errorDetail"));
            }
        } catch (IOException | RuntimeException e) {
            status = "failed";
            log.warn("ACS: the RReq of {} could not be delivered: {}", tx.acsTransId(), e.toString());
        }
        store.rreqStatus(tx.acsTransId(), status);
    }

    /** The RReq that reports an ended challenge. */
    ThreeDsMessage rreq(AcsTransaction tx, String authenticationValue) {
        ObjectNode json = JSON.objectNode();
        json.put("messageType", "RReq");
        json.put("messageVersion", tx.messageVersion());
        json.put("threeDSServerTransID", tx.serverTransId());
        json.put("acsTransID", tx.acsTransId());
        json.put("dsTransID", tx.dsTransId());
        if (tx.sdkTransId() != null) {
            json.put("sdkTransID", tx.sdkTransId());
        }
        json.put("messageCategory", tx.category().code());
        json.put("transStatus", tx.finalStatus().name());
        if (tx.finalReason() != null) {
            json.put("transStatusReason", tx.finalReason());
        }
        if (tx.eci() != null) {
            json.put("eci", tx.eci());
        }
        if (authenticationValue != null) {
            json.put("authenticationValue", authenticationValue);
        }
        if (tx.challengeMethod() != null || tx.finalStatus() == TransStatus.Y || tx.finalStatus() == TransStatus.N) {
            putAuthenticationMethod(json, tx.messageVersion(), tx.challengeMethod());
        }
        json.put("interactionCounter", String.format("%02d", Math.min(99, tx.interactions())));
        if (tx.challengeCancel() != null) {
            json.put("challengeCancel", tx.challengeCancel());
        }
        if (tx.channel() == DeviceChannel.APP && tx.challengeMethod() != null) {
            ObjectNode rendering = json.putObject("acsRenderingType");
            rendering.put("acsInterface", "01");
            rendering.put("acsUiTemplate", tx.challengeMethod().acsUiType());
        }
        store.dsReferenceNumber(tx.acsTransId()).ifPresent(ref -> json.put("dsReferenceNumber", ref));
        return ThreeDsMessage.of(json);
    }

    /**
     * How the cardholder was (or was to be) challenged: 2.2.0 authenticationType (02 dynamic OTP, 03 out of
     * band); 2.3.1 authenticationMethod, a list (01 SMS OTP, 03 app OTP, 04 other OTP (e-mail), 08 out of band
     * other). A challenge that never started counts as the dynamic OTP the ARes announced.
     */
    private static void putAuthenticationMethod(ObjectNode json, String version, ChallengeMethod method) {
        if (version != null && version.startsWith("2.3")) {
            String code = method == null ? "01" : switch (method) {
                case SMS_OTP -> "01";
                case TOTP -> "03";
                case EMAIL_OTP -> "04";
                case OUT_OF_BAND -> "08";
            };
            json.putArray("authenticationMethod").add(code);
        } else {
            json.put("authenticationType", method == ChallengeMethod.OUT_OF_BAND ? "03" : "02");
        }
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * Ends the challenges that ran out of time at {@code now}: a started challenge older than the
     * challenge timeout ends N, a C answer whose first CReq never came ends U; both with
     * transStatusReason 14 (timed out at the ACS), state {@code timed-out}, reported to the DS. Also
     * reads the app's verdict of decoupled authentications, retries RReqs that could not be delivered
     * and forgets old 3DS Method visits.
     *
     * @return how many challenges were ended
     */
    public int expire(Instant now) {
        int ended = 0;
        List<AcsTransaction> overdue;
        do {
            overdue = store.overdue(now.minus(settings.creqTimeout()), now.minus(settings.challengeTimeout()), JOB_BATCH);
            for (AcsTransaction tx : overdue) {
                if (expireOne(tx, now)) {
                    ended++;
                }
            }
        } while (overdue.size() == JOB_BATCH);
        for (AcsTransaction tx : store.decoupled(JOB_BATCH)) {
            // The cardholder answers in the issuer's app; nobody posts a CReq, so the job reads the verdict.
            verify(tx, "");
        }
        for (AcsTransaction tx : store.undelivered(JOB_BATCH)) {
            // The authentication value of a Y is not kept, so a retried Y carries none; the DS has the ARes's ids to match.
            send(tx, null);
        }
        store.purgeMethodVisits(now.minus(METHOD_VISIT_RETENTION));
        return ended;
    }

    private boolean expired(AcsTransaction tx, Instant now) {
        return tx.challengeStartedAt() == null
                ? tx.createdAt().plus(settings.creqTimeout()).isBefore(now)
                : tx.challengeStartedAt().plus(settings.challengeTimeout()).isBefore(now);
    }

    private boolean expireOne(AcsTransaction tx, Instant now) {
        boolean started = tx.challengeStartedAt() != null;
        TransStatus status = started ? TransStatus.N : TransStatus.U;
        // challengeCancel 04: decoupled authentication timed out; 05: timed out at the ACS (other timeouts);
        // 06: the first CReq never reached the ACS.
        String cancel = tx.aresStatus() == TransStatus.D ? "04" : started ? "05" : "06";
        if (store.finish(tx.acsTransId(), AcsTransaction.TIMED_OUT, status, "14", eciOf(tx, status), cancel, now)) {
            report(store.find(tx.acsTransId()).orElseThrow(), null);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- 3DS Method

    /** The cardholder's browser loaded the 3DS Method for {@code threeDSServerTransID}: the AReq's decision will know. */
    public void recordMethodVisit(String threeDsServerTransId) {
        if (threeDsServerTransId == null || threeDsServerTransId.isBlank() || threeDsServerTransId.length() > 36) {
            throw new IllegalArgumentException("threeDSServerTransID must be 1 to 36 characters");
        }
        store.recordMethodVisit(threeDsServerTransId, clock.instant());
    }

    // ---------------------------------------------------------------- helpers

    private AuthenticatedPayment payment(TenantId tenant, Pan pan, Long amount, Currency currency, String merchantId, String acsTransId,
                                         String eci, ChallengeMethod method, Instant at) {
        return new AuthenticatedPayment(tenant, pan, amount == null ? 0 : amount, currency, merchantId, acsTransId, eci, method, at);
    }

    private CardBrand brandOf(AcsTransaction tx) {
        return store.purchase(tx.acsTransId()).map(AcsStore.Purchase::brand).orElse(null);
    }

    private static Locale locale(AcsTransaction tx) {
        return locale(tx.language());
    }

    private static Locale locale(String language) {
        return language == null ? Locale.ENGLISH : Locale.forLanguageTag(language);
    }

    private static ThreeDsMessage invalid(String field, String description, ThreeDsMessage about) {
        return Erro.of(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, 'A', field, description, about);
    }

    private static Currency currency(String numeric) {
        return Currencies.byNumericCode(numeric).orElse(null);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
