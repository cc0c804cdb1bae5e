package dev.mamori.threeds.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.message.MessageValidator.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class MessageValidatorTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Every example with the type it is and what its receiver knows. */
    private static final Map<String, MessageType> EXAMPLES = Map.ofEntries(
            Map.entry("areq-browser-2.2.0", MessageType.AReq), Map.entry("areq-app-2.2.0", MessageType.AReq),
            Map.entry("areq-3ri-2.2.0", MessageType.AReq), Map.entry("areq-browser-2.3.1", MessageType.AReq),
            Map.entry("areq-app-2.3.1", MessageType.AReq), Map.entry("areq-3ri-2.3.1", MessageType.AReq),
            Map.entry("ares-frictionless-2.2.0", MessageType.ARes), Map.entry("ares-challenge-2.2.0", MessageType.ARes),
            Map.entry("creq-2.2.0", MessageType.CReq), Map.entry("cres-2.2.0", MessageType.CRes),
            Map.entry("rreq-2.2.0", MessageType.RReq), Map.entry("rres-2.2.0", MessageType.RRes),
            Map.entry("preq-2.2.0", MessageType.PReq), Map.entry("pres-2.2.0", MessageType.PRes),
            Map.entry("pres-2.3.1", MessageType.PRes),
            Map.entry("erro-2.2.0", MessageType.Erro));

    /** What the receiver of each example knows of its transaction (only the AReq and RReq carry channel or category). */
    private static Context contextOf(String example) {
        if (example.startsWith("ares") || example.startsWith("creq") || example.startsWith("cres")
                || example.startsWith("rreq") || example.startsWith("rres")) {
            return Context.of(DeviceChannel.BROWSER, MessageCategory.PAYMENT);
        }
        return Context.NONE;
    }

    private static final List<String> AREQS = List.of("areq-browser-2.2.0", "areq-app-2.2.0", "areq-3ri-2.2.0",
            "areq-browser-2.3.1", "areq-app-2.3.1", "areq-3ri-2.3.1");

    static ThreeDsException failure(ObjectNode json, MessageType type) {
        return failure(json, type, Context.NONE);
    }

    static ThreeDsException failure(ObjectNode json, MessageType type, Context context) {
        try {
            MessageValidator.validate(ThreeDsMessage.of(json), type, context);
        } catch (ThreeDsException e) {
            return e;
        }
        return fail("accepted: " + ThreeDsMessage.of(json));
    }

    static void assertValid(ObjectNode json, MessageType type, Context context) {
        assertThatCode(() -> MessageValidator.validate(ThreeDsMessage.of(json), type, context))
                .doesNotThrowAnyException();
    }

    static void assertError(ObjectNode json, MessageType type, ErrorCode code, String detail) {
        assertError(json, type, Context.NONE, code, detail);
    }

    static void assertError(ObjectNode json, MessageType type, Context context, ErrorCode code, String detail) {
        ThreeDsException e = failure(json, type, context);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.errorDetail()).isEqualTo(detail);
    }

    static ObjectNode with(String example, Consumer<ObjectNode> change) {
        ObjectNode json = Examples.json(example);
        change.accept(json);
        return json;
    }

    /** The top-level elements the table says are required in this message (the spec table, read from the catalogue). */
    static List<String> required(ObjectNode json, MessageType type, Context context) {
        try {
            return MessageValidator.requiredElements(ThreeDsMessage.of(json), type, context);
        } catch (ThreeDsException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ examples

    @TestFactory
    Stream<DynamicTest> everyExampleIsAccepted() {
        return EXAMPLES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> {
                    MessageValidator.validate(Examples.message(e.getKey()), e.getValue());
                    MessageValidator.validate(Examples.message(e.getKey()), e.getValue(), contextOf(e.getKey()));
                }));
    }

    @Test
    void theExamplesAreAlsoValidIn231() {
        for (String name : List.of("ares-frictionless-2.2.0", "ares-challenge-2.2.0", "creq-2.2.0", "cres-2.2.0",
                "rreq-2.2.0", "rres-2.2.0", "preq-2.2.0", "erro-2.2.0")) {
            ObjectNode json = with(name, j -> j.put("messageVersion", "2.3.1"));
            if (name.startsWith("ares") || name.startsWith("rreq")) {
                // 2.3.1 replaces authenticationType with the authenticationMethod list.
                JsonNode type = json.remove("authenticationType");
                if (type != null) {
                    json.putArray("authenticationMethod").add(type.stringValue());
                }
            }
            assertValid(json, EXAMPLES.get(name), Context.NONE);
        }
    }

    // ------------------------------------------------------------------ 201: generated from the table

    @TestFactory
    Stream<DynamicTest> removingAnyRequiredElementOfAnAReqIs201NamingIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : AREQS) {
            tests.addAll(removals(example, MessageType.AReq, Context.NONE));
        }
        tests.addAll(removals(dsVersionOf("areq-app-2.2.0"), "areq-app-2.2.0 from the DS", MessageType.AReq,
                Context.AREQ_FROM_DS));
        tests.addAll(removals(dsVersionOf("areq-browser-2.3.1"), "areq-browser-2.3.1 from the DS", MessageType.AReq,
                Context.AREQ_FROM_DS));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> removingAnyRequiredElementOfTheOtherMessagesIs201NamingIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : EXAMPLES.keySet().stream().sorted().filter(n -> !n.startsWith("areq")).toList()) {
            tests.addAll(removals(example, EXAMPLES.get(example), contextOf(example)));
        }
        return tests.stream();
    }

    private static List<DynamicTest> removals(String example, MessageType type, Context context) {
        return removals(Examples.json(example), example, type, context);
    }

    private static List<DynamicTest> removals(ObjectNode valid, String label, MessageType type, Context context) {
        List<String> required = required(valid, type, context);
        assertThat(required).as(label).isNotEmpty();
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : required) {
            tests.add(DynamicTest.dynamicTest(label + " without " + name, () -> {
                assertThat(valid.has(name)).as("the example holds what the table requires").isTrue();
                ObjectNode json = valid.deepCopy();
                json.remove(name);
                if (name.equals("messageType")) {
                    assertError(json, type, context, ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType");
                } else {
                    assertError(json, type, context, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, name);
                }
            }));
        }
        return tests;
    }

    /** The AReq as the DS passes it on to the ACS: with the DS's ids, deviceInfo for sdkEncData, no 3DS Server URL. */
    private static ObjectNode dsVersionOf(String example) {
        return with(example, j -> {
            j.put("dsReferenceNumber", "MAMORI-DS-0001");
            j.put("dsTransID", "e2b9a7c3-4f1d-4e8a-9c6b-3d5f7a1e0c92");
            j.put("dsURL", "https://ds.example.org/threeds/ds/rreq");
            j.remove("threeDSServerURL");
            if (j.remove("sdkEncData") != null) {
                j.put("deviceInfo", "eyJEViI6IjEuMCJ9");
            }
        });
    }

    /** The table checked by hand against the spec's best-known rows, so a wrong row cannot generate wrong tests. */
    @Test
    void theTableRequiresTheWellKnownElements() {
        List<String> browser = required(Examples.json("areq-browser-2.2.0"), MessageType.AReq, Context.NONE);
        assertThat(browser).contains("acctNumber", "acquirerBIN", "acquirerMerchantID", "browserAcceptHeader",
                "browserColorDepth", "browserJavaEnabled", "browserJavascriptEnabled", "browserLanguage",
                "browserScreenHeight", "browserScreenWidth", "browserTZ", "browserUserAgent", "deviceChannel", "mcc",
                "merchantCountryCode", "merchantName", "messageCategory", "messageType", "messageVersion",
                "notificationURL", "purchaseAmount", "purchaseCurrency", "purchaseDate", "purchaseExponent",
                "threeDSCompInd", "threeDSRequestorAuthenticationInd", "threeDSRequestorID", "threeDSRequestorName",
                "threeDSRequestorURL", "threeDSServerRefNumber", "threeDSServerTransID", "threeDSServerURL");
        assertThat(browser).doesNotContain("sdkAppID", "threeRIInd", "browserIP", "email", "cardholderName",
                "dsTransID");
        List<String> app = required(Examples.json("areq-app-2.2.0"), MessageType.AReq, Context.NONE);
        assertThat(app).contains("sdkAppID", "sdkEncData", "sdkEphemPubKey", "sdkMaxTimeout", "sdkReferenceNumber",
                "sdkTransID", "deviceRenderOptions", "threeDSRequestorAuthenticationInd")
                .doesNotContain("browserAcceptHeader", "notificationURL", "threeDSCompInd", "deviceInfo");
        List<String> appAtAcs = required(dsVersionOf("areq-app-2.2.0"), MessageType.AReq, Context.AREQ_FROM_DS);
        assertThat(appAtAcs).contains("deviceInfo", "dsTransID", "dsReferenceNumber")
                .doesNotContain("sdkEncData", "threeDSServerURL");
        List<String> threeRi = required(Examples.json("areq-3ri-2.2.0"), MessageType.AReq, Context.NONE);
        assertThat(threeRi).contains("threeRIInd", "recurringExpiry", "recurringFrequency", "purchaseAmount")
                .doesNotContain("threeDSRequestorAuthenticationInd", "sdkTransID", "browserUserAgent");
        List<String> app231 = required(Examples.json("areq-app-2.3.1"), MessageType.AReq, Context.NONE);
        assertThat(app231).contains("sdkType", "defaultSdkType");
        assertThat(required(Examples.json("ares-challenge-2.2.0"), MessageType.ARes, Context.of(DeviceChannel.BROWSER,
                MessageCategory.PAYMENT))).contains("acsURL", "acsChallengeMandated", "authenticationType", "transStatus");
    }

    // ------------------------------------------------------------------ 201: by hand

    @Test
    void severalMissingElementsAreListedInTheSpecsOrder() {
        ObjectNode json = with("areq-browser-2.2.0", j -> {
            j.remove("threeDSCompInd");
            j.remove("browserUserAgent");
            j.remove("browserAcceptHeader");
        });
        assertError(json, MessageType.AReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING,
                "threeDSCompInd,browserAcceptHeader,browserUserAgent");
    }

    @Test
    void requiredMembersOfObjectsAreNamedWithTheirObject() {
        assertError(with("areq-app-2.2.0", j -> ((ObjectNode) j.get("deviceRenderOptions")).remove("sdkUiType")),
                MessageType.AReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "deviceRenderOptions.sdkUiType");
        assertError(with("areq-browser-2.2.0", j -> ((ObjectNode) j.get("mobilePhone")).remove("subscriber")),
                MessageType.AReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "mobilePhone.subscriber");
    }

    @Test
    void withoutJavascriptTheScreenDataIsNotRequired() {
        Consumer<ObjectNode> noJavascript = j -> {
            j.put("browserJavascriptEnabled", false);
            for (String name : List.of("browserColorDepth", "browserJavaEnabled", "browserScreenHeight",
                    "browserScreenWidth", "browserTZ")) {
                j.remove(name);
            }
        };
        assertValid(with("areq-browser-2.2.0", noJavascript), MessageType.AReq, Context.NONE);
        // browserLanguage: always required for browsers in 2.2.0, only with JavaScript in 2.3.1.
        assertError(with("areq-browser-2.2.0", noJavascript.andThen(j -> j.remove("browserLanguage"))),
                MessageType.AReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "browserLanguage");
        assertValid(with("areq-browser-2.3.1", noJavascript.andThen(j -> j.remove("browserLanguage"))),
                MessageType.AReq, Context.NONE);
    }

    @Test
    void nonPaymentAuthenticationsNeedNoPurchaseOrMerchantData() {
        Consumer<ObjectNode> nonPayment = j -> {
            j.put("messageCategory", "02");
            for (String name : List.of("acquirerBIN", "acquirerMerchantID", "mcc", "merchantCountryCode", "merchantName",
                    "purchaseAmount", "purchaseCurrency", "purchaseDate", "purchaseExponent")) {
                j.remove(name);
            }
        };
        assertValid(with("areq-browser-2.2.0", nonPayment), MessageType.AReq, Context.NONE);
        assertValid(with("areq-browser-2.3.1", nonPayment), MessageType.AReq, Context.NONE);
        // A recurring set-up (authentication indicator 02) without a payment still states the amount.
        assertError(with("areq-browser-2.2.0", nonPayment.andThen(j -> j.put("threeDSRequestorAuthenticationInd", "02"))),
                MessageType.AReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING,
                "purchaseAmount,purchaseCurrency,purchaseExponent,purchaseDate,recurringExpiry,recurringFrequency");
    }

    @Test
    void conditionsOnOtherElements() {
        assertError(with("areq-browser-2.2.0", j -> j.remove("billAddrCountry")), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "billAddrCountry");
        assertError(with("areq-browser-2.2.0", j -> j.put("threeDSRequestorDecReqInd", "Y")), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "threeDSRequestorDecMaxTime");
        assertValid(with("areq-browser-2.2.0", j -> {
            j.put("threeDSRequestorDecReqInd", "Y");
            j.put("threeDSRequestorDecMaxTime", "00060");
        }), MessageType.AReq, Context.NONE);
        assertError(with("areq-browser-2.2.0", j -> j.put("payTokenInd", true)), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "payTokenSource");
        assertError(with("areq-browser-2.2.0", j -> j.put("threeDSRequestorAuthenticationInd", "03")), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "purchaseInstalData,recurringExpiry,recurringFrequency");
    }

    @Test
    void aresConditionsFollowTransStatusAndChannel() {
        Context browser = Context.of(DeviceChannel.BROWSER, MessageCategory.PAYMENT);
        assertError(with("ares-challenge-2.2.0", j -> j.remove("acsURL")), MessageType.ARes, browser,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "acsURL");
        ObjectNode appChallenge = with("ares-challenge-2.2.0", j -> {
            j.remove("acsURL");
            j.put("sdkTransID", "b60c9879-ac77-4918-a317-7b01c4317053");
        });
        assertError(appChallenge, MessageType.ARes, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING,
                "acsRenderingType,acsSignedContent");
        Context payment = Context.of(null, MessageCategory.PAYMENT);
        ObjectNode declined = with("ares-frictionless-2.2.0", j -> {
            j.put("transStatus", "N");
            j.remove("authenticationValue");
        });
        assertError(declined, MessageType.ARes, payment, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "transStatusReason");
        // For 02-NPA the reason (and the status itself) are DS-specific.
        assertValid(declined, MessageType.ARes, Context.of(null, MessageCategory.NON_PAYMENT));
        assertError(with("ares-frictionless-2.2.0", j -> j.remove("transStatus")), MessageType.ARes, payment,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "transStatus");
        assertError(with("ares-frictionless-2.2.0", j -> j.remove("authenticationValue")), MessageType.ARes,
                Context.of(null, MessageCategory.PAYMENT), ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "authenticationValue");
        assertValid(with("ares-frictionless-2.2.0", j -> j.remove("authenticationValue")), MessageType.ARes,
                Context.of(null, MessageCategory.NON_PAYMENT));
    }

    @Test
    void challengeMessagesOfTheAppAndTheBrowser() {
        assertError(with("creq-2.2.0", j -> j.remove("challengeWindowSize")), MessageType.CReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "challengeWindowSize");
        ObjectNode appCreq = with("creq-2.2.0", j -> {
            j.remove("challengeWindowSize");
            j.put("sdkTransID", "b60c9879-ac77-4918-a317-7b01c4317053");
            j.put("sdkCounterStoA", "001");
        });
        assertValid(appCreq, MessageType.CReq, Context.NONE);
        appCreq.remove("sdkCounterStoA");
        assertError(appCreq, MessageType.CReq, ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "sdkCounterStoA");
        assertError(with("cres-2.2.0", j -> j.put("challengeCompletionInd", "N")), MessageType.CRes,
                Context.of(DeviceChannel.APP, null), ErrorCode.REQUIRED_DATA_ELEMENT_MISSING,
                "acsCounterAtoS,acsUiType,sdkTransID");
        assertError(with("cres-2.2.0", j -> j.remove("transStatus")), MessageType.CRes,
                Context.of(DeviceChannel.BROWSER, MessageCategory.PAYMENT), ErrorCode.REQUIRED_DATA_ELEMENT_MISSING,
                "transStatus");
    }

    // ------------------------------------------------------------------ 203 and 304

    @TestFactory
    Stream<DynamicTest> anyElementOfTheWrongJsonTypeIs203NamingIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : EXAMPLES.keySet().stream().sorted().toList()) {
            ObjectNode valid = Examples.json(example);
            for (String name : valid.propertyNames()) {
                if (name.equals("messageType") || name.equals("messageVersion")) {
                    continue; // 101 and 102, below
                }
                tests.add(DynamicTest.dynamicTest(example + " with a number for " + name, () -> {
                    ObjectNode json = valid.deepCopy();
                    json.put(name, 7);
                    assertError(json, EXAMPLES.get(example), ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, name);
                }));
            }
        }
        return tests.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "threeDSServerTransID | 8a880dc0d2d24067bcb1b08d1690b26e",
        "threeDSServerTransID | 8a880dc0-d2d2-4067-bcb1-b08d1690b26",
        "threeDSServerTransID | 8a880dc0-d2d2-4067-bcb1-b08d1690b26g",
        "acctNumber           | 411111111111",
        "acctNumber           | 4111 1111 1111 1111",
        "acctNumber           | 41111111111111111111",
        "purchaseDate         | 20260231103000",
        "purchaseDate         | 202611261030",
        "purchaseDate         | 20261126253000",
        "purchaseAmount       | 123.45",
        "purchaseAmount       | -1",
        "purchaseExponent     | 10",
        "purchaseCurrency     | JPY",
        "merchantCountryCode  | 39",
        "mcc                  | 541",
        "merchantName         | Forty-one characters of merchant name ...",
        "deviceChannel        | 04",
        "deviceChannel        | 2",
        "messageCategory      | 03",
        "threeDSCompInd       | X",
        "threeDSRequestorAuthenticationInd | 07",
        "threeDSRequestorChallengeInd | 10",
        "transType            | 02",
        "browserColorDepth    | 30",
        "browserScreenWidth   | 1234567",
        "browserTZ            | +12345",
        "browserLanguage      | ja_JP!",
        "browserLanguage      | ja-JP-Tokyo1",
        "browserIP            | 999.1.1.1",
        "browserIP            | example.org",
        "notificationURL      | not a url",
        "notificationURL      | javascript:alert(1)",
        "notificationURL      | ftp://shop.example.org/x",
        "threeDSRequestorURL  | /relative",
        "email                | no-at-sign",
        "cardExpiryDate       | 3013",
        "billAddrState        | TKYO",
        "acctID               | ''",
    })
    void wrongFormatsOfABrowserAReqAre203NamingTheElement(String name, String value) {
        assertError(with("areq-browser-2.2.0", j -> j.put(name, value)), MessageType.AReq,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, name);
    }

    @Test
    void urlsWhoseHostHasAnUnderscoreAreAccepted() {
        // RFC 3986 allows "_" in a host name, and the 3dsecure.io public example's notificationURL has one;
        // java.net.URI then gives no host, which must not make the URL invalid.
        assertValid(with("areq-browser-2.2.0", j -> j.put("notificationURL", "https://3ds_callback.example.org/challenge/end")),
                MessageType.AReq, Context.NONE);
        assertValid(with("areq-browser-2.2.0", j -> j.put("threeDSRequestorURL", "http://req_1.example.org:8443/x")),
                MessageType.AReq, Context.NONE);
        for (String bad : List.of("https:///nohost", "https://user@/x", "https://a b.example.org/", "https://exa%mple.org/")) {
            assertError(with("areq-browser-2.2.0", j -> j.put("notificationURL", bad)), MessageType.AReq,
                    ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "notificationURL");
        }
    }

    @Test
    void valuesValidOnlyIn231AreRejectedIn220() {
        assertValid(with("areq-browser-2.3.1", j -> j.putArray("threeDSRequestorChallengeInd").add("10").add("12")),
                MessageType.AReq, Context.NONE);
        assertValid(with("areq-browser-2.3.1", j -> j.put("threeDSRequestorChallengeInd", "13")), MessageType.AReq,
                Context.NONE);
        assertError(with("areq-browser-2.2.0", j -> j.putArray("threeDSRequestorChallengeInd").add("01")),
                MessageType.AReq, ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "threeDSRequestorChallengeInd");
        assertValid(with("areq-3ri-2.3.1", j -> j.put("threeRIInd", "17")), MessageType.AReq, Context.NONE);
        assertError(with("areq-3ri-2.2.0", j -> j.put("threeRIInd", "17")), MessageType.AReq,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "threeRIInd");
        assertValid(with("areq-browser-2.3.1", j -> j.put("browserLanguage", "zh-Hant-TW-x-private1")),
                MessageType.AReq, Context.NONE);
        assertValid(with("ares-frictionless-2.2.0", j -> {
            j.put("messageVersion", "2.3.1");
            j.put("transStatus", "I");
        }), MessageType.ARes, Context.NONE);
        assertError(with("ares-frictionless-2.2.0", j -> j.put("transStatus", "S")), MessageType.ARes,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "transStatus");
    }

    @Test
    void nestedFormatsAreNamedWithTheirObject() {
        assertError(with("areq-app-2.2.0", j -> ((ObjectNode) j.get("deviceRenderOptions")).put("sdkInterface", "09")),
                MessageType.AReq, ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "deviceRenderOptions.sdkInterface");
        assertError(with("areq-browser-2.2.0", j -> ((ObjectNode) j.get("mobilePhone")).put("cc", "+81")),
                MessageType.AReq, ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "mobilePhone.cc");
        assertError(with("areq-browser-2.2.0", j -> j.putObject("acctInfo").put("chAccAgeInd", "06")),
                MessageType.AReq, ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "acctInfo.chAccAgeInd");
        assertError(with("areq-browser-2.2.0", j -> j.putObject("merchantRiskIndicator").put("giftCardCurr", "999")),
                MessageType.AReq, ErrorCode.ISO_CODE_INVALID, "merchantRiskIndicator.giftCardCurr");
        assertValid(with("areq-browser-2.2.0", j -> {
            j.putObject("acctInfo").put("chAccAgeInd", "05").put("chAccDate", "20200229").put("txnActivityDay", "3");
            j.putObject("threeDSRequestorAuthenticationInfo").put("threeDSReqAuthMethod", "02")
                    .put("threeDSReqAuthTimestamp", "202611261029");
        }), MessageType.AReq, Context.NONE);
    }

    @Test
    void severalWrongFormatsAreListedInTheSpecsOrder() {
        assertError(with("areq-browser-2.2.0", j -> {
            j.put("threeDSCompInd", "X");
            j.put("acctNumber", "1");
            j.put("mcc", "x");
        }), MessageType.AReq, ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "threeDSCompInd,acctNumber,mcc");
    }

    @Test
    void emptyOrNullValuesAre203() {
        assertError(with("areq-browser-2.2.0", j -> j.put("browserUserAgent", "")), MessageType.AReq,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "browserUserAgent");
        assertError(with("areq-browser-2.2.0", j -> j.putNull("email")), MessageType.AReq,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "email");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "purchaseCurrency    | 999",
        "purchaseCurrency    | 000",
        "purchaseCurrency    | 959",
        "merchantCountryCode | 999",
        "merchantCountryCode | 000",
        "billAddrCountry     | 900",
    })
    void unknownIsoCodesAre304(String name, String value) {
        assertError(with("areq-browser-2.2.0", j -> j.put(name, value)), MessageType.AReq, ErrorCode.ISO_CODE_INVALID,
                name);
    }

    @Test
    void realIsoCodesAreAccepted() {
        assertValid(with("areq-browser-2.2.0", j -> {
            j.put("purchaseCurrency", "978");
            j.put("purchaseExponent", "2");
            j.put("merchantCountryCode", "276");
            j.put("billAddrCountry", "840");
        }), MessageType.AReq, Context.NONE);
    }

    @Test
    void browserIpv6IsAccepted() {
        assertValid(with("areq-browser-2.2.0", j -> j.put("browserIP", "2001:db8::1")), MessageType.AReq, Context.NONE);
    }

    // ------------------------------------------------------------------ 202 message extensions

    @Test
    void anUnrecognisedCriticalExtensionIs202NamingItsId() {
        ObjectNode critical = with("areq-browser-2.2.0", j -> j.putArray("messageExtension").add(extension("ext-1", false))
                .add(extension("A000000004-acctNumberHash", true)));
        assertError(critical, MessageType.AReq, ErrorCode.CRITICAL_MESSAGE_EXTENSION_NOT_RECOGNISED,
                "A000000004-acctNumberHash");
        assertValid(with("areq-browser-2.2.0", j -> j.putArray("messageExtension").add(extension("ext-1", false))),
                MessageType.AReq, Context.NONE);
    }

    @Test
    void malformedExtensionsAre201Or203() {
        ObjectNode noId = extension("x", false);
        noId.remove("id");
        assertError(with("areq-browser-2.2.0", j -> j.putArray("messageExtension").add(noId)), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "messageExtension.id");
        ArrayNode eleven = NODES.arrayNode();
        for (int i = 0; i < 11; i++) {
            eleven.add(extension("ext-" + i, false));
        }
        assertError(with("areq-browser-2.2.0", j -> j.set("messageExtension", eleven)), MessageType.AReq,
                ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, "messageExtension");
    }

    private static ObjectNode extension(String id, boolean critical) {
        ObjectNode extension = NODES.objectNode();
        extension.put("name", "Example extension");
        extension.put("id", id);
        extension.put("criticalityIndicator", critical);
        extension.putObject("data").put("value", "x");
        return extension;
    }

    // ------------------------------------------------------------------ 101 and 102

    @Test
    void aMessageOfAnotherTypeIs101() {
        assertError(Examples.json("areq-browser-2.2.0"), MessageType.ARes, ErrorCode.MESSAGE_RECEIVED_INVALID,
                "messageType");
        assertError(with("areq-browser-2.2.0", j -> j.put("messageType", "Areq")), MessageType.AReq,
                ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType");
        assertError(with("areq-browser-2.2.0", j -> j.remove("messageType")), MessageType.AReq,
                ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType");
        assertError(with("areq-browser-2.2.0", j -> j.put("messageType", 1)), MessageType.AReq,
                ErrorCode.MESSAGE_RECEIVED_INVALID, "messageType");
    }

    @ParameterizedTest
    @CsvSource({"2.1.0", "2.3.0", "3.0.0", "2.2", "''"})
    void anUnsupportedVersionIs102ListingTheSupportedOnes(String version) {
        assertError(with("areq-browser-2.2.0", j -> j.put("messageVersion", version)), MessageType.AReq,
                ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, "2.2.0,2.3.1");
    }

    @Test
    void aVersionThatIsNoStringIs102AndAMissingOne201() {
        assertError(with("areq-browser-2.2.0", j -> j.put("messageVersion", 2.2)), MessageType.AReq,
                ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, "2.2.0,2.3.1");
        assertError(with("areq-browser-2.2.0", j -> j.remove("messageVersion")), MessageType.AReq,
                ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, "messageVersion");
    }

    @Test
    void unknownElementsAreIgnored() {
        assertValid(with("areq-browser-2.2.0", j -> j.put("somethingNew", "x")), MessageType.AReq, Context.NONE);
    }

    @Test
    void errorsNeverRepeatTheCardNumber() {
        ThreeDsException e = failure(with("areq-browser-2.2.0", j -> j.put("acctNumber", "4111111111111111 ")),
                MessageType.AReq);
        assertThat(e.getMessage() + e.errorDetail() + e.description()).doesNotContain("4111111111111111");
    }
}
