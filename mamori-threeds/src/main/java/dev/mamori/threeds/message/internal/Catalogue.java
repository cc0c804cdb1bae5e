package dev.mamori.threeds.message.internal;

import static dev.mamori.threeds.DeviceChannel.APP;
import static dev.mamori.threeds.DeviceChannel.BROWSER;
import static dev.mamori.threeds.DeviceChannel.THREE_RI;
import static dev.mamori.threeds.message.internal.Format.anyObject;
import static dev.mamori.threeds.message.internal.Format.arrayOf;
import static dev.mamori.threeds.message.internal.Format.base64;
import static dev.mamori.threeds.message.internal.Format.bool;
import static dev.mamori.threeds.message.internal.Format.country;
import static dev.mamori.threeds.message.internal.Format.currency;
import static dev.mamori.threeds.message.internal.Format.date;
import static dev.mamori.threeds.message.internal.Format.digits;
import static dev.mamori.threeds.message.internal.Format.either;
import static dev.mamori.threeds.message.internal.Format.email;
import static dev.mamori.threeds.message.internal.Format.ip;
import static dev.mamori.threeds.message.internal.Format.jws;
import static dev.mamori.threeds.message.internal.Format.language;
import static dev.mamori.threeds.message.internal.Format.matching;
import static dev.mamori.threeds.message.internal.Format.messageExtensions;
import static dev.mamori.threeds.message.internal.Format.number;
import static dev.mamori.threeds.message.internal.Format.object;
import static dev.mamori.threeds.message.internal.Format.oneOf;
import static dev.mamori.threeds.message.internal.Format.range;
import static dev.mamori.threeds.message.internal.Format.text;
import static dev.mamori.threeds.message.internal.Format.trueOnly;
import static dev.mamori.threeds.message.internal.Format.url;
import static dev.mamori.threeds.message.internal.Format.uuid;
import static dev.mamori.threeds.message.internal.Inclusion.OPTIONAL;
import static dev.mamori.threeds.message.internal.Inclusion.REQUIRED;
import static dev.mamori.threeds.message.internal.Inclusion.channels;
import static dev.mamori.threeds.message.internal.Inclusion.fromDs;
import static dev.mamori.threeds.message.internal.Inclusion.fromServer;
import static dev.mamori.threeds.message.internal.Inclusion.payment;
import static dev.mamori.threeds.message.internal.Inclusion.when;
import static dev.mamori.threeds.message.internal.Inclusion.whenIn;
import static dev.mamori.threeds.message.internal.Inclusion.whenPresent;
import static dev.mamori.threeds.message.internal.Inclusion.whenTrue;

