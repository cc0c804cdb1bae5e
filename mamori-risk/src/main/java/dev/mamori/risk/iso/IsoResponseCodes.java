package dev.mamori.risk.iso;

/** The ISO 8583:1987 response codes (field 39) that the listener itself emits. */
public final class IsoResponseCodes {
    private IsoResponseCodes() {}

    public static final String APPROVED = "00";
    /** The MTI is a well-formed request of a class this host does not process (e.g. 0300). */
    public static final String INVALID_TRANSACTION = "12";
    /** The message broke the ISO87BPackager layout, or field 48's TLVs. */
    public static final String FORMAT_ERROR = "30";
    /** The host is overloaded (handler queue full): the acquirer may stand in or retry. */
    public static final String ISSUER_UNAVAILABLE = "91";
    /** The handler failed. */
    public static final String SYSTEM_MALFUNCTION = "96";
}
