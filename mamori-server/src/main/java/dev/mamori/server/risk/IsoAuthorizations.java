package dev.mamori.server.risk;

import dev.mamori.common.InvalidPanException;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Channel;
import dev.mamori.risk.Decision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.risk.iso.IsoFormatException;
import dev.mamori.risk.iso.IsoHandler;
import dev.mamori.risk.iso.IsoMessage;
import dev.mamori.server.api.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ISO 8583 0100/0200/0400 messages into host decisions and decisions into 0110/0210/0410.
 * The issuer tenant is found by BIN route (an ISO message names none); an unrouted card gets 15.
 * Track data (field 35) is refused for e-commerce with 12; for card-present messages the card
 * number, expiry and service code are read from it. CVC2 travels in field 48 (tag CV), as
 * Mastercard carries it in DE 48.
 */
public final class IsoAuthorizations implements IsoHandler {
    private static final Logger log = LoggerFactory.getLogger(IsoAuthorizations.class);

    private final RiskModule risk;
    private final Clock clock;

    public IsoAuthorizations(RiskModule risk, Clock clock) {
        this.risk = risk;
        this.clock = clock;
    }

    @Override
    public IsoMessage handle(IsoMessage request) {
        IsoMessage response = IsoMessage.responseTo(request);
        MessageKind kind = kind(request.mti());
        if (kind == null) {
            return response.set(39, ResponseCode.INVALID_TRANSACTION.code());
        }
        IsoEcData ec = request.ecData(); // a malformed field 48 is answered 30 by the server
        Channel channel = channel(request, ec);
        Card card;
        try {
            card = card(request, channel);
        } catch (InvalidPanException e) {
            return response.set(39, ResponseCode.INVALID_CARD_NUMBER.code());
        }
        if (card == null) {
            return response.set(39, ResponseCode.INVALID_TRANSACTION.code());
        }
        Optional<TenantId> tenant = risk.binRoutes().route(card.pan);
        if (tenant.isEmpty()) {
            return response.set(39, ResponseCode.NO_SUCH_ISSUER.code());
        }
        SecurityCode code = null;
        try {
            AuthorizationRequest authorization;
            try {
                if (ec != null && ec.securityCode() != null) {
                    code = SecurityCode.of(ec.securityCode());
                }
                authorization = new AuthorizationRequest(tenant.get(), kind,
                        new AuthorizationRequest.PresentedCard(card.pan, card.expiry, code, card.serviceCode, null),
                        amount(request), currency(request), value(request, 3), channel, merchant(request),
                        trace(request, kind), ecData(ec), clock.instant());
            } catch (ApiProblem | IllegalArgumentException e) {
                log.info("ISO 8583 {} refused as a format error: {}", request.mti(), e.getMessage());
                return response.set(39, ResponseCode.FORMAT_ERROR.code());
            }
            // Outside the format-error catch: a failure while deciding is the server's (96), not the sender's.
            Decision decision = risk.host().decide(authorization, "iso");
            response.set(39, decision.responseCode().code());
            if (decision.approvalCode() != null) {
                response.set(38, decision.approvalCode());
            }
            return response;
        } finally {
            if (code != null) {
                code.wipe();
            }
        }
    }

    private record Card(Pan pan, YearMonth expiry, String serviceCode) {
    }

    private static MessageKind kind(String mti) {
        return switch (mti) {
            case "0100", "0101" -> MessageKind.AUTHORIZATION;
            case "0200", "0201" -> MessageKind.FINANCIAL;
            case "0400", "0401", "0420", "0421" -> MessageKind.REVERSAL;
            default -> null;
        };
    }

    /** Field 48's CH tag wins; else field 25: 59 e-commerce, 08 mail/telephone; else card present when track data came. */
    private static Channel channel(IsoMessage m, IsoEcData ec) {
        if (ec != null && ec.channel() != null) {
            Channel channel = Channel.fromId(ec.channel());
            if (channel != null) {
                return channel;
            }
        }
        String condition = m.has(25) ? m.get(25) : "";
        if ("59".equals(condition)) {
            return Channel.ECOMMERCE;
        }
        if ("08".equals(condition)) {
            return Channel.MAIL_TELEPHONE;
        }
        return m.has(35) ? Channel.FACE_TO_FACE : Channel.ECOMMERCE;
    }

