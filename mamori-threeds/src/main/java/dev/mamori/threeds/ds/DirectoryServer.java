package dev.mamori.threeds.ds;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.TransactionIds;
import dev.mamori.threeds.ds.internal.DsStore;
import dev.mamori.threeds.message.Erro;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.MessageValidator;
import dev.mamori.threeds.message.MessageVersions;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Directory Server: routes each AReq by card range to the issuer's ACS and returns its ARes,
 * relays the ACS's RReq to the 3DS Server that asked, and answers PReq with the card ranges.
 * Every protocol fault is answered with an Erro naming the data element (errorComponent D).
 *
 * <p>Only registered 3DS Servers (threeDSServerRefNumber) are served; a card in no range gets an ARes
 * N with transStatusReason 13 (cardholder not enrolled); an ACS that does not answer in time gets an
 * Erro 402 and the 3DS Server an ARes U with reason 14; one that cannot be reached, or answers with an
 * invalid ARes, an ARes U with reason 22 (ACS technical issue).
 */
public final class DirectoryServer {
    private static final Logger log = LoggerFactory.getLogger(DirectoryServer.class);
    private static final Pattern SERIAL = Pattern.compile("[0-9]{1,18}");
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final DsStore store;
    private final CardRanges ranges;
    private final Settings settings;
    private final MessageLink link;
    private final Clock clock;
    /** Erro notices to an ACS are best effort and must not hold up the answer to the 3DS Server. */
    private final ExecutorService notices = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ds-erro-notices");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param referenceNumber dsReferenceNumber, put into every AReq routed and every ARes the DS makes
     * @param rreqUrl where the ACS sends the RReq (dsURL in the AReq); asked for at each AReq, as it may be known only after start-up
     * @param acsTimeout how long the DS waits for an ARes or for the 3DS Server's RRes
     */
    /**
     * @param serverUrlAllowed whether an AReq's threeDSServerURL may receive the transaction's RReq: the DS posts
     *     there, and the AReq endpoint is reachable by anyone who knows a registered (not secret) reference
     *     number, so an unchecked URL would let them make the DS post to any host (SSRF)
     * @param deviceDataKey decrypts the app channel's sdkEncData
     */
    public record Settings(String referenceNumber, Supplier<String> rreqUrl, Duration acsTimeout, Predicate<URI> serverUrlAllowed,
                           DeviceDataKey deviceDataKey) {
        public Settings {
            Objects.requireNonNull(referenceNumber, "referenceNumber");
            Objects.requireNonNull(rreqUrl, "rreqUrl");
            Objects.requireNonNull(acsTimeout, "acsTimeout");
            Objects.requireNonNull(serverUrlAllowed, "serverUrlAllowed");
            Objects.requireNonNull(deviceDataKey, "deviceDataKey");
        }

        /**
         * Any http(s) threeDSServerURL and a fresh device-data key: for tests and a DS whose AReq endpoint
         * only trusted 3DS Servers reach.
         */
        public Settings(String referenceNumber, Supplier<String> rreqUrl, Duration acsTimeout) {
            this(referenceNumber, rreqUrl, acsTimeout, url -> true, OneKey.KEY);
        }

        /** One self-signed key for every DS built this way: an RSA key takes a while to generate. */
        private static final class OneKey {
            static final DeviceDataKey KEY = DeviceDataKey.selfSigned();
        }
    }

    private final DefaultRoutes defaults;

    public DirectoryServer(DataSource dataSource, Settings settings, MessageLink link, Clock clock) {
        this(dataSource, settings, link, DefaultRoutes.NONE, clock);
    }

    /** @param defaults routes for cards in no registered range (the demo network's BIN routes) */
    public DirectoryServer(DataSource dataSource, Settings settings, MessageLink link, DefaultRoutes defaults, Clock clock) {
        this.defaults = defaults;
        this.store = new DsStore(dataSource);
        this.ranges = new CardRanges(store, clock);
        this.settings = settings;
        this.link = link;
        this.clock = clock;
    }

    public CardRanges cardRanges() {
        return ranges;
    }

