package dev.mamori.risk;

/**
 * ISO 8583 field 39 response codes, used as the industry does. Lost and stolen cards get 41/43
 * (pick-up) so the acquirer knows not to retry. A wrong security code and a wrong expiry both read
 * "do not honour", so a guesser cannot tell which was wrong; the decision log records the precise
 * reason.
 */
public enum ResponseCode {
    APPROVED("00", "approved"),
    DO_NOT_HONOUR("05", "do not honour"),
    INVALID_TRANSACTION("12", "invalid transaction"),
    INVALID_AMOUNT("13", "invalid amount"),
    INVALID_CARD_NUMBER("14", "invalid card number (no such card)"),
    NO_SUCH_ISSUER("15", "no such issuer"),
    FORMAT_ERROR("30", "format error"),
    LOST_CARD("41", "lost card, pick up"),
    STOLEN_CARD("43", "stolen card, pick up"),
    INSUFFICIENT_FUNDS("51", "not sufficient funds (over the credit limit)"),
    EXPIRED_CARD("54", "expired card"),
    NOT_PERMITTED_TO_CARDHOLDER("57", "transaction not permitted to cardholder"),
    SUSPECTED_FRAUD("59", "suspected fraud"),
    EXCEEDS_AMOUNT_LIMIT("61", "exceeds withdrawal amount limit"),
    RESTRICTED_CARD("62", "restricted card"),
    EXCEEDS_FREQUENCY_LIMIT("65", "exceeds withdrawal frequency limit"),
    ISSUER_UNAVAILABLE("91", "issuer or switch inoperative"),
    /** Trace numbers (STAN, RRN) reused for another card or amount. */
    DUPLICATE_TRANSMISSION("94", "duplicate transmission"),
    /** A soft decline asking for step-up authentication (3-D Secure) and a new request; Visa's SCA code. */
    AUTHENTICATION_REQUIRED("1A", "additional customer authentication required"),
    SYSTEM_MALFUNCTION("96", "system malfunction");

    private final String code;
    private final String description;

    ResponseCode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The two characters of field 39. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public boolean approved() {
        return this == APPROVED;
    }

    /** @return the response code for field 39's two characters, or null */
    public static ResponseCode fromCode(String code) {
        for (ResponseCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        return null;
    }
}