import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.message.MessageType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data element table of EMV 3-D Secure, Protocol and Core Functions Specification v2.2.0 and
 * v2.3.1 (Table A.1 and the nested objects of Tables A.6 to A.27), one row per element: name, format,
 * inclusion, versions. Rows are in the spec's alphabetical order within each message, so a list of
 * missing elements comes out in the spec's order.
 *
 * <p>Sources: the EMVCo specification text as quoted by public 3DS Server documentation (3dsecure.io's
 * per-version field reference, Netcetera's and others' AReq models). Where they disagree the EMVCo
 * reading is kept and the row says so ("EMVCo:" comments). Elements whose condition depends on facts
 * outside the message ("required unless market or regional mandate restricts", "required if
 * available", payment-system rules) are optional here, with their format still checked.
 *
 * <p>Unknown elements are ignored, as the spec asks of receivers; present elements of another channel
 * are format-checked all the same.
 */
public final class Catalogue {

    public static final Set<String> BOTH = Set.of("2.2.0", "2.3.1");
    static final Set<String> V220 = Set.of("2.2.0");
    static final Set<String> V231 = Set.of("2.3.1");

    private static final Map<MessageType, List<Element>> TABLES = new EnumMap<>(MessageType.class);

    private Catalogue() {
    }

    /** @return the rows of a message type (all versions; filter with {@link Element#in}) */
    public static List<Element> elements(MessageType type, String version) {
        return TABLES.get(type).stream().filter(e -> e.in(version)).toList();
    }

    private static Element e(String name, Format format, Inclusion inclusion) {
        return new Element(name, format, inclusion, BOTH);
    }

    private static Element v220(String name, Format format, Inclusion inclusion) {
        return new Element(name, format, inclusion, V220);
    }

    private static Element v231(String name, Format format, Inclusion inclusion) {
        return new Element(name, format, inclusion, V231);
    }

    // ---- shared formats

    private static final Format TRANS_ID = uuid();
    private static final Format YYYYMMDD = date("uuuuMMdd");
    private static final Format YYYYMMDDHHMM = date("uuuuMMddHHmm");
    private static final Format YYYYMMDDHHMMSS = date("uuuuMMddHHmmss");
    private static final Format VERSION = matching("[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}");
    private static final Format YES_NO = oneOf("Y", "N");
    /** Amounts: digits only, the minor units given by the exponent; at most 48 digits. */
    private static final Format AMOUNT = digits(1, 48);
    private static final Format EXPONENT = digits(1);

    /** Home, mobile and work phone: country code 1–3 digits, subscriber up to 15 digits (EMVCo; 3dsecure.io says 12). */
    private static final Format PHONE = object(List.of(
            e("cc", digits(1, 3), REQUIRED),
            e("subscriber", digits(1, 15), REQUIRED)));

    /** Table A.6: acctInfo, all optional. */
    private static final Format ACCT_INFO = object(List.of(
            e("chAccAgeInd", oneOf("01", "02", "03", "04", "05"), OPTIONAL),
            e("chAccChange", YYYYMMDD, OPTIONAL),
            e("chAccChangeInd", oneOf("01", "02", "03", "04"), OPTIONAL),
            e("chAccDate", YYYYMMDD, OPTIONAL),
            e("chAccPwChange", YYYYMMDD, OPTIONAL),
            e("chAccPwChangeInd", oneOf("01", "02", "03", "04", "05"), OPTIONAL),
            e("chAccReqID", text(64), OPTIONAL),
            e("nbPurchaseAccount", digits(1, 4), OPTIONAL),
            e("paymentAccAge", YYYYMMDD, OPTIONAL),
            e("paymentAccInd", oneOf("01", "02", "03", "04", "05"), OPTIONAL),
            e("provisionAttemptsDay", digits(1, 3), OPTIONAL),
            e("shipAddressUsage", YYYYMMDD, OPTIONAL),
            e("shipAddressUsageInd", oneOf("01", "02", "03", "04"), OPTIONAL),
            e("shipNameIndicator", oneOf("01", "02"), OPTIONAL),
            e("suspiciousAccActivity", oneOf("01", "02"), OPTIONAL),
            e("txnActivityDay", digits(1, 3), OPTIONAL),
            e("txnActivityYear", digits(1, 3), OPTIONAL)));

    /** Table A.7: merchantRiskIndicator, all optional. */
    private static final Format MERCHANT_RISK = object(List.of(
            e("deliveryEmailAddress", email(), OPTIONAL),
            e("deliveryTimeframe", oneOf("01", "02", "03", "04"), OPTIONAL),
            e("giftCardAmount", digits(1, 15), OPTIONAL),
            e("giftCardCount", digits(2), OPTIONAL),
            e("giftCardCurr", currency(), OPTIONAL),
            e("preOrderDate", YYYYMMDD, OPTIONAL),
            e("preOrderPurchaseInd", oneOf("01", "02"), OPTIONAL),
            e("reorderItemsInd", oneOf("01", "02"), OPTIONAL),
            v220("shipIndicator", oneOf("01", "02", "03", "04", "05", "06", "07"), OPTIONAL),
            v231("shipIndicator", oneOf("01", "02", "03", "04", "05", "06", "07", "08", "09"), OPTIONAL),
            v231("transChar", arrayOf(oneOf("01", "02"), 1, 2), OPTIONAL)));

    /**
     * deviceRenderOptions. EMVCo makes sdkInterface and sdkUiType required inside the object
     * (3dsecure.io lists them as optional).
     */
    private static final Format DEVICE_RENDER_OPTIONS = object(List.of(
            v231("sdkAuthenticationType", arrayOf(oneOf("01-11", "80-99"), 1, 99), OPTIONAL),
            e("sdkInterface", oneOf("01", "02", "03"), REQUIRED),
            v220("sdkUiType", arrayOf(oneOf("01", "02", "03", "04", "05"), 1, 5), REQUIRED),
            v231("sdkUiType", arrayOf(oneOf("01", "02", "03", "04", "05", "06", "07"), 1, 7), REQUIRED)));

    /** threeDSRequestorAuthenticationInfo (one object in 2.2.0, an array of them in 2.3.1). */
    private static final Format REQUESTOR_AUTH_INFO_220 = object(List.of(
            e("threeDSReqAuthData", text(20000), OPTIONAL),
            e("threeDSReqAuthMethod", oneOf("01-08", "80-99"), OPTIONAL),
            e("threeDSReqAuthTimestamp", YYYYMMDDHHMM, OPTIONAL)));
    private static final Format REQUESTOR_AUTH_INFO_231 = object(List.of(
            e("threeDSReqAuthData", either(text(20000), anyObject(20000)), OPTIONAL),
            e("threeDSReqAuthMethod", oneOf("01-10", "80-99"), OPTIONAL),
            e("threeDSReqAuthTimestamp", YYYYMMDDHHMM, OPTIONAL)));

    private static final Format PRIOR_AUTH_INFO = object(List.of(
            e("threeDSReqPriorAuthData", text(2048), OPTIONAL),
            e("threeDSReqPriorAuthMethod", oneOf("01-04", "80-99"), OPTIONAL),
            e("threeDSReqPriorAuthTimestamp", YYYYMMDDHHMM, OPTIONAL),
            e("threeDSReqPriorRef", text(36), OPTIONAL)));

    /** acsRenderingType: the interface and UI template of the app challenge. */
    private static final Format ACS_RENDERING_TYPE = object(List.of(
            e("acsInterface", oneOf("01", "02"), REQUIRED),
            v220("acsUiTemplate", oneOf("01", "02", "03", "04", "05"), REQUIRED),
            v231("acsUiTemplate", oneOf("01", "02", "03", "04", "05", "06", "07"), REQUIRED),
            v231("deviceUserInterfaceMode", oneOf("01", "02", "03"), OPTIONAL)));

    /** 2.3.1 recurringInd. */
    private static final Format RECURRING_IND = object(List.of(
            e("amountInd", oneOf("01", "02", "80-99"), OPTIONAL),
            e("frequencyInd", oneOf("01", "02", "80-99"), OPTIONAL)));

    private static final Format STATUS_SOURCE = oneOf("01", "02", "03", "80-99");

    /** cardRangeData of the PRes (2.3.1 moves the ACS versions into acsProtocolVersions). */
    private static final Format CARD_RANGE = object(List.of(
            v231("acsProtocolVersions", arrayOf(anyObject(4096), 1, 20), OPTIONAL),
            e("acsEndProtocolVersion", VERSION, when("required in 2.2.0", f -> "2.2.0".equals(f.version()))),
            e("acsInfoInd", arrayOf(oneOf("01-11", "80-99"), 1, 99), OPTIONAL),
            e("acsStartProtocolVersion", VERSION, when("required in 2.2.0", f -> "2.2.0".equals(f.version()))),
            e("actionInd", oneOf("A", "D", "M"), OPTIONAL),
            e("dsEndProtocolVersion", VERSION, OPTIONAL),
            e("dsStartProtocolVersion", VERSION, OPTIONAL),
            e("endRange", digits(13, 19), REQUIRED),
            e("startRange", digits(13, 19), REQUIRED),
            e("threeDSMethodURL", url(256), OPTIONAL)));

    static {
        // ---------------------------------------------------------------- AReq
        TABLES.put(MessageType.AReq, List.of(
                // 2.3.1: the Accept-Language header's languages, required for browsers (3dsecure.io and the 2.3.1 field lists agree).
                v231("acceptLanguage", arrayOf(text(100), 1, 99), channels(BROWSER)),
                e("acctID", text(64), OPTIONAL),
                e("acctInfo", ACCT_INFO, OPTIONAL),
                e("acctNumber", digits(13, 19), REQUIRED),
                e("acctType", oneOf("01", "02", "03", "80-99"), OPTIONAL),
                e("acquirerBIN", text(11), payment()),
                v231("acquirerCountryCode", country(), OPTIONAL), // 3dsecure.io: required; EMVCo: conditional on DS rules
                v231("acquirerCountryCodeSource", oneOf("01", "02", "80-99"), whenPresent("acquirerCountryCode")),
                e("acquirerMerchantID", text(35), payment()),
                e("addrMatch", YES_NO, OPTIONAL),
                v231("appIp", ip(), OPTIONAL),
                e("billAddrCity", text(50), OPTIONAL),
                e("billAddrCountry", country(), whenPresent("billAddrState")),
                e("billAddrLine1", text(50), OPTIONAL),
                e("billAddrLine2", text(50), OPTIONAL),
                e("billAddrLine3", text(50), OPTIONAL),
                e("billAddrPostCode", text(16), OPTIONAL),
                e("billAddrState", text(3), OPTIONAL),
                v231("broadInfo", anyObject(4096), OPTIONAL), // new in 2.3.1
                e("browserAcceptHeader", text(2048), channels(BROWSER)),
                e("browserColorDepth", oneOf("1", "4", "8", "15", "16", "24", "32", "48"),
                        channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserIP", ip(), OPTIONAL), // "required unless market or regional mandate restricts"
                e("browserJavaEnabled", bool(), channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserJavascriptEnabled", bool(), channels(BROWSER)),
                v220("browserLanguage", language(8), channels(BROWSER)),
                // 2.3.1: 1–35 characters, required only when JavaScript runs.
                v231("browserLanguage", language(35), channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserScreenHeight", digits(1, 6), channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserScreenWidth", digits(1, 6), channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserTZ", matching("[+-]?[0-9]{1,4}"), channels(BROWSER).and(whenTrue("browserJavascriptEnabled"))),
                e("browserUserAgent", text(2048), channels(BROWSER)),
                e("cardExpiryDate", date("uuMM"), OPTIONAL),
                v231("cardSecurityCode", digits(3, 4), OPTIONAL),
                v231("cardSecurityCodeStatus", oneOf("Y", "N", "U"), OPTIONAL),
                v231("cardSecurityCodeStatusSource", oneOf("01", "02", "80-99"), whenPresent("cardSecurityCodeStatus")),
                e("cardholderName", text(2, 45), OPTIONAL),
                v231("defaultSdkType", anyObject(1024), channels(APP).and(whenIn("sdkType", "01"))),
                e("deviceChannel", oneOf("01", "02", "03"), REQUIRED),
                v231("deviceBindingStatus", oneOf("01-15", "80-99"), OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                v231("deviceId", text(64), OPTIONAL),
                // The DS decrypts sdkEncData into deviceInfo for the ACS.
                e("deviceInfo", text(64000), fromDs(channels(APP))),
                e("deviceRenderOptions", DEVICE_RENDER_OPTIONS, channels(APP)),
                e("dsReferenceNumber", text(32), fromDs(REQUIRED)),
                e("dsTransID", TRANS_ID, fromDs(REQUIRED)),
                e("dsURL", url(2048), OPTIONAL),
                e("email", email(), OPTIONAL),
                e("homePhone", PHONE, OPTIONAL),
                e("mcc", digits(4), payment()),
                e("merchantCountryCode", country(), payment()),
                e("merchantName", text(40), payment()),
                e("merchantRiskIndicator", MERCHANT_RISK, OPTIONAL),
                e("messageCategory", oneOf("01", "02"), REQUIRED),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("AReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("mobilePhone", PHONE, OPTIONAL),
                v231("multiTransaction", anyObject(10000), OPTIONAL),
                e("notificationURL", url(256), channels(BROWSER)),
                v231("payeeOrigin", url(2048), whenIn("threeDSRequestorSpcSupport", "Y")),
                e("payTokenInd", trueOnly(), OPTIONAL),
                v231("payTokenInfo", anyObject(10000), OPTIONAL),
                e("payTokenSource", oneOf("01", "02", "80-99"), whenTrue("payTokenInd")),
                e("purchaseAmount", AMOUNT, purchaseRequired()),
                e("purchaseCurrency", currency(), purchaseRequired()),
                e("purchaseDate", YYYYMMDDHHMMSS, purchaseRequired()),
                e("purchaseExponent", EXPONENT, purchaseRequired()),
                e("purchaseInstalData", range(3, 2, 999),
                        whenIn("threeDSRequestorAuthenticationInd", "03").or(whenIn("threeRIInd", "02"))),
                v231("recurringAmount", AMOUNT, when("required when recurringInd.amountInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "amountInd")))),
                v231("recurringCurrency", currency(), whenPresent("recurringAmount")),
                v231("recurringDate", YYYYMMDD, when("required when recurringInd.frequencyInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "frequencyInd")))),
                v231("recurringExponent", EXPONENT, whenPresent("recurringAmount")),
                v220("recurringExpiry", YYYYMMDD, recurring220()),
                v231("recurringExpiry", YYYYMMDD, OPTIONAL),
                v220("recurringFrequency", digits(1, 4), recurring220()),
                v231("recurringFrequency", digits(1, 4), when("required when recurringInd.frequencyInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "frequencyInd")))),
                v231("recurringInd", RECURRING_IND, whenIn("threeDSRequestorAuthenticationInd", "02", "03")
                        .or(whenIn("threeRIInd", "01", "02"))),
                e("sdkAppID", TRANS_ID, channels(APP)),
                // The 3DS Server sends sdkEncData; the DS sends deviceInfo in its place.
                e("sdkEncData", text(64000), fromServer(channels(APP))),
                e("sdkEphemPubKey", anyObject(256), channels(APP)),
                e("sdkMaxTimeout", number(2, 5, 99), channels(APP)),
                e("sdkReferenceNumber", text(32), channels(APP)),
                v231("sdkServerSignedContent", text(4000), channels(APP).and(whenIn("sdkType", "02"))),
                v231("sdkSignatureTimestamp", YYYYMMDDHHMMSS, OPTIONAL),
                e("sdkTransID", TRANS_ID, channels(APP)),
                v231("sdkType", oneOf("01", "02", "80-99"), channels(APP)),
                v231("sellerInfo", arrayOf(anyObject(4096), 1, 50), OPTIONAL),
                e("shipAddrCity", text(50), OPTIONAL),
                e("shipAddrCountry", country(), whenPresent("shipAddrState")),
                e("shipAddrLine1", text(50), OPTIONAL),
                e("shipAddrLine2", text(50), OPTIONAL),
                e("shipAddrLine3", text(50), OPTIONAL),
                e("shipAddrPostCode", text(16), OPTIONAL),
                e("shipAddrState", text(3), OPTIONAL),
                v231("spcIncompInd", oneOf("01", "02", "03", "80-99"), OPTIONAL),
                v231("splitSdkType", anyObject(1024), channels(APP).and(whenIn("sdkType", "02"))),
                v231("taxId", text(45), OPTIONAL),
                e("threeDSCompInd", oneOf("Y", "N", "U"), channels(BROWSER)),
                v231("threeDSMethodId", TRANS_ID, OPTIONAL),
                v220("threeDSReqAuthMethodInd", oneOf("01", "02", "03", "80-99"), OPTIONAL), // gone in 2.3.1
                // EMVCo 2.2.0: 01–06 (07–79 reserved, invalid until defined); 3dsecure.io also accepts 07.
                v220("threeDSRequestorAuthenticationInd", oneOf("01-06", "80-99"), channels(APP, BROWSER)),
                v231("threeDSRequestorAuthenticationInd", oneOf("01-10", "80-99"), channels(APP, BROWSER)),
                v220("threeDSRequestorAuthenticationInfo", REQUESTOR_AUTH_INFO_220, OPTIONAL),
                v231("threeDSRequestorAuthenticationInfo",
                        either(arrayOf(REQUESTOR_AUTH_INFO_231, 1, 3), REQUESTOR_AUTH_INFO_231), OPTIONAL),
                v220("threeDSRequestorChallengeInd", oneOf("01-09", "80-99"), OPTIONAL),
                // 2.3.1 makes it an array of codes; a single code as in 2.2.0 is still accepted.
                v231("threeDSRequestorChallengeInd",
                        either(oneOf("01-14", "80-99"), arrayOf(oneOf("01-14", "80-99"), 1, 14)), OPTIONAL),
                v220("threeDSRequestorDecMaxTime", number(5, 1, 10080), whenIn("threeDSRequestorDecReqInd", "Y")),
                v231("threeDSRequestorDecMaxTime", number(5, 1, 10080),
                        whenIn("threeDSRequestorDecReqInd", "Y", "F", "B")),
                v220("threeDSRequestorDecReqInd", YES_NO, OPTIONAL),
                v231("threeDSRequestorDecReqInd", oneOf("Y", "N", "F", "B"), OPTIONAL),
                e("threeDSRequestorID", text(35), REQUIRED),
                e("threeDSRequestorName", text(40), REQUIRED),
                v220("threeDSRequestorPriorAuthenticationInfo", PRIOR_AUTH_INFO, OPTIONAL),
                v231("threeDSRequestorPriorAuthenticationInfo",
                        either(arrayOf(PRIOR_AUTH_INFO, 1, 99), PRIOR_AUTH_INFO), OPTIONAL),
                v231("threeDSRequestorSpcSupport", oneOf("Y"), OPTIONAL),
                e("threeDSRequestorURL", url(2048), REQUIRED),
                e("threeDSServerOperatorID", text(32), OPTIONAL), // required by some DSs only
                e("threeDSServerRefNumber", text(32), REQUIRED),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                // The DS keeps the 3DS Server's URL (for the RReq) and gives the ACS its own dsURL.
                e("threeDSServerURL", url(2048), fromServer(REQUIRED)),
                v220("threeRIInd", oneOf("01-12", "80-99"), channels(THREE_RI)),
                v231("threeRIInd", oneOf("01-19", "80-99"), channels(THREE_RI)),
                e("transType", oneOf("01", "03", "10", "11", "28"), OPTIONAL),
                v231("trustListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v231("userId", text(64), OPTIONAL),
                v220("whiteListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus")),
                e("workPhone", PHONE, OPTIONAL)));

        // ---------------------------------------------------------------- ARes
        TABLES.put(MessageType.ARes, List.of(
                e("acsChallengeMandated", YES_NO, whenIn("transStatus", "C", "D")),
                e("acsDecConInd", YES_NO, whenIn("transStatus", "D")),
                e("acsOperatorID", text(32), OPTIONAL),
                e("acsReferenceNumber", text(32), REQUIRED),
                e("acsRenderingType", ACS_RENDERING_TYPE, channels(APP).and(whenIn("transStatus", "C"))),
                e("acsSignedContent", jws(16000), channels(APP).and(whenIn("transStatus", "C"))),
                e("acsTransID", TRANS_ID, REQUIRED),
                e("acsURL", url(2048), channels(BROWSER).and(whenIn("transStatus", "C"))),
                v231("authenticationMethod", arrayOf(oneOf("01-16", "80-99"), 1, 99), whenIn("transStatus", "C", "D")),
                v220("authenticationType", oneOf("01", "02", "03", "04", "80-99"), whenIn("transStatus", "C", "D")),
                v220("authenticationValue", base64(28, 28), paymentAnd(whenIn("transStatus", "Y", "A"))),
                v231("authenticationValue", base64(4, 4000), paymentAnd(whenIn("transStatus", "Y", "A"))),
                v231("broadInfo", anyObject(4096), OPTIONAL), // new in 2.3.1
                v231("cardSecurityCodeStatus", oneOf("Y", "N", "U"), OPTIONAL),
                v231("cardSecurityCodeStatusSource", oneOf("01", "02", "80-99"), whenPresent("cardSecurityCodeStatus")),
                v220("cardholderInfo", text(128), whenIn("acsDecConInd", "Y")),
                v231("cardholderInfo", either(text(128), anyObject(4096)), whenIn("acsDecConInd", "Y")),
                v231("deviceBindingStatus", oneOf("01-15", "80-99"), OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                v231("deviceInfoRecognisedVersion", text(3, 20), channels(APP)),
                e("dsReferenceNumber", text(32), REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                e("eci", digits(2), OPTIONAL), // payment-system specific
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("ARes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                v231("spcTransData", anyObject(16000), whenIn("transStatus", "S")),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("threeDSRequestorAppURLInd", YES_NO, OPTIONAL), // 3dsecure.io: required for 01
                v231("transChallengeExemption", oneOf("05", "08", "10", "11", "79", "80-99"), OPTIONAL),
                // EMVCo: transStatus is required in every ARes (3dsecure.io: optional for 02-NPA).
                v220("transStatus", oneOf("Y", "N", "U", "A", "C", "D", "R", "I"), REQUIRED),
                v231("transStatus", oneOf("Y", "N", "U", "A", "C", "D", "R", "I", "S"), REQUIRED),
                // EMVCo: required for N, U and R in both categories (3dsecure.io: for 01-PA only).
                v220("transStatusReason", oneOf("01-26", "80-99"), whenIn("transStatus", "N", "U", "R")),
                v231("transStatusReason", oneOf("01-30", "80-99"), whenIn("transStatus", "N", "U", "R")),
                v231("transStatusReasonInfo", text(256), OPTIONAL),
                v231("trustListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v231("webAuthnCredList", arrayOf(anyObject(4096), 1, 10), whenIn("transStatus", "S")),
                v220("whiteListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus"))));

        // ---------------------------------------------------------------- CReq
        TABLES.put(MessageType.CReq, List.of(
                e("acsTransID", TRANS_ID, REQUIRED),
                v220("challengeCancel", oneOf("01", "03-08", "80-99"), OPTIONAL),
                v231("challengeCancel", oneOf("01", "03-10", "80-99"), OPTIONAL),
                e("challengeDataEntry", text(45), OPTIONAL),
                e("challengeHTMLDataEntry", text(256), OPTIONAL),
                v231("challengeAddCode", text(45), OPTIONAL),
                v231("challengeDataEntryTwo", text(45), OPTIONAL),
                e("challengeNoEntry", oneOf("Y"), OPTIONAL),
                e("challengeWindowSize", oneOf("01", "02", "03", "04", "05"), channels(BROWSER)),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("CReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                v231("deviceBindingDataEntry", oneOf("01", "02", "03", "80-99"), OPTIONAL),
                v231("infoContinueIndicator", oneOf("Y"), OPTIONAL),
                v231("oobAppStatus", oneOf("01", "02", "03", "04", "80-99"), OPTIONAL),
                v231("oobAppURLInd", oneOf("01", "02", "80-99"), OPTIONAL),
                // 2.2.0 sends the boolean true; 2.3.1 a two-digit code (01 button pressed, 02 automatic).
                v220("oobContinue", bool(), OPTIONAL),
                v231("oobContinue", either(bool(), oneOf("01", "02", "80-99")), OPTIONAL),
                e("resendChallenge", YES_NO, OPTIONAL),
                e("sdkCounterStoA", digits(3), channels(APP)),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("threeDSRequestorAppURL", url(256), OPTIONAL),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("trustListDataEntry", YES_NO, OPTIONAL),
                v220("whitelistingDataEntry", YES_NO, OPTIONAL)));

        // ---------------------------------------------------------------- CRes
        TABLES.put(MessageType.CRes, List.of(
                e("acsCounterAtoS", digits(3), channels(APP)),
                e("acsHTML", text(100000), channels(APP).and(whenIn("acsUiType", "05"))),
                e("acsHTMLRefresh", text(100000), OPTIONAL),
                e("acsTransID", TRANS_ID, REQUIRED),
                e("acsUiType", oneOf("01", "02", "03", "04", "05", "06"),
                        channels(APP).and(whenIn("challengeCompletionInd", "N"))),
                v220("challengeAddInfo", text(256), OPTIONAL),
                v231("challengeAddLabel", text(45), OPTIONAL),
                // EMVCo: required in every CRes (3dsecure.io: for 01-APP only).
                e("challengeCompletionInd", YES_NO, REQUIRED),
                v231("challengeEntryBox", anyObject(1024), OPTIONAL),
                v231("challengeEntryBoxTwo", anyObject(1024), OPTIONAL),
                e("challengeInfoHeader", text(45), OPTIONAL),
                e("challengeInfoLabel", text(45), OPTIONAL),
                e("challengeInfoText", text(350), OPTIONAL),
                e("challengeInfoTextIndicator", YES_NO, OPTIONAL),
                e("challengeSelectInfo", arrayOf(anyObject(1024), 1, 99), OPTIONAL),
                v231("deviceBindingInfoText", text(350), OPTIONAL),
                e("expandInfoLabel", text(45), OPTIONAL),
                e("expandInfoText", text(256), OPTIONAL),
                v231("infoContinueLabel", text(45), OPTIONAL),
                e("issuerImage", anyObject(2048), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("CRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("oobAppLabel", text(45), OPTIONAL),
                e("oobAppURL", url(256), OPTIONAL),
                e("oobContinueLabel", text(45), OPTIONAL),
                e("psImage", anyObject(2048), OPTIONAL),
                e("resendInformationLabel", text(45), OPTIONAL),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("submitAuthenticationLabel", text(45), OPTIONAL),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                // The final CRes (challengeCompletionInd Y) carries the outcome.
                v231("togglePositionInd", oneOf("01", "02", "03", "04"), OPTIONAL),
                e("transStatus", YES_NO, whenIn("challengeCompletionInd", "Y")),
                v231("trustListInfoText", text(64), OPTIONAL),
                v220("whitelistingInfoText", text(64), OPTIONAL),
                e("whyInfoLabel", text(45), OPTIONAL),
                e("whyInfoText", text(256), OPTIONAL)));

        // ---------------------------------------------------------------- RReq
        TABLES.put(MessageType.RReq, List.of(
                // Required when a challenge took place in the app; the RReq does not say so: checked when present.
                e("acsRenderingType", ACS_RENDERING_TYPE, OPTIONAL),
                e("acsTransID", TRANS_ID, REQUIRED),
                v231("authenticationMethod", arrayOf(oneOf("01-16", "80-99"), 1, 99), whenIn("transStatus", "Y", "N")),
                v220("authenticationType", oneOf("01", "02", "03", "04", "80-99"), whenIn("transStatus", "Y", "N")),
                v220("authenticationValue", base64(28, 28), paymentAnd(whenIn("transStatus", "Y", "A"))),
                v231("authenticationValue", base64(4, 4000), paymentAnd(whenIn("transStatus", "Y", "A"))),
                v220("challengeCancel", oneOf("01", "03", "04", "05", "06", "07", "08", "80-99"), OPTIONAL),
                v231("challengeCancel", oneOf("01", "03-10", "80-99"), OPTIONAL),
                v231("challengeErrorReporting", anyObject(4096), whenIn("challengeCancel", "09", "10")),
                v231("cardholderInfo", either(text(128), anyObject(4096)), OPTIONAL),
                v231("deviceBindingStatus", oneOf("01-15", "80-99"), OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                e("dsTransID", TRANS_ID, REQUIRED),
                e("eci", digits(2), OPTIONAL),
                // Required after a challenge (not after decoupled authentication); the RReq does not say which.
                e("interactionCounter", digits(2), OPTIONAL),
                e("messageCategory", oneOf("01", "02"), REQUIRED),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("RReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                // EMVCo: required in every RReq (3dsecure.io: for 01-PA only).
                e("transStatus", oneOf("Y", "N", "U", "A", "R"), REQUIRED),
                v220("transStatusReason", oneOf("01-26", "80-99"), whenIn("transStatus", "N", "U", "R")),
                v231("transStatusReason", oneOf("01-30", "80-99"), whenIn("transStatus", "N", "U", "R")),
                v231("transStatusReasonInfo", text(256), OPTIONAL),
                v231("trustListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v220("whiteListStatus", oneOf("Y", "N", "E", "P", "R", "U"), OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus"))));

        // ---------------------------------------------------------------- RRes
        TABLES.put(MessageType.RRes, List.of(
                e("acsTransID", TRANS_ID, REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("RRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                // 01 received for further processing, 02 CReq not sent to the ACS, 03 ARes challenge data not delivered.
                v220("resultsStatus", oneOf("01", "02", "03", "80-99"), REQUIRED),
                v231("resultsStatus", oneOf("01", "02", "03", "04", "80-99"), REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- PReq
        TABLES.put(MessageType.PReq, List.of(
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                v231("cardRangeDataDownloadInd", YES_NO, OPTIONAL),
                e("messageType", oneOf("PReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("serialNum", text(20), OPTIONAL),
                e("threeDSServerOperatorID", text(32), OPTIONAL),
                e("threeDSServerRefNumber", text(32), REQUIRED),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- PRes
        TABLES.put(MessageType.PRes, List.of(
                e("cardRangeData", arrayOf(CARD_RANGE, 1, 100000), OPTIONAL), // absent when nothing changed
                v231("cardRangeDataFileURL", url(2048), OPTIONAL),
                // 2.2.0 gives the DS's range of versions; 2.3.1 lists them in dsProtocolVersions.
                v220("dsEndProtocolVersion", VERSION, REQUIRED),
                v231("dsProtocolVersions", arrayOf(VERSION, 1, 20), REQUIRED),
                v220("dsStartProtocolVersion", VERSION, REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                v231("dsUrlList", arrayOf(anyObject(4096), 1, 100), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("PRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                v231("readOrder", text(64), OPTIONAL),
                e("serialNum", text(20), REQUIRED),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- Erro
        TABLES.put(MessageType.Erro, List.of(
                e("acsTransID", TRANS_ID, OPTIONAL),
                e("dsTransID", TRANS_ID, OPTIONAL),
                v220("errorCode", oneOf("101", "102", "103", "201", "202", "203", "204", "301", "302", "303", "304",
                        "305", "306", "307", "402", "403", "404", "405"), REQUIRED),
                v231("errorCode", oneOf("101", "102", "103", "201", "202", "203", "204", "205", "206", "207", "301",
                        "302", "303", "304", "305", "306", "307", "402", "403", "404", "405"), REQUIRED),
                e("errorComponent", oneOf("C", "S", "D", "A"), REQUIRED),
                e("errorDescription", text(2048), REQUIRED),
                e("errorDetail", text(2048), REQUIRED),
                // Required when the erroneous message was identified; an Erro about unreadable bytes has none.
                e("errorMessageType", oneOf("AReq", "ARes", "CReq", "CRes", "PReq", "PRes", "RReq", "RRes", "Erro"),
                        OPTIONAL),
                e("messageType", oneOf("Erro"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, OPTIONAL),
                // Required in 2.2.0; 2.3.1 allows an Erro without it (the id may be what was wrong).
                v220("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("threeDSServerTransID", TRANS_ID, OPTIONAL)));
    }

    /** Purchase amount, currency, exponent and date: required for 01-PA, and for 02-NPA recurring and instalment set-ups. */
    private static Inclusion purchaseRequired() {
        return payment().or(when("for 02-NPA when threeDSRequestorAuthenticationInd is 02/03 (2.3.1: also 07/08/09)"
                + " or threeRIInd is 01/02/06/07/08/09/11 (2.3.1: also 15)", f -> {
                    if (f.category() != MessageCategory.NON_PAYMENT) {
                        return false;
                    }
                    boolean v231 = "2.3.1".equals(f.version());
                    List<String> authInd = v231 ? List.of("02", "03", "07", "08", "09") : List.of("02", "03");
                    List<String> riInd = v231 ? List.of("01", "02", "06", "07", "08", "09", "11", "15")
                            : List.of("01", "02", "06", "07", "08", "09", "11");
                    String auth = f.text("threeDSRequestorAuthenticationInd");
                    String ri = f.text("threeRIInd");
                    return (auth != null && authInd.contains(auth)) || (ri != null && riInd.contains(ri));
                }));
    }

    /** 2.2.0 recurringExpiry and recurringFrequency: for recurring and instalment authentications. */
    private static Inclusion recurring220() {
        return whenIn("threeDSRequestorAuthenticationInd", "02", "03").or(whenIn("threeRIInd", "01", "02"));
    }

    private static Inclusion paymentAnd(Inclusion condition) {
        return payment().and(condition);
    }

    private static String nested(Facts facts, String object, String member) {
        var node = facts.object().get(object);
        if (node == null || !node.isObject() || node.get(member) == null || !node.get(member).isString()) {
            return null;
        }
        return node.get(member).stringValue();
    }
}