    /** Registers a 3DS Server by its threeDSServerRefNumber; false when it was already known. */
    public boolean registerServer(String refNumber, String name) {
        if (refNumber == null || refNumber.isEmpty() || refNumber.length() > 32) {
            throw new IllegalArgumentException("threeDSServerRefNumber is 1 to 32 characters");
        }
        return store.addServer(refNumber, name, clock.instant());
    }

    public boolean serverKnown(String refNumber) {
        return refNumber != null && store.serverKnown(refNumber);
    }

    /** What the DS recorded of one routed AReq. */
    public record TransactionView(String dsTransId, String threeDsServerTransId, String acsTransId, TenantId issuer,
                                  String aresStatus, String finalStatus) {
    }

    public Optional<TransactionView> transaction(String dsTransId) {
        return store.transaction(dsTransId).map(t -> new TransactionView(t.dsTransId(), t.serverTransId(), t.acsTransId(), t.issuer(),
                t.aresStatus(), t.finalStatus()));
    }

    // --- AReq ----------------------------------------------------------------------------------

    /** An AReq from a 3DS Server: the ARes (the ACS's, or the DS's own) or an Erro. */
    public ThreeDsMessage areq(byte[] body) {
        ThreeDsMessage areq = null;
        try {
            areq = ThreeDsMessage.parse(body);
            MessageValidator.validate(areq, MessageType.AReq);
            return route(areq);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'D', areq);
        }
    }

    private boolean serverUrlAllowed(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && settings.serverUrlAllowed().test(uri);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** {@link #areq} as bytes, for a {@link MessageLink} endpoint. */
    public byte[] areqBytes(byte[] body) {
        return areq(body).toBytes();
    }

    private ThreeDsMessage route(ThreeDsMessage areq) throws ThreeDsException {
        String refNumber = areq.text("threeDSServerRefNumber");
        if (refNumber == null) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "threeDSServerRefNumber", null);
        }
        if (!serverKnown(refNumber)) {
            throw new ThreeDsException(ErrorCode.ACCESS_DENIED_INVALID_ENDPOINT, "threeDSServerRefNumber",
                    "the 3DS Server is not registered with this Directory Server");
        }
        String serverUrl = areq.text("threeDSServerURL");
        if (serverUrl != null && !serverUrlAllowed(serverUrl)) {
            throw new ThreeDsException(ErrorCode.ACCESS_DENIED_INVALID_ENDPOINT, "threeDSServerURL",
                    "the DS sends results only to the 3DS Servers' own addresses");
        }
        String serverTransId = areq.text("threeDSServerTransID");
        if (!UUID_FORM.matcher(serverTransId).matches()) {
            throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "threeDSServerTransID", null);
        }
        // Decrypted before anything is recorded: an AReq the DS cannot read gets its Erro and leaves no row.
        // Uncompressed (DeviceDataKey refuses compression), the device data in base64url is no longer than
        // the JWE that carried it, so it keeps within deviceInfo's limit as sdkEncData kept within its own.
        String deviceInfo = areq.has("sdkEncData")
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(settings.deviceDataKey().decrypt(areq.text("sdkEncData")))
                : null;
        Pan pan = pan(areq);
        String dsTransId = TransactionIds.next();
        Optional<CardRange> range = ranges.route(pan).or(() -> defaults.route(pan));
        store.insertTransaction(new DsStore.Transaction(dsTransId, serverTransId, null, refNumber, areq.text("threeDSServerURL"),
                range.map(CardRange::issuer).orElse(null), range.map(CardRange::id).orElse(null), areq.version(),
                areq.text("deviceChannel"), areq.text("messageCategory"), null, null), clock.instant());
        if (range.isEmpty()) {
            return own(areq, dsTransId, "N", "13");
        }
        CardRange r = range.get();
        List<String> versions = MessageVersions.SUPPORTED;
        if (versions.indexOf(areq.version()) < versions.indexOf(r.acsStartProtocolVersion())
                || versions.indexOf(areq.version()) > versions.indexOf(r.acsEndProtocolVersion())) {
            store.recordAres(dsTransId, null, null, null, ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED.code(), clock.instant());
            throw new ThreeDsException(ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, "messageVersion",
                    "the card's ACS supports " + r.acsStartProtocolVersion() + " to " + r.acsEndProtocolVersion());
        }
        ObjectNode forwarded = areq.json();
        forwarded.put("dsTransID", dsTransId);
        forwarded.put("dsReferenceNumber", settings.referenceNumber());
        forwarded.put("dsURL", settings.rreqUrl().get());
        if (deviceInfo != null) {
            // The ACS receives the SDK's device data decrypted, base64url-encoded, as deviceInfo.
            forwarded.remove("sdkEncData");
            forwarded.put("deviceInfo", deviceInfo);
        }
        ThreeDsMessage sent = ThreeDsMessage.of(forwarded);
        URI acs = URI.create(r.acsUrl());
        byte[] answer;
        try {
            answer = link.send(acs, sent.toBytes(), settings.acsTimeout());
        } catch (HttpTimeoutException e) {
            log.warn("ACS at {} did not answer AReq {} in time", acs.getHost(), dsTransId);
            notify(acs, Erro.of(ErrorCode.TRANSACTION_TIMED_OUT, 'D', "ARes", "no ARes within " + settings.acsTimeout().toMillis() + " ms", sent));
            return own(areq, dsTransId, "U", "14");
        } catch (IOException e) {
            log.warn("ACS at {} unreachable for AReq {}: {}", acs.getHost(), dsTransId, e.getClass().getSimpleName());
            return own(areq, dsTransId, "U", "22");
        }
        ThreeDsMessage ares;
        try {
            ares = ThreeDsMessage.parse(answer);
            if (ares.type() == MessageType.Erro) {
                // The ACS refused the AReq: the 3DS Server learns why.
                store.recordAres(dsTransId, null, null, null, ares.text("errorCode"), clock.instant());
                return ares;
            }
            MessageValidator.validate(ares, MessageType.ARes);
            if (!serverTransId.equals(ares.text("threeDSServerTransID"))) {
                throw new ThreeDsException(ErrorCode.TRANSACTION_DATA_NOT_VALID, "threeDSServerTransID", "the ARes is for another transaction");
            }
            if (!dsTransId.equals(ares.text("dsTransID"))) {
                throw new ThreeDsException(ErrorCode.TRANSACTION_DATA_NOT_VALID, "dsTransID", "the ARes is for another transaction");
            }
        } catch (ThreeDsException e) {
            log.warn("invalid ARes from ACS at {} for {}: {}", acs.getHost(), dsTransId, e.getMessage());
            notify(acs, Erro.of(e, 'D', sent));
            return own(areq, dsTransId, "U", "22");
        }
        store.recordAres(dsTransId, ares.text("acsTransID"), ares.text("transStatus"), ares.text("transStatusReason"), null, clock.instant());
        return ares;
    }

    private static Pan pan(ThreeDsMessage areq) throws ThreeDsException {
        String acct = areq.text("acctNumber");
        if (acct == null) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "acctNumber", null);
        }
        try {
            return Pan.of(acct);
        } catch (IllegalArgumentException e) {
            throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "acctNumber", "not a card number");
        }
    }

    /** An ARes the DS makes itself: the card is in no range, or its ACS failed. */
    private ThreeDsMessage own(ThreeDsMessage areq, String dsTransId, String status, String reason) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("threeDSServerTransID", areq.text("threeDSServerTransID"));
        json.put("acsTransID", TransactionIds.next());
        json.put("dsTransID", dsTransId);
        json.put("acsReferenceNumber", settings.referenceNumber());
        json.put("dsReferenceNumber", settings.referenceNumber());
        json.put("messageType", MessageType.ARes.name());
        json.put("messageVersion", areq.version());
        json.put("transStatus", status);
        json.put("transStatusReason", reason);
        ThreeDsMessage ares = ThreeDsMessage.of(json);
        store.recordAres(dsTransId, ares.text("acsTransID"), status, reason, null, clock.instant());
        return ares;
    }

    private void notify(URI to, ThreeDsMessage erro) {
        byte[] bytes = erro.toBytes();
        notices.execute(() -> {
            try {
                link.send(to, bytes, settings.acsTimeout());
            } catch (IOException | RuntimeException e) {
                log.debug("Erro notice to {} not delivered: {}", to.getHost(), e.getClass().getSimpleName());
            }
        });
    }

    // --- RReq ----------------------------------------------------------------------------------

    /** An RReq from an ACS: relayed to the 3DS Server that sent the AReq; its RRes (or an Erro) is the answer. */
    public ThreeDsMessage rreq(byte[] body) {
        ThreeDsMessage rreq = null;
        try {
            rreq = ThreeDsMessage.parse(body);
            MessageValidator.validate(rreq, MessageType.RReq);
            return relay(rreq);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'D', rreq);
        }
    }

    private ThreeDsMessage relay(ThreeDsMessage rreq) throws ThreeDsException {
        String dsTransId = rreq.text("dsTransID");
        if (dsTransId == null) {
            throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "dsTransID", null);
        }
        DsStore.Transaction t = store.transaction(dsTransId).orElseThrow(() -> new ThreeDsException(
                ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "dsTransID", "the DS routed no such transaction"));
        if (!t.serverTransId().equals(rreq.text("threeDSServerTransID"))) {
            throw new ThreeDsException(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "threeDSServerTransID", "not the transaction's 3DS Server id");
        }
        if (t.acsTransId() != null && !t.acsTransId().equals(rreq.text("acsTransID"))) {
            throw new ThreeDsException(ErrorCode.TRANSACTION_ID_NOT_RECOGNISED, "acsTransID", "not the transaction's ACS id");
        }
        store.recordResult(dsTransId, rreq.text("transStatus"), rreq.text("transStatusReason"), clock.instant());
        if (t.serverUrl() == null) {
            throw new ThreeDsException(ErrorCode.SYSTEM_CONNECTION_FAILURE, "threeDSServerURL", "the AReq named no 3DS Server URL");
        }
        byte[] answer;
        try {
            answer = link.send(URI.create(t.serverUrl()), rreq.toBytes(), settings.acsTimeout());
        } catch (HttpTimeoutException e) {
            throw new ThreeDsException(ErrorCode.TRANSACTION_TIMED_OUT, "RRes", "the 3DS Server did not answer in time");
        } catch (IOException | IllegalArgumentException e) {
            throw new ThreeDsException(ErrorCode.SYSTEM_CONNECTION_FAILURE, "threeDSServerURL", "the 3DS Server cannot be reached");
        }
        ThreeDsMessage rres = ThreeDsMessage.parse(answer);
        if (rres.type() != MessageType.Erro) {
            MessageValidator.validate(rres, MessageType.RRes);
        }
        return rres;
    }

    // --- PReq ----------------------------------------------------------------------------------

    /**
     * A PReq: the PRes with the card ranges. Without serialNum the full list (actionInd A); with the
     * serialNum of an earlier PRes, the changes since (A for ranges added, D for ranges deleted);
     * a serialNum this DS never issued is Erro 307.
     */
    public ThreeDsMessage preq(byte[] body) {
        ThreeDsMessage preq = null;
        try {
            preq = ThreeDsMessage.parse(body);
            MessageValidator.validate(preq, MessageType.PReq);
            String refNumber = preq.text("threeDSServerRefNumber");
            if (refNumber == null) {
                throw new ThreeDsException(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "threeDSServerRefNumber", null);
            }
            if (!serverKnown(refNumber)) {
                throw new ThreeDsException(ErrorCode.ACCESS_DENIED_INVALID_ENDPOINT, "threeDSServerRefNumber",
                        "the 3DS Server is not registered with this Directory Server");
            }
            long current = ranges.serial();
            Long since = null;
            if (preq.has("serialNum")) {
                String serial = preq.text("serialNum");
                if (serial == null || !SERIAL.matcher(serial).matches()) {
                    throw new ThreeDsException(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "serialNum", null);
                }
                since = Long.parseLong(serial);
                if (since > current) {
                    throw new ThreeDsException(ErrorCode.SERIAL_NUMBER_NOT_VALID, "serialNum", "this DS issued no such serial number");
                }
            }
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("threeDSServerTransID", preq.text("threeDSServerTransID"));
            json.put("dsTransID", TransactionIds.next());
            json.put("messageType", MessageType.PRes.name());
            json.put("messageVersion", preq.version());
            json.put("serialNum", Long.toString(current));
            boolean v220 = "2.2.0".equals(preq.version());
            if (v220) {
                json.put("dsStartProtocolVersion", MessageVersions.SUPPORTED.get(0));
                json.put("dsEndProtocolVersion", MessageVersions.highest());
            } else {
                ArrayNode ds = json.putArray("dsProtocolVersions");
                MessageVersions.SUPPORTED.forEach(ds::add);
                // 01: the 3DS Server applies the entries in the order given.
                json.put("readOrder", "01");
            }
            ArrayNode data = json.putArray("cardRangeData");
            List<CardRange> registered = since == null ? ranges.all() : ranges.addedAfter(since);
            for (CardRange r : registered) {
                data.add(entry(r, "A", v220));
            }
            if (since == null) {
                // A default route that meets a registered range is left out: the registered one decides.
                for (CardRange d : defaults.all()) {
                    if (registered.stream().noneMatch(r -> r.startBound().compareTo(d.endBound()) <= 0
                            && r.endBound().compareTo(d.startBound()) >= 0)) {
                        data.add(entry(d, "A", v220));
                    }
                }
            }
            if (since != null) {
                for (CardRange r : ranges.deletedAfter(since)) {
                    data.add(entry(r, "D", v220));
                }
            }
            return ThreeDsMessage.of(json);
        } catch (ThreeDsException e) {
            return Erro.of(e, 'D', preq);
        }
    }

    /** A cardRangeData entry: 2.2.0 names the ACS's start and end version, 2.3.1 lists each version with its method URL. */
    private static ObjectNode entry(CardRange r, String action, boolean v220) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        if (v220) {
            e.put("startRange", atLeast16(r.startRange(), '0'));
            e.put("endRange", atLeast16(r.endRange(), '9'));
        } else {
            ObjectNode range = e.putArray("ranges").addObject();
            range.put("start", atLeast16(r.startRange(), '0'));
            range.put("end", atLeast16(r.endRange(), '9'));
        }
        e.put("actionInd", action);
        if (v220) {
            e.put("acsStartProtocolVersion", r.acsStartProtocolVersion());
            e.put("acsEndProtocolVersion", r.acsEndProtocolVersion());
            e.put("dsStartProtocolVersion", MessageVersions.SUPPORTED.get(0));
            e.put("dsEndProtocolVersion", MessageVersions.highest());
            if (r.threeDsMethodUrl() != null) {
                e.put("threeDSMethodURL", r.threeDsMethodUrl());
            }
            if (!r.acsInfoInd().isEmpty()) {
                ArrayNode info = e.putArray("acsInfoInd");
                r.acsInfoInd().forEach(info::add);
            }
            return e;
        }
        ArrayNode versions = e.putArray("acsProtocolVersions");
        List<String> all = MessageVersions.SUPPORTED;
        for (int i = all.indexOf(r.acsStartProtocolVersion()); i >= 0 && i <= all.indexOf(r.acsEndProtocolVersion()); i++) {
            ObjectNode v = versions.addObject();
            v.put("version", all.get(i));
            if (!r.acsInfoInd().isEmpty()) {
                ArrayNode info = v.putArray("acsInfoInd");
                r.acsInfoInd().forEach(info::add);
            }
            if (r.threeDsMethodUrl() != null) {
                v.put("threeDSMethodURL", r.threeDsMethodUrl());
            }
        }
        return e;
    }

    /** PRes ranges are 13–19 digits: a short prefix is widened to 16, the usual card length. */
    private static String atLeast16(String prefix, char pad) {
        StringBuilder out = new StringBuilder(prefix);
        while (out.length() < 16) {
            out.append(pad);
        }
        return out.toString();
    }
}
