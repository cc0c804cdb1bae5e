package dev.mamori.risk;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.Objects;

/**
 * One authorization, financial or reversal request as the host sees it, whichever interface it
 * came in on (ISO 8583 or JSON). Card data stays in {@link Pan} and {@link SecurityCode}, so
 * {@code toString} of this record never shows either.
 *
 * @param tenant the issuer tenant whose card this is
 * @param kind what the message asks for
 * @param card the card as presented
 * @param amountMinor amount in the currency's minor units (yen have none)
 * @param currency transaction currency (field 49)
 * @param processingCode field 3, six digits
 * @param channel how the card was presented
 * @param merchant who is selling
 * @param trace identifiers used for duplicates and reversals
 * @param ec e-commerce data (field 48 or the JSON body); {@link EcData#NONE} when absent
 * @param receivedAt when the host received it
 */
public record AuthorizationRequest(
        TenantId tenant,
        MessageKind kind,
        PresentedCard card,
        long amountMinor,
        Currency currency,
        String processingCode,
        Channel channel,
        Merchant merchant,
        Trace trace,
        EcData ec,
        Instant receivedAt) {

    public AuthorizationRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        processingCode = processingCode == null ? "000000" : processingCode;
        ec = ec == null ? EcData.NONE : ec;
    }

    /** The amount in major units (yen, dollars), as rules compare it. */
    public double amount() {
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return digits == 0 ? amountMinor : amountMinor / Math.pow(10, digits);
    }

    /**
     * The card as presented in the message.
     *
     * @param pan the card number (field 2 or detokenized for JSON)
     * @param expiry field 14, or null when not sent
     * @param securityCode CVC2 when sent (never stored; the caller wipes it after the decision)
     * @param serviceCode three digits when known (track data is refused, so usually null)
     * @param token the vault token when the request named the card by token, else null
     */
    public record PresentedCard(Pan pan, YearMonth expiry, SecurityCode securityCode, String serviceCode, String token) {
        public PresentedCard {
            Objects.requireNonNull(pan, "pan");
        }
    }

    /**
     * @param merchantId field 42 (card acceptor id)
     * @param terminalId field 41
     * @param nameLocation field 43 (name, city, country)
     * @param mcc field 18, four digits
     * @param country ISO 3166 alpha-2 country of the merchant, upper case, or null when unknown
     */
    public record Merchant(String merchantId, String terminalId, String nameLocation, String mcc, String country) {
        public Merchant {
            merchantId = merchantId == null ? "" : merchantId.strip();
            terminalId = terminalId == null ? "" : terminalId.strip();
            // Free text from the wire: a card number in it is masked before anything stores it.
            nameLocation = nameLocation == null ? "" : CardNumberDetector.mask(nameLocation.strip());
            mcc = mcc == null ? "" : mcc;
        }
    }

    /**
     * @param stan field 11, system trace audit number
     * @param rrn field 37, retrieval reference number
     * @param transmissionTime field 7 (year inferred), or null
     * @param posEntryMode field 22
     * @param posConditionCode field 25
     * @param originalStan for a reversal: the STAN of what it reverses (field 90, or field 11 when
     *     the acquirer reuses it), else null
     * @param originalRrn for a reversal: the RRN of what it reverses when the sender names one
     *     apart from field 37, else null (then field 37 is used)
     */
    public record Trace(String stan, String rrn, Instant transmissionTime, String posEntryMode,
                        String posConditionCode, String originalStan, String originalRrn) {
        public Trace {
            stan = stan == null ? "" : stan;
            rrn = rrn == null ? "" : rrn.strip();
        }
    }

    /**
     * E-commerce data: what the shop knows about the buyer. Every part is optional.
     *
     * @param deviceId the shop's or the 3DS method's device identifier
     * @param ip the buyer's IP address as text
     * @param email the buyer's e-mail address
     * @param deliveryAddress the delivery address as written (normalized when matched)
     * @param threeDs the 3-D Secure result, or null
     */
    public record EcData(String deviceId, String ip, String email, String deliveryAddress, ThreeDsResult threeDs) {
        public static final EcData NONE = new EcData(null, null, null, null, null);

        public EcData {
            deviceId = clean(deviceId);
            ip = clean(ip);
            // E-mail addresses are compared, counted and logged in lower case (providers ignore case).
            email = email == null ? null : clean(email.toLowerCase(java.util.Locale.ROOT));
            deliveryAddress = clean(deliveryAddress);
        }

        /** Blank is absent; a card number inside free text is masked before anything stores it. */
        private static String clean(String text) {
            return text == null || text.isBlank() ? null : CardNumberDetector.mask(text.strip());
        }
    }

    /**
     * @param eci electronic commerce indicator (05/06/07 Visa/JCB/Amex, 02/01/00 Mastercard)
     * @param authenticationValue CAVV/AAV, base64, or null
     * @param transStatus the 3DS transStatus (Y, A, N, U, R, C), or null
     */
    public record ThreeDsResult(String eci, String authenticationValue, String transStatus) {
    }
}