    /** @return the card, or null when the message is not acceptable (track data for EC, no card at all) */
    private static Card card(IsoMessage m, Channel channel) {
        if (m.has(35)) {
            if (channel != Channel.FACE_TO_FACE) {
                return null; // track data is never accepted for card-not-present payments
            }
            String track = m.get(35).toUpperCase(Locale.ROOT);
            int separator = Math.max(track.indexOf('='), track.indexOf('D'));
            if (separator < 13 || track.length() < separator + 8) {
                throw new IsoFormatException(35, "track 2 must be PAN, separator, YYMM and service code");
            }
            Pan pan = Pan.of(track.substring(0, separator));
            return new Card(pan, yymm(track.substring(separator + 1, separator + 5), 35), track.substring(separator + 5, separator + 8));
        }
        if (!m.has(2)) {
            throw new IsoFormatException(2, "field 2 (card number) is required");
        }
        return new Card(m.pan(), m.has(14) ? yymm(m.get(14), 14) : null, null);
    }

    private static YearMonth yymm(String text, int field) {
        if (text == null || !text.matches("[0-9]{2}(0[1-9]|1[0-2])")) {
            throw new IsoFormatException(field, "expiry must be YYMM");
        }
        return YearMonth.of(2000 + Integer.parseInt(text.substring(0, 2)), Integer.parseInt(text.substring(2)));
    }

    private static long amount(IsoMessage m) {
        if (!m.has(4)) {
            throw new IsoFormatException(4, "field 4 (amount) is required");
        }
        return Long.parseLong(m.get(4));
    }

    private static Currency currency(IsoMessage m) {
        if (!m.has(49)) {
            throw new IsoFormatException(49, "field 49 (currency) is required");
        }
        try {
            return AuthorizationRequests.currency(m.get(49), "49");
        } catch (ApiProblem e) {
            throw new IsoFormatException(49, "field 49 must be an ISO 4217 currency code");
        }
    }

    private static String value(IsoMessage m, int field) {
        return m.has(field) ? m.get(field) : null;
    }

    /** Field 43: name (25), city (13), country (2, ISO 3166 alpha-2 in most networks' use). */
    private static AuthorizationRequest.Merchant merchant(IsoMessage m) {
        String nameLocation = value(m, 43);
        String country = null;
        if (nameLocation != null && nameLocation.length() == 40) {
            String tail = nameLocation.substring(38).trim();
            if (tail.matches("[A-Za-z]{2}")) {
                country = tail.toUpperCase(Locale.ROOT);
            }
        }
        String mcc = value(m, 18);
        return new AuthorizationRequest.Merchant(value(m, 42), value(m, 41), nameLocation, mcc == null ? "" : mcc, country);
    }

    private AuthorizationRequest.Trace trace(IsoMessage m, MessageKind kind) {
        String originalStan = null;
        if (kind == MessageKind.REVERSAL && m.has(90)) {
            String original = m.get(90);
            if (original.length() >= 10) {
                originalStan = original.substring(4, 10);
            }
        }
        return new AuthorizationRequest.Trace(value(m, 11), value(m, 37), transmissionTime(value(m, 7)), value(m, 22), value(m, 25),
                originalStan, null);
    }

    /** Field 7 is MMDDhhmmss in UTC without a year: the year is the one that puts it nearest to now. */
    private Instant transmissionTime(String mmddhhmmss) {
        if (mmddhhmmss == null || !mmddhhmmss.matches("[0-9]{10}")) {
            return null;
        }
        try {
            int month = Integer.parseInt(mmddhhmmss.substring(0, 2));
            int day = Integer.parseInt(mmddhhmmss.substring(2, 4));
            MonthDay.of(month, day);
            LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            LocalDateTime candidate = LocalDateTime.of(now.getYear(), month, Math.min(day, 28), 0, 0).withDayOfMonth(day)
                    .withHour(Integer.parseInt(mmddhhmmss.substring(4, 6))).withMinute(Integer.parseInt(mmddhhmmss.substring(6, 8)))
                    .withSecond(Integer.parseInt(mmddhhmmss.substring(8, 10)));
            if (candidate.isAfter(now.plusMonths(6))) {
                candidate = candidate.minusYears(1);
            } else if (candidate.isBefore(now.minusMonths(6))) {
                candidate = candidate.plusYears(1);
            }
            return candidate.toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null; // an impossible date (0230) is not worth refusing the payment for
        }
    }

    private static AuthorizationRequest.EcData ecData(IsoEcData ec) {
        if (ec == null) {
            return AuthorizationRequest.EcData.NONE;
        }
        AuthorizationRequest.ThreeDsResult threeDs = ec.eci() == null && ec.authenticationValue() == null && ec.transStatus() == null
                ? null : new AuthorizationRequest.ThreeDsResult(ec.eci(), ec.authenticationValue(), ec.transStatus());
        return new AuthorizationRequest.EcData(ec.deviceId(), ec.ipAddress(), ec.email(), ec.deliveryAddress(), threeDs);
    }
}
