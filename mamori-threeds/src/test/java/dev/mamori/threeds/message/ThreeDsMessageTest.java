package dev.mamori.threeds.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ThreeDsMessageTest {

    private static ThreeDsException parseFailure(String json) {
        try {
            ThreeDsMessage.parse(json.getBytes(UTF_8));
        } catch (ThreeDsException e) {
            return e;
        }
        throw new AssertionError("parsed: " + json);
    }

    @Test
    void readsTypeVersionAndTopLevelText() throws ThreeDsException {
        ThreeDsMessage areq = ThreeDsMessage.parse(Examples.bytes("areq-browser-2.2.0"));
        assertThat(areq.type()).isEqualTo(MessageType.AReq);
        assertThat(areq.version()).isEqualTo("2.2.0");
        assertThat(areq.text("deviceChannel")).isEqualTo("02");
        assertThat(areq.text("browserJavascriptEnabled")).as("a boolean is not text").isNull();
        assertThat(areq.node("browserJavascriptEnabled").booleanValue()).isTrue();
        assertThat(areq.text("mobilePhone")).isNull();
        assertThat(areq.node("mobilePhone").get("cc").stringValue()).isEqualTo("81");
        assertThat(areq.has("acctNumber")).isTrue();
        assertThat(areq.has("sdkTransID")).isFalse();
        assertThat(areq.node("sdkTransID")).isNull();
    }

    @Test
    void unknownOrMissingTypeIsNull() throws ThreeDsException {
        assertThat(ThreeDsMessage.parse("{\"messageType\":\"AREQ\"}".getBytes(UTF_8)).type()).isNull();
        assertThat(ThreeDsMessage.parse("{\"messageType\":5}".getBytes(UTF_8)).type()).isNull();
        assertThat(ThreeDsMessage.parse("{}".getBytes(UTF_8)).type()).isNull();
        assertThat(ThreeDsMessage.parse("{}".getBytes(UTF_8)).version()).isNull();
    }

    @Test
    void bytesThatAreNotOneJsonObjectAre101() {
        for (String bad : new String[] {"", "not json", "[1,2]", "\"AReq\"", "42", "null", "{\"a\":1", "{\"a\":1} {}",
                "{\"a\":1}x", "{'a':1}", "{\"a\":01}"}) {
            assertThat(parseFailure(bad).code()).as(bad).isEqualTo(ErrorCode.MESSAGE_RECEIVED_INVALID);
        }
        assertThatThrownBy(() -> ThreeDsMessage.parse(null)).isInstanceOf(ThreeDsException.class);
    }

    @Test
    void duplicateNamesAre204NamingTheElement() {
        ThreeDsException top = parseFailure("{\"messageType\":\"AReq\",\"acctNumber\":\"1\",\"acctNumber\":\"2\"}");
        assertThat(top.code()).isEqualTo(ErrorCode.DUPLICATE_DATA_ELEMENT);
        assertThat(top.errorDetail()).isEqualTo("acctNumber");
        ThreeDsException nested = parseFailure("{\"acctInfo\":{\"chAccAgeInd\":\"01\",\"chAccAgeInd\":\"02\"}}");
        assertThat(nested.errorDetail()).isEqualTo("acctInfo.chAccAgeInd");
        ThreeDsException inArray = parseFailure(
                "{\"messageExtension\":[{\"id\":\"a\"},{\"id\":\"b\",\"id\":\"c\"}]}");
        assertThat(inArray.errorDetail()).isEqualTo("messageExtension.id");
        assertThat(parseFailure("{\"a\":{\"b\":1},\"c\":{\"b\":2},\"a\":3}").errorDetail()).isEqualTo("a");
    }

    @Test
    void theSameNameInDifferentObjectsIsNoDuplicate() throws ThreeDsException {
        ThreeDsMessage m = ThreeDsMessage.parse("{\"homePhone\":{\"cc\":\"1\"},\"workPhone\":{\"cc\":\"1\"}}".getBytes(UTF_8));
        assertThat(m.node("workPhone").get("cc").stringValue()).isEqualTo("1");
    }

    @Test
    void theMessageCannotBeChangedFromOutside() throws ThreeDsException {
        ObjectNode source = Examples.json("rres-2.2.0");
        ThreeDsMessage m = ThreeDsMessage.of(source);
        source.put("resultsStatus", "02");
        ((ObjectNode) ThreeDsMessage.of(Examples.json("areq-browser-2.2.0")).node("mobilePhone")).put("cc", "1");
        ObjectNode copy = m.json();
        copy.put("resultsStatus", "03");
        assertThat(m.text("resultsStatus")).isEqualTo("01");
        ThreeDsMessage areq = Examples.message("areq-browser-2.2.0");
        ((ObjectNode) areq.node("mobilePhone")).put("cc", "1");
        assertThat(areq.node("mobilePhone").get("cc").stringValue()).isEqualTo("81");
        assertThat(ThreeDsMessage.parse(m.toBytes())).isEqualTo(m);
    }

    @Test
    void toStringShowsTypeVersionAndIdsButNeverTheCardNumber() {
        ThreeDsMessage areq = Examples.message("areq-app-2.2.0");
        String text = areq.toString();
        assertThat(text).contains("AReq", "2.2.0", "1b7f3a8e-61c4-4d8b-9f0e-5d2a7c3b9e41",
                "b60c9879-ac77-4918-a317-7b01c4317053");
        assertThat(text).doesNotContain("4111111111111111", "411111", "acctNumber", "Mamori Demo Shop");
    }

    @Test
    void toStringHidesIdsThatCouldHoldAnything() {
        ObjectNode json = Examples.json("areq-browser-2.2.0");
        json.put("threeDSServerTransID", "4111111111111111x");
        json.put("messageVersion", "4111111111111111");
        String text = ThreeDsMessage.of(json).toString();
        assertThat(text).doesNotContain("4111111111111111");
        assertThat(text).contains("threeDSServerTransID=?");
    }

    @Test
    void exceptionMessagesNameElementsNotValues() {
        ThreeDsException e = parseFailure("{\"acctNumber\":\"4111111111111111\",\"acctNumber\":\"4111111111111111\"}");
        assertThat(e.getMessage()).contains("204", "acctNumber").doesNotContain("4111111111111111");
        ThreeDsException notJson = parseFailure("{\"acctNumber\":4111111111111111x}");
        assertThat(notJson.getMessage()).doesNotContain("4111111111111111");
        assertThat(notJson.description()).doesNotContain("4111111111111111");
    }
}
