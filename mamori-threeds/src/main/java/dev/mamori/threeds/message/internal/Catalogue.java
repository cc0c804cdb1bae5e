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

import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.message.MessageType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data element table of EMV 3-D Secure, Protocol and Core Functions Specification v2.2.0 and
 * v2.3.1 (Table A.1 and the objects of its Tables A.6 to A.19), one row per element: name, format,
 * inclusion, versions. Rows are alphabetical by field name; {@link #ORDER} gives the spec's own order
 * (Annex B, by data element name) in which lists of missing or invalid elements are reported.
 *
 * <p>Sources: the EMVCo v2.3.1 Table A.1 and Annex B as quoted in public copies, and for 2.2.0 the
 * per-version field reference of 3dsecure.io's public documentation. Where sources disagree the EMVCo
 * text wins and the row says so. Elements whose condition depends on facts outside the message
 * ("required unless market or regional mandate restricts", "required if available", "conditional
 * based on DS rules", Table A.20's UI conditions) are optional here, with their format still checked.
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

    /** @return the rows of a message type in a version */
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
    /** Major.minor.patch, 5–8 characters. */
    private static final Format VERSION = matching("(?=.{5,8}$)[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}");
    private static final Format YES_NO = oneOf("Y", "N");
    /** Amounts: digits only, the minor units given by the exponent; at most 48 digits. */
    private static final Format AMOUNT = digits(1, 48);
    private static final Format EXPONENT = digits(1);
    /** The counters of the app channel's secure channel: the decimal value of a byte, 000–255. */
    private static final Format COUNTER = number(3, 0, 255);
    /** Who set a status: 01 3DS Server, 02 DS, 03 ACS. */
    private static final Format STATUS_SOURCE = oneOf("01", "02", "03", "80-99");
    private static final Format TRUST_LIST_STATUS = oneOf("Y", "N", "E", "P", "R", "U");
    private static final Format DEVICE_BINDING_STATUS = oneOf("01-05", "11-15", "80-99");

    /** Home, mobile and work phone: country code 1–3 digits, subscriber up to 15 digits (ITU-T E.164). */
    private static final Format PHONE = object(List.of(
            e("cc", digits(1, 3), REQUIRED),
            e("subscriber", digits(1, 15), REQUIRED)));

    /** Table A.10: acctInfo, all optional. */
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

    /** Table A.11: merchantRiskIndicator, all optional. */
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
     * Table A.15: deviceRenderOptions. sdkInterface and sdkUiType are required inside the object
     * (EMVCo; 3dsecure.io lists them as optional).
     */
    private static final Format DEVICE_RENDER_OPTIONS = object(List.of(
            v231("sdkAuthenticationType", arrayOf(oneOf("01-11", "80-99"), 1, 99), OPTIONAL),
            e("sdkInterface", oneOf("01", "02", "03"), REQUIRED),
            v220("sdkUiType", arrayOf(oneOf("01", "02", "03", "04", "05"), 1, 5), REQUIRED),
            v231("sdkUiType", arrayOf(oneOf("01", "02", "03", "04", "05", "06", "07"), 1, 7), REQUIRED)));

    /** Table A.12: threeDSRequestorAuthenticationInfo (one object in 2.2.0, an array of 1–3 in 2.3.1). */
    private static final Format REQUESTOR_AUTH_INFO = object(List.of(
            v231("dsAuthInfVerifInd", oneOf("01", "02", "03", "80-99"), OPTIONAL),
            v220("threeDSReqAuthData", text(20000), OPTIONAL),
            v231("threeDSReqAuthData", either(text(50000), anyObject(50000)), OPTIONAL),
            v220("threeDSReqAuthMethod", oneOf("01-08", "80-99"), OPTIONAL),
            v231("threeDSReqAuthMethod", oneOf("01-10", "80-99"), OPTIONAL),
            e("threeDSReqAuthTimestamp", YYYYMMDDHHMM, OPTIONAL)));

    /** Table A.13: threeDSRequestorPriorAuthenticationInfo (one object in 2.2.0, an array of 1–3 in 2.3.1). */
    private static final Format PRIOR_AUTH_INFO = object(List.of(
            v231("threeDSReqPriorDsTransId", TRANS_ID, OPTIONAL),
            v220("threeDSReqPriorAuthData", text(2048), OPTIONAL),
            v231("threeDSReqPriorAuthData", text(20000), OPTIONAL),
            v220("threeDSReqPriorAuthMethod", oneOf("01-04", "80-99"), OPTIONAL),
            v231("threeDSReqPriorAuthMethod", oneOf("01-05", "80-99"), OPTIONAL),
            e("threeDSReqPriorAuthTimestamp", YYYYMMDDHHMM, OPTIONAL),
            e("threeDSReqPriorRef", text(36), OPTIONAL)));

    /** Table A.14: acsRenderingType, the interface and UI template the app challenge starts with. */
    private static final Format ACS_RENDERING_TYPE = object(List.of(
            e("acsInterface", oneOf("01", "02"), REQUIRED),
            v220("acsUiTemplate", oneOf("01", "02", "03", "04", "05"), REQUIRED),
            v231("acsUiTemplate", oneOf("01", "02", "03", "04", "05", "06", "07"), REQUIRED),
            v231("deviceUserInterfaceMode", oneOf("01", "02", "03", "04"), REQUIRED)));

    /** 2.3.1 recurringInd: whether amount and frequency are fixed (01) or variable (02). */
    private static final Format RECURRING_IND = object(List.of(
            e("amountInd", oneOf("01", "02", "80-99"), OPTIONAL),
            e("frequencyInd", oneOf("01", "02", "80-99"), OPTIONAL)));

    /** 2.3.1 defaultSdkType and splitSdkType. */
    private static final Format DEFAULT_SDK_TYPE = object(List.of(
            e("sdkVariant", oneOf("01", "80-99"), REQUIRED),
            e("wrappedInd", oneOf("Y"), OPTIONAL)));
    private static final Format SPLIT_SDK_TYPE = object(List.of(
            e("limitedInd", oneOf("Y"), OPTIONAL),
            e("sdkVariant", oneOf("01", "02", "03", "80-99"), REQUIRED)));

    /** 2.3.1 cardholderInfo (a string of at most 128 characters in 2.2.0). */
    private static final Format CARDHOLDER_INFO_231 = object(List.of(
            e("issuerImage", url(256), OPTIONAL),
            e("paymentSystemImage", url(256), OPTIONAL),
            e("text", text(1, 128), REQUIRED)));

    /** cardRangeData of the 2.2.0 PRes: one range with the ACS's and DS's versions. */
    private static final Format CARD_RANGE_220 = object(List.of(
            e("acsEndProtocolVersion", VERSION, REQUIRED),
            e("acsInfoInd", arrayOf(oneOf("01", "02", "03", "04", "80-99"), 1, 99), OPTIONAL),
            e("acsStartProtocolVersion", VERSION, REQUIRED),
            e("actionInd", oneOf("A", "D", "M"), OPTIONAL),
            e("dsEndProtocolVersion", VERSION, OPTIONAL),
            e("dsStartProtocolVersion", VERSION, OPTIONAL),
            e("endRange", digits(13, 19), REQUIRED),
            e("startRange", digits(13, 19), REQUIRED),
            e("threeDSMethodURL", url(256), OPTIONAL)));

    /** Table A.6: cardRangeData of the 2.3.1 PRes: ranges, and the ACS's versions with their features. */
    private static final Format CARD_RANGE_231 = object(List.of(
            e("acsProtocolVersions", arrayOf(object(List.of(
                    e("acsInfoInd", arrayOf(oneOf("01-11", "80-99"), 1, 99), OPTIONAL),
                    e("supportedMsgExt", arrayOf(object(List.of(
                            e("id", text(64), REQUIRED),
                            e("version", text(3), REQUIRED))), 1, 15), OPTIONAL),
                    e("threeDSMethodURL", url(2048), OPTIONAL),
                    e("version", VERSION, REQUIRED))), 1, 10), REQUIRED),
            e("actionInd", oneOf("A", "D", "M"), OPTIONAL),
            e("dsProtocolVersions", arrayOf(VERSION, 1, 10), OPTIONAL),
            e("issuerCountryCode", country(), OPTIONAL),
            e("ranges", arrayOf(object(List.of(
                    e("end", digits(13, 19), REQUIRED),
                    e("start", digits(13, 19), REQUIRED))), 1, 5000), REQUIRED)));

    /**
     * The spec's order of each message's elements (Annex B, alphabetical by data element name), in
     * which several missing or invalid elements are listed. 2.2.0 names sit beside their 2.3.1
     * successors.
     */
    static final Map<MessageType, List<String>> ORDER = new EnumMap<>(MessageType.class);

    static {
        ORDER.put(MessageType.AReq, List.of("threeDSCompInd", "threeDSMethodId", "threeDSRequestorAuthenticationInd",
                "threeDSRequestorAuthenticationInfo", "threeDSReqAuthMethodInd", "threeDSRequestorChallengeInd",
                "threeDSRequestorDecMaxTime", "threeDSRequestorDecReqInd", "threeDSRequestorID", "threeDSRequestorName",
                "threeDSRequestorPriorAuthenticationInfo", "threeDSRequestorSpcSupport", "threeDSRequestorURL",
                "threeDSServerOperatorID", "threeDSServerRefNumber", "threeDSServerTransID", "threeDSServerURL",
                "threeRIInd", "acceptLanguage", "acctType", "acquirerBIN", "acquirerCountryCode",
                "acquirerCountryCodeSource", "acquirerMerchantID", "addrMatch", "appIp", "broadInfo",
                "browserAcceptHeader", "browserIP", "browserJavaEnabled", "browserJavascriptEnabled", "browserLanguage",
                "browserColorDepth", "browserScreenHeight", "browserScreenWidth", "browserTZ", "browserUserAgent",
                "deviceId", "userId", "cardSecurityCode", "cardSecurityCodeStatus", "cardSecurityCodeStatusSource",
                "cardExpiryDate", "acctID", "acctInfo", "acctNumber", "billAddrCity", "billAddrCountry", "billAddrLine1",
                "billAddrLine2", "billAddrLine3", "billAddrPostCode", "billAddrState", "email", "homePhone",
                "mobilePhone", "cardholderName", "shipAddrCity", "shipAddrCountry", "shipAddrLine1", "shipAddrLine2",
                "shipAddrLine3", "shipAddrPostCode", "shipAddrState", "workPhone", "defaultSdkType",
                "deviceBindingStatus", "deviceBindingStatusSource", "deviceChannel", "deviceInfo", "deviceRenderOptions",
                "dsReferenceNumber", "dsTransID", "dsURL", "payTokenInd", "payTokenInfo", "payTokenSource",
                "purchaseInstalData", "mcc", "merchantCountryCode", "merchantName", "merchantRiskIndicator",
                "messageCategory", "messageExtension", "messageType", "messageVersion", "multiTransaction",
                "notificationURL", "payeeOrigin", "purchaseAmount", "purchaseCurrency", "purchaseExponent",
                "purchaseDate", "recurringAmount", "recurringCurrency", "recurringExponent", "recurringDate",
                "recurringExpiry", "recurringFrequency", "recurringInd", "sdkAppID", "sdkEncData", "sdkEphemPubKey",
                "sdkMaxTimeout", "sdkReferenceNumber", "sdkServerSignedContent", "sdkSignatureTimestamp", "sdkTransID",
                "sdkType", "sellerInfo", "spcIncompInd", "splitSdkType", "taxId", "transType", "trustListStatus",
                "whiteListStatus", "trustListStatusSource", "whiteListStatusSource"));
        ORDER.put(MessageType.ARes, List.of("threeDSRequestorAppURLInd", "threeDSServerTransID", "acsChallengeMandated",
                "acsDecConInd", "acsOperatorID", "acsReferenceNumber", "acsRenderingType", "acsSignedContent",
                "acsTransID", "acsURL", "authenticationMethod", "authenticationType", "authenticationValue",
                "broadInfo", "cardholderInfo", "cardSecurityCodeStatusSource", "cardSecurityCodeStatus",
                "deviceBindingStatus", "deviceBindingStatusSource", "deviceInfoRecognisedVersion", "dsReferenceNumber",
                "dsTransID", "eci", "messageExtension", "messageType", "messageVersion", "sdkTransID", "spcTransData",
                "transChallengeExemption", "transStatus", "transStatusReason", "transStatusReasonInfo",
                "trustListStatus", "whiteListStatus", "trustListStatusSource", "whiteListStatusSource",
                "webAuthnCredList"));
        ORDER.put(MessageType.CReq, List.of("threeDSRequestorAppURL", "threeDSServerTransID", "acsTransID",
                "challengeAddCode", "challengeCancel", "challengeDataEntry", "challengeDataEntryTwo",
                "challengeHTMLDataEntry", "challengeNoEntry", "challengeWindowSize", "deviceBindingDataEntry",
                "infoContinueIndicator", "messageExtension", "messageType", "messageVersion", "oobAppStatus",
                "oobAppURLInd", "oobContinue", "resendChallenge", "sdkCounterStoA", "sdkTransID", "trustListDataEntry",
                "whitelistingDataEntry"));
        ORDER.put(MessageType.CRes, List.of("threeDSServerTransID", "acsCounterAtoS", "acsTransID", "acsHTML",
                "acsHTMLRefresh", "acsUiType", "challengeAddInfo", "challengeAddLabel", "challengeCompletionInd",
                "challengeEntryBox", "challengeEntryBoxTwo", "challengeInfoHeader", "challengeInfoLabel",
                "challengeInfoText", "challengeInfoTextIndicator", "challengeSelectInfo", "deviceBindingInfoText",
                "expandInfoLabel", "expandInfoText", "infoContinueLabel", "issuerImage", "messageExtension",
                "messageType", "messageVersion", "oobAppLabel", "oobAppURL", "oobContinueLabel", "psImage",
                "resendInformationLabel", "sdkTransID", "submitAuthenticationLabel", "togglePositionInd",
                "transStatus", "trustListInfoText", "whitelistingInfoText", "whyInfoLabel", "whyInfoText"));
        ORDER.put(MessageType.PReq, List.of("threeDSServerOperatorID", "threeDSServerRefNumber",
                "threeDSServerTransID", "cardRangeDataDownloadInd", "messageExtension", "messageType",
                "messageVersion", "serialNum"));
        ORDER.put(MessageType.PRes, List.of("threeDSServerTransID", "cardRangeData", "cardRangeDataFileURL",
                "dsEndProtocolVersion", "dsProtocolVersions", "dsStartProtocolVersion", "dsTransID", "dsUrlList",
                "messageExtension", "messageType", "messageVersion", "readOrder", "serialNum"));
        ORDER.put(MessageType.RReq, List.of("threeDSServerTransID", "acsRenderingType", "acsTransID",
                "authenticationMethod", "authenticationType", "authenticationValue", "cardholderInfo",
                "challengeCancel", "challengeErrorReporting", "deviceBindingStatus", "deviceBindingStatusSource",
                "dsTransID", "eci", "interactionCounter", "messageCategory", "messageExtension", "messageType",
                "messageVersion", "sdkTransID", "transStatus", "transStatusReason", "transStatusReasonInfo",
                "trustListStatus", "whiteListStatus", "trustListStatusSource", "whiteListStatusSource"));
        ORDER.put(MessageType.RRes, List.of("threeDSServerTransID", "acsTransID", "dsTransID", "messageExtension",
                "messageType", "messageVersion", "resultsStatus", "sdkTransID"));
        ORDER.put(MessageType.Erro, List.of("threeDSServerTransID", "acsTransID", "dsTransID", "errorCode",
                "errorComponent", "errorDescription", "errorDetail", "errorMessageType", "messageType",
                "messageVersion", "sdkTransID"));

        // ---------------------------------------------------------------- AReq
        TABLES.put(MessageType.AReq, List.of(
                v231("acceptLanguage", arrayOf(text(100), 1, 99), channels(BROWSER)),
                e("acctID", text(64), OPTIONAL),
                e("acctInfo", ACCT_INFO, OPTIONAL),
                e("acctNumber", digits(13, 19), REQUIRED),
                // Required only where the requestor asks the cardholder (e.g. Brazil).
                e("acctType", oneOf("01", "02", "03", "80-99"), OPTIONAL),
                e("acquirerBIN", text(11), payment()),
                // 2.3.1: required in every AReq (the DS may correct it), with who set it.
                v231("acquirerCountryCode", country(), REQUIRED),
                v231("acquirerCountryCodeSource", oneOf("01", "02", "80-99"), REQUIRED),
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
                v231("broadInfo", anyObject(4096), OPTIONAL),
                e("browserAcceptHeader", text(2048), channels(BROWSER)),
                v220("browserColorDepth", oneOf("1", "4", "8", "15", "16", "24", "32", "48"), javascript()),
                // 2.3.1: any depth 1–99 (the ACS uses the closest value it supports).
                v231("browserColorDepth", range(2, 1, 99), javascript()),
                e("browserIP", ip(), OPTIONAL), // "required unless market or regional mandate restricts"
                e("browserJavaEnabled", bool(), javascript()),
                e("browserJavascriptEnabled", bool(), channels(BROWSER)),
                v220("browserLanguage", language(8), channels(BROWSER)),
                // 2.3.1: 1–35 characters, required only when JavaScript runs.
                v231("browserLanguage", language(35), javascript()),
                e("browserScreenHeight", digits(1, 6), javascript()),
                e("browserScreenWidth", digits(1, 6), javascript()),
                e("browserTZ", matching("[+-]?[0-9]{1,4}"), javascript()),
                e("browserUserAgent", text(2048), channels(BROWSER)),
                e("cardExpiryDate", date("uuMM"), OPTIONAL),
                v231("cardSecurityCode", digits(3, 4), OPTIONAL),
                v231("cardSecurityCodeStatus", oneOf("Y", "N", "U"), OPTIONAL),
                v231("cardSecurityCodeStatusSource", oneOf("01", "02", "80-99"), whenPresent("cardSecurityCodeStatus")),
                v220("cardholderName", text(2, 45), OPTIONAL),
                v231("cardholderName", text(1, 45), OPTIONAL),
                v231("defaultSdkType", DEFAULT_SDK_TYPE, channels(APP).and(whenIn("sdkType", "01"))),
                v231("deviceBindingStatus", DEVICE_BINDING_STATUS, OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                // 04–79 are reserved and 80–99 DS-specific: Mamori knows no DS-specific channel.
                e("deviceChannel", oneOf("01", "02", "03"), REQUIRED),
                v231("deviceId", text(64), OPTIONAL),
                // The DS decrypts sdkEncData into deviceInfo for the ACS.
                e("deviceInfo", text(64000), fromDs(channels(APP))),
                e("deviceRenderOptions", DEVICE_RENDER_OPTIONS, channels(APP)),
                e("dsReferenceNumber", text(32), fromDs(REQUIRED)),
                e("dsTransID", TRANS_ID, fromDs(REQUIRED)),
                e("dsURL", url(2048), fromDs(REQUIRED)),
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
                v231("recurringAmount", AMOUNT, recurring231().and(when("recurringInd.amountInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "amountInd"))))),
                v231("recurringCurrency", currency(), whenPresent("recurringAmount")),
                v231("recurringDate", YYYYMMDD, when("required when recurringInd.frequencyInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "frequencyInd")))),
                v231("recurringExponent", EXPONENT, whenPresent("recurringAmount")),
                v220("recurringExpiry", YYYYMMDD, recurring220()),
                v231("recurringExpiry", YYYYMMDD, OPTIONAL), // "required if there is an end date"
                v220("recurringFrequency", digits(1, 4), recurring220()),
                v231("recurringFrequency", range(4, 1, 9999), when("required when recurringInd.frequencyInd is 01",
                        f -> "01".equals(nested(f, "recurringInd", "frequencyInd")))),
                v231("recurringInd", RECURRING_IND, recurring231()),
                e("sdkAppID", TRANS_ID, channels(APP)),
                // The 3DS Server sends sdkEncData; the DS sends deviceInfo in its place.
                e("sdkEncData", text(64000), fromServer(channels(APP))),
                e("sdkEphemPubKey", anyObject(256), channels(APP)),
                e("sdkMaxTimeout", number(2, 5, 99), channels(APP)),
                e("sdkReferenceNumber", text(32), channels(APP)),
                v231("sdkServerSignedContent", jws(64000), channels(APP).and(whenIn("sdkType", "02"))),
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
                v231("spcIncompInd", oneOf("01", "02", "03"), OPTIONAL),
                v231("splitSdkType", SPLIT_SDK_TYPE, channels(APP).and(whenIn("sdkType", "02"))),
                v231("taxId", text(45), OPTIONAL),
                e("threeDSCompInd", oneOf("Y", "N", "U"), channels(BROWSER)),
                v231("threeDSMethodId", TRANS_ID, OPTIONAL),
                v220("threeDSReqAuthMethodInd", oneOf("01", "02", "03", "80-99"), OPTIONAL), // gone in 2.3.1
                // EMVCo 2.2.0: 01–06 (07–79 reserved, invalid until defined); 3dsecure.io also accepts 07.
                v220("threeDSRequestorAuthenticationInd", oneOf("01-06", "80-99"), channels(APP, BROWSER)),
                v231("threeDSRequestorAuthenticationInd", oneOf("01-10", "80-99"), channels(APP, BROWSER)),
                v220("threeDSRequestorAuthenticationInfo", REQUESTOR_AUTH_INFO, OPTIONAL),
                v231("threeDSRequestorAuthenticationInfo", arrayOf(REQUESTOR_AUTH_INFO, 1, 3), OPTIONAL),
                v220("threeDSRequestorChallengeInd", oneOf("01-09", "80-99"), OPTIONAL),
                // 2.3.1 makes it a list of one or two codes; a single code as in 2.2.0 is still accepted.
                v231("threeDSRequestorChallengeInd",
                        either(oneOf("01-14", "80-99"), arrayOf(oneOf("01-14", "80-99"), 1, 2)), OPTIONAL),
                v220("threeDSRequestorDecMaxTime", number(5, 1, 10080), whenIn("threeDSRequestorDecReqInd", "Y")),
                v231("threeDSRequestorDecMaxTime", number(5, 1, 10080),
                        whenIn("threeDSRequestorDecReqInd", "Y", "F", "B")),
                v220("threeDSRequestorDecReqInd", YES_NO, OPTIONAL),
                v231("threeDSRequestorDecReqInd", oneOf("Y", "N", "F", "B"), OPTIONAL),
                e("threeDSRequestorID", text(35), REQUIRED),
                e("threeDSRequestorName", text(40), REQUIRED),
                v220("threeDSRequestorPriorAuthenticationInfo", PRIOR_AUTH_INFO, OPTIONAL),
                v231("threeDSRequestorPriorAuthenticationInfo", arrayOf(PRIOR_AUTH_INFO, 1, 3), OPTIONAL),
                v231("threeDSRequestorSpcSupport", oneOf("Y"), OPTIONAL),
                e("threeDSRequestorURL", url(2048), REQUIRED),
                e("threeDSServerOperatorID", text(32), OPTIONAL), // required by some DSs only
                e("threeDSServerRefNumber", text(32), REQUIRED),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                // The 3DS Server's URL for the RReq; the DS keeps it and gives the ACS its own dsURL.
                e("threeDSServerURL", url(2048), fromServer(REQUIRED)),
                v220("threeRIInd", oneOf("01-12", "80-99"), channels(THREE_RI)),
                v231("threeRIInd", oneOf("01-19", "80-99"), channels(THREE_RI)),
                e("transType", oneOf("01", "03", "10", "11", "28"), OPTIONAL),
                v231("trustListStatus", YES_NO, OPTIONAL), // in the AReq only Y or N
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v231("userId", text(64), OPTIONAL),
                v220("whiteListStatus", TRUST_LIST_STATUS, OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus")),
                e("workPhone", PHONE, OPTIONAL)));

        // ---------------------------------------------------------------- ARes
        TABLES.put(MessageType.ARes, List.of(
                e("acsChallengeMandated", YES_NO, whenIn("transStatus", "C", "D")),
                e("acsDecConInd", YES_NO, whenIn("transStatus", "D")),
                e("acsOperatorID", text(32), OPTIONAL), // DS-specific
                e("acsReferenceNumber", text(32), REQUIRED),
                e("acsRenderingType", ACS_RENDERING_TYPE, channels(APP).and(whenIn("transStatus", "C"))),
                e("acsSignedContent", jws(16000), channels(APP).and(whenIn("transStatus", "C"))),
                e("acsTransID", TRANS_ID, REQUIRED),
                e("acsURL", url(2048), channels(BROWSER).and(whenIn("transStatus", "C"))),
                v231("authenticationMethod", arrayOf(oneOf("01-16", "80-99"), 1, 99), whenIn("transStatus", "C", "D")),
                v220("authenticationType", oneOf("01", "02", "03", "04", "80-99"), whenIn("transStatus", "C", "D")),
                v220("authenticationValue", base64(28, 28), payment().and(whenIn("transStatus", "Y", "A"))),
                v231("authenticationValue", text(4000), payment().and(whenIn("transStatus", "Y", "A"))),
                v231("broadInfo", anyObject(4096), OPTIONAL),
                v231("cardSecurityCodeStatus", oneOf("Y", "N", "U"), OPTIONAL),
                v231("cardSecurityCodeStatusSource", oneOf("01", "02", "80-99"), whenPresent("cardSecurityCodeStatus")),
                v220("cardholderInfo", text(128), whenIn("acsDecConInd", "Y")),
                v231("cardholderInfo", CARDHOLDER_INFO_231, whenIn("acsDecConInd", "Y")),
                v231("deviceBindingStatus", DEVICE_BINDING_STATUS, OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                v231("deviceInfoRecognisedVersion", text(3, 20), channels(APP)),
                e("dsReferenceNumber", text(32), REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                e("eci", digits(2), OPTIONAL), // DS-specific
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("ARes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                v231("spcTransData", anyObject(16000), whenIn("transStatus", "S")),
                v231("threeDSRequestorAppURLInd", YES_NO, channels(APP)),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("transChallengeExemption", oneOf("05", "08", "10", "11", "79", "80-99"), OPTIONAL),
                // Required for 01-PA; for 02-NPA its presence is DS-specific (EMVCo Table A.1).
                v220("transStatus", oneOf("Y", "N", "U", "A", "C", "D", "R", "I"), payment()),
                v231("transStatus", oneOf("Y", "N", "U", "A", "C", "D", "R", "I", "S"), payment()),
                v220("transStatusReason", oneOf("01-26", "80-99"), payment().and(whenIn("transStatus", "N", "U", "R"))),
                v231("transStatusReason", oneOf("01-30", "80-99"), payment().and(whenIn("transStatus", "N", "U", "R"))),
                v231("transStatusReasonInfo", text(256), OPTIONAL),
                v231("trustListStatus", TRUST_LIST_STATUS, OPTIONAL),
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v231("webAuthnCredList", arrayOf(anyObject(4096), 1, 10), whenIn("transStatus", "S")),
                v220("whiteListStatus", TRUST_LIST_STATUS, OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus"))));

        // ---------------------------------------------------------------- CReq
        TABLES.put(MessageType.CReq, List.of(
                e("acsTransID", TRANS_ID, REQUIRED),
                v231("challengeAddCode", oneOf("Y"), OPTIONAL),
                v220("challengeCancel", oneOf("01", "03-08", "80-99"), OPTIONAL),
                v231("challengeCancel", oneOf("01", "03-10", "80-99"), OPTIONAL),
                e("challengeDataEntry", text(45), OPTIONAL),
                v231("challengeDataEntryTwo", text(45), OPTIONAL),
                e("challengeHTMLDataEntry", text(256), OPTIONAL),
                e("challengeNoEntry", oneOf("Y"), OPTIONAL),
                e("challengeWindowSize", oneOf("01", "02", "03", "04", "05"), channels(BROWSER)),
                v231("deviceBindingDataEntry", YES_NO, OPTIONAL),
                v231("infoContinueIndicator", trueOnly(), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("CReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                v231("oobAppStatus", oneOf("01"), OPTIONAL),
                v231("oobAppURLInd", oneOf("01", "02", "03", "80-99"), channels(APP)),
                // 2.2.0: the boolean true; 2.3.1: 01 button pressed, 02 automatic completion.
                v220("oobContinue", trueOnly(), OPTIONAL),
                v231("oobContinue", oneOf("01", "02"), OPTIONAL),
                v220("resendChallenge", YES_NO, OPTIONAL),
                v231("resendChallenge", oneOf("Y"), OPTIONAL),
                e("sdkCounterStoA", COUNTER, channels(APP)),
                e("sdkTransID", TRANS_ID, channels(APP)),
                v220("threeDSRequestorAppURL", url(256), OPTIONAL),
                v231("threeDSRequestorAppURL", url(2048), OPTIONAL),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("trustListDataEntry", YES_NO, OPTIONAL),
                v220("whitelistingDataEntry", YES_NO, OPTIONAL)));

        // ---------------------------------------------------------------- CRes
        TABLES.put(MessageType.CRes, List.of(
                e("acsCounterAtoS", COUNTER, channels(APP)),
                v220("acsHTML", text(100000), channels(APP).and(whenIn("acsUiType", "05"))),
                v231("acsHTML", text(300000), channels(APP).and(whenIn("acsUiType", "05", "06"))),
                e("acsHTMLRefresh", text(100000), OPTIONAL),
                e("acsTransID", TRANS_ID, REQUIRED),
                // Required in every app CRes but the final one.
                v220("acsUiType", oneOf("01", "02", "03", "04", "05"),
                        channels(APP).and(whenIn("challengeCompletionInd", "N"))),
                v231("acsUiType", oneOf("01", "02", "03", "04", "05", "06", "07", "80-99"),
                        channels(APP).and(whenIn("challengeCompletionInd", "N"))),
                v220("challengeAddInfo", text(256), OPTIONAL),
                v231("challengeAddLabel", text(45), OPTIONAL),
                // 01-APP only in Table A.1 (the browser's CRes is always the final one).
                e("challengeCompletionInd", YES_NO, channels(APP)),
                v231("challengeEntryBox", anyObject(1024), OPTIONAL),
                v231("challengeEntryBoxTwo", anyObject(1024), OPTIONAL),
                e("challengeInfoHeader", text(45), OPTIONAL),
                e("challengeInfoLabel", text(45), OPTIONAL),
                e("challengeInfoText", text(350), OPTIONAL),
                e("challengeInfoTextIndicator", YES_NO, OPTIONAL),
                e("challengeSelectInfo", arrayOf(anyObject(1024), 1, 8), OPTIONAL),
                v231("deviceBindingInfoText", text(64), OPTIONAL),
                e("expandInfoLabel", text(45), OPTIONAL),
                e("expandInfoText", text(256), OPTIONAL),
                v231("infoContinueLabel", text(45), OPTIONAL),
                e("issuerImage", anyObject(2048), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("CRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("oobAppLabel", text(45), OPTIONAL),
                v220("oobAppURL", url(256), OPTIONAL),
                v231("oobAppURL", url(2048), OPTIONAL),
                e("oobContinueLabel", text(45), OPTIONAL),
                e("psImage", anyObject(2048), OPTIONAL),
                e("resendInformationLabel", text(45), OPTIONAL),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("submitAuthenticationLabel", text(45), OPTIONAL),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("togglePositionInd", oneOf("01"), OPTIONAL),
                // The final CRes (the browser's, or the app's with challengeCompletionInd Y) carries the
                // outcome: required for 01-PA, DS-specific for 02-NPA.
                v220("transStatus", YES_NO, finalCres()),
                v231("transStatus", oneOf("Y", "N", "D"), finalCres()),
                v231("trustListInfoText", text(64), OPTIONAL),
                v220("whitelistingInfoText", text(64), OPTIONAL),
                e("whyInfoLabel", text(45), OPTIONAL),
                e("whyInfoText", text(256), OPTIONAL)));

        // ---------------------------------------------------------------- RReq
        TABLES.put(MessageType.RReq, List.of(
                // Required after an app challenge (not after decoupled authentication); the RReq does not say which.
                e("acsRenderingType", ACS_RENDERING_TYPE, OPTIONAL),
                e("acsTransID", TRANS_ID, REQUIRED),
                v231("authenticationMethod", arrayOf(oneOf("01-16", "80-99"), 1, 99), whenIn("transStatus", "Y", "N")),
                v220("authenticationType", oneOf("01", "02", "03", "04", "80-99"), whenIn("transStatus", "Y", "N")),
                v220("authenticationValue", base64(28, 28), payment().and(whenIn("transStatus", "Y", "A"))),
                v231("authenticationValue", text(4000), payment().and(whenIn("transStatus", "Y", "A"))),
                v231("cardholderInfo", CARDHOLDER_INFO_231, OPTIONAL),
                v220("challengeCancel", oneOf("01", "03-08", "80-99"), OPTIONAL),
                v231("challengeCancel", oneOf("01", "03-10", "80-99"), OPTIONAL),
                v231("challengeErrorReporting", anyObject(8192), whenIn("challengeCancel", "09", "10")),
                v231("deviceBindingStatus", DEVICE_BINDING_STATUS, OPTIONAL),
                v231("deviceBindingStatusSource", STATUS_SOURCE, whenPresent("deviceBindingStatus")),
                e("dsTransID", TRANS_ID, REQUIRED),
                e("eci", digits(2), OPTIONAL), // DS-specific
                // Required unless the authentication was decoupled; the RReq does not say which.
                e("interactionCounter", digits(2), OPTIONAL),
                e("messageCategory", oneOf("01", "02"), REQUIRED),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("RReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("threeDSServerTransID", TRANS_ID, REQUIRED),
                // Required for 01-PA, DS-specific for 02-NPA; 2.3.1 allows D (decoupled fallback).
                v220("transStatus", oneOf("Y", "N", "U", "A", "R"), payment()),
                v231("transStatus", oneOf("Y", "N", "U", "A", "R", "D"), payment()),
                v220("transStatusReason", oneOf("01-26", "80-99"), payment().and(whenIn("transStatus", "N", "U", "R"))),
                v231("transStatusReason", oneOf("01-30", "80-99"), payment().and(whenIn("transStatus", "N", "U", "R"))),
                v231("transStatusReasonInfo", text(256), OPTIONAL),
                v231("trustListStatus", TRUST_LIST_STATUS, OPTIONAL),
                v231("trustListStatusSource", STATUS_SOURCE, whenPresent("trustListStatus")),
                v220("whiteListStatus", TRUST_LIST_STATUS, OPTIONAL),
                v220("whiteListStatusSource", STATUS_SOURCE, whenPresent("whiteListStatus"))));

        // ---------------------------------------------------------------- RRes
        TABLES.put(MessageType.RRes, List.of(
                e("acsTransID", TRANS_ID, REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("RRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                // 01 received for further processing, 02 CReq not sent, 03 ARes not delivered, 04 decoupled later.
                v220("resultsStatus", oneOf("01", "02", "03", "80-99"), REQUIRED),
                v231("resultsStatus", oneOf("01", "02", "03", "04", "80-99"), REQUIRED),
                e("sdkTransID", TRANS_ID, channels(APP)),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- PReq
        TABLES.put(MessageType.PReq, List.of(
                v231("cardRangeDataDownloadInd", oneOf("Y"), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("PReq"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("serialNum", text(20), OPTIONAL),
                e("threeDSServerOperatorID", text(32), OPTIONAL), // DS-specific
                e("threeDSServerRefNumber", text(32), REQUIRED),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- PRes
        TABLES.put(MessageType.PRes, List.of(
                // Absent when nothing changed since the PReq's serial number (or, 2.3.1, when a file URL is given).
                v220("cardRangeData", arrayOf(CARD_RANGE_220, 1, 200000), OPTIONAL),
                v231("cardRangeData", arrayOf(CARD_RANGE_231, 1, 200000), OPTIONAL),
                v231("cardRangeDataFileURL", url(2048), OPTIONAL),
                // 2.2.0 gives the DS's range of versions; 2.3.1 lists them.
                v220("dsEndProtocolVersion", VERSION, REQUIRED),
                v231("dsProtocolVersions", arrayOf(VERSION, 1, 10), REQUIRED),
                v220("dsStartProtocolVersion", VERSION, REQUIRED),
                e("dsTransID", TRANS_ID, REQUIRED),
                v231("dsUrlList", arrayOf(object(List.of(
                        e("dsCountryCode", country(), OPTIONAL),
                        e("threeDSServerToDsUrl", url(2048), REQUIRED))), 1, 99), OPTIONAL),
                v220("messageExtension", messageExtensions(10), OPTIONAL),
                v231("messageExtension", messageExtensions(15), OPTIONAL),
                e("messageType", oneOf("PRes"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                v231("readOrder", oneOf("01", "02", "80-99"), REQUIRED),
                v220("serialNum", text(20), REQUIRED),
                v231("serialNum", text(20), when("required unless cardRangeDataFileURL is present",
                        f -> !f.present("cardRangeDataFileURL"))),
                e("threeDSServerTransID", TRANS_ID, REQUIRED)));

        // ---------------------------------------------------------------- Erro
        TABLES.put(MessageType.Erro, List.of(
                e("acsTransID", TRANS_ID, OPTIONAL),
                e("dsTransID", TRANS_ID, OPTIONAL),
                v220("errorCode", oneOf("101", "102", "103", "201", "202", "203", "204", "301", "302", "303", "304",
                        "305", "306", "307", "402", "403", "404", "405"), REQUIRED),
                v231("errorCode", oneOf("101", "102", "103", "201", "202", "203", "204", "205", "206", "207", "301",
                        "302", "303", "304", "305", "306", "307", "308", "309", "310", "311", "312", "313", "314", "315",
                        "402", "403", "404", "405"), REQUIRED),
                e("errorComponent", oneOf("C", "S", "D", "A"), REQUIRED),
                e("errorDescription", text(2048), REQUIRED),
                e("errorDetail", text(2048), REQUIRED),
                // "Conditional on Message Type being recognisable": an Erro about unreadable bytes has none.
                e("errorMessageType", oneOf("AReq", "ARes", "CReq", "CRes", "PReq", "PRes", "RReq", "RRes", "Erro"),
                        OPTIONAL),
                e("messageType", oneOf("Erro"), REQUIRED),
                e("messageVersion", VERSION, REQUIRED),
                e("sdkTransID", TRANS_ID, OPTIONAL),
                // Required in 2.2.0; in 2.3.1 "if available" (the id may be what was wrong).
                v220("threeDSServerTransID", TRANS_ID, REQUIRED),
                v231("threeDSServerTransID", TRANS_ID, OPTIONAL)));
    }

    /** Browser data gathered by JavaScript: required for 02-BRW when browserJavascriptEnabled is true. */
    private static Inclusion javascript() {
        return channels(BROWSER).and(whenTrue("browserJavascriptEnabled"));
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

    /** 2.3.1 recurringInd (and recurringAmount with it): for recurring and instalment authentications. */
    private static Inclusion recurring231() {
        return whenIn("threeDSRequestorAuthenticationInd", "02", "03").or(whenIn("threeRIInd", "01", "02"));
    }

    /** transStatus of the final CRes: required for payments (browser CRes, or app CRes completing the challenge). */
    private static Inclusion finalCres() {
        return payment().and(channels(BROWSER).or(whenIn("challengeCompletionInd", "Y")));
    }

    private static String nested(Facts facts, String object, String member) {
        var node = facts.object().get(object);
        if (node == null || !node.isObject() || node.get(member) == null || !node.get(member).isString()) {
            return null;
        }
        return node.get(member).stringValue();
    }

    /** @return the position of a (top-level) element in the spec's order of its message, or MAX_VALUE */
    static int position(MessageType type, String name) {
        List<String> order = ORDER.get(type);
        int index = order == null ? -1 : order.indexOf(name);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
