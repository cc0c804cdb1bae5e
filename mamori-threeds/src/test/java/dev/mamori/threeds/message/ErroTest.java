package dev.mamori.threeds.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ErroTest {

    @Test
    void anErroAboutAnAReqEchoesItsIdsTypeAndVersion() throws ThreeDsException {
        ObjectNode areq = Examples.json("areq-app-2.2.0");
        areq.put("dsTransID", "e2b9a7c3-4f1d-4e8a-9c6b-3d5f7a1e0c92");
        ThreeDsMessage erro = Erro.of(ErrorCode.REQUIRED_DATA_ELEMENT_MISSING, 'A', "browserAcceptHeader", null,
                ThreeDsMessage.of(areq));
        assertThat(erro.type()).isEqualTo(MessageType.Erro);
        assertThat(erro.version()).isEqualTo("2.2.0");
        assertThat(erro.text("errorCode")).isEqualTo("201");
        assertThat(erro.text("errorComponent")).isEqualTo("A");
        assertThat(erro.text("errorDescription")).isEqualTo("Required Data Element Missing");
        assertThat(erro.text("errorDetail")).isEqualTo("browserAcceptHeader");
        assertThat(erro.text("errorMessageType")).isEqualTo("AReq");
        assertThat(erro.text("threeDSServerTransID")).isEqualTo("1b7f3a8e-61c4-4d8b-9f0e-5d2a7c3b9e41");
        assertThat(erro.text("sdkTransID")).isEqualTo("b60c9879-ac77-4918-a317-7b01c4317053");
        assertThat(erro.text("dsTransID")).isEqualTo("e2b9a7c3-4f1d-4e8a-9c6b-3d5f7a1e0c92");
        assertThat(erro.has("acsTransID")).isFalse();
        assertThat(erro.has("acctNumber")).isFalse();
        MessageValidator.validate(erro, MessageType.Erro);
    }

    @Test
    void anErroFromAnExceptionCarriesItsCodeDetailAndDescription() throws ThreeDsException {
        ThreeDsException e = new ThreeDsException(ErrorCode.TRANSIENT_SYSTEM_FAILURE, "acs", "risk engine busy");
        ThreeDsMessage erro = Erro.of(e, 'D', Examples.message("ares-challenge-2.2.0"));
        assertThat(erro.text("errorCode")).isEqualTo("403");
        assertThat(erro.text("errorComponent")).isEqualTo("D");
        assertThat(erro.text("errorDetail")).isEqualTo("acs");
        assertThat(erro.text("errorDescription")).isEqualTo("risk engine busy");
        assertThat(erro.text("errorMessageType")).isEqualTo("ARes");
        assertThat(erro.text("acsTransID")).isEqualTo("5d0e7c1b-9a41-4f3e-b2c8-7e6a1d9f0b24");
        MessageValidator.validate(erro, MessageType.Erro);
    }

    @Test
    void anUnsupportedOrUnknownVersionAnswersInTheHighestSupported() throws ThreeDsException {
        ObjectNode old = Examples.json("areq-browser-2.2.0");
        old.put("messageVersion", "2.1.0");
        ThreeDsMessage erro = Erro.of(ErrorCode.MESSAGE_VERSION_NUMBER_NOT_SUPPORTED, 'D', "messageVersion", null,
                ThreeDsMessage.of(old));
        assertThat(erro.version()).isEqualTo("2.3.1");
        assertThat(erro.text("threeDSServerTransID")).isEqualTo("8a880dc0-d2d2-4067-bcb1-b08d1690b26e");
        MessageValidator.validate(erro, MessageType.Erro);
    }

    @Test
    void anErroAboutNothingReadableHasNoIdsNorMessageType() throws ThreeDsException {
        ThreeDsMessage erro = Erro.of(ErrorCode.MESSAGE_RECEIVED_INVALID, 'S', "message", null, null);
        assertThat(erro.has("threeDSServerTransID")).isFalse();
        assertThat(erro.has("errorMessageType")).isFalse();
        assertThat(erro.version()).isEqualTo(MessageVersions.highest());
        MessageValidator.validate(erro, MessageType.Erro);
    }

    @Test
    void malformedIdsAreNotEchoed() {
        ObjectNode areq = Examples.json("areq-browser-2.2.0");
        areq.put("threeDSServerTransID", "4111111111111111");
        areq.put("sdkTransID", 42);
        ThreeDsMessage erro = Erro.of(ErrorCode.FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID, 'D', "threeDSServerTransID",
                null, ThreeDsMessage.of(areq));
        assertThat(erro.has("threeDSServerTransID")).isFalse();
        assertThat(erro.has("sdkTransID")).isFalse();
        assertThat(new String(erro.toBytes(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("4111111111111111");
    }

    @Test
    void aCardNumberInACallersTextIsMasked() {
        ThreeDsException e = new ThreeDsException(ErrorCode.TRANSACTION_DATA_NOT_VALID, "acctNumber 4111111111111111",
                "no range for 4111 1111 1111 1111");
        assertThat(e.getMessage() + e.errorDetail() + e.description()).doesNotContain("4111111111111111",
                "4111 1111 1111 1111");
        ThreeDsMessage erro = Erro.of(ErrorCode.TRANSACTION_DATA_NOT_VALID, 'D', "4111111111111111",
                "card 4111-1111-1111-1111", null);
        assertThat(erro.text("errorDetail")).isEqualTo("411111******1111");
        assertThat(erro.text("errorDescription")).doesNotContain("1111-1111-1111");
    }

    @Test
    void longTextsAreCutTo2048Characters() {
        ThreeDsMessage erro = Erro.of(ErrorCode.PERMANENT_SYSTEM_FAILURE, 'A', "x".repeat(5000), "y".repeat(3000), null);
        assertThat(erro.text("errorDetail")).hasSize(2048);
        assertThat(erro.text("errorDescription")).hasSize(2048);
    }

    @Test
    void theComponentIsOneOfTheFour() {
        assertThatThrownBy(() -> Erro.of(ErrorCode.PERMANENT_SYSTEM_FAILURE, 'X', "x", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyErrorCodeHasThreeDigitsAndADescription() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.code()).matches("[1-4][0-9]{2}");
            assertThat(code.description()).isNotBlank();
            assertThat(ErrorCode.fromCode(code.code())).isSameAs(code);
        }
        assertThat(ErrorCode.fromCode("999")).isNull();
        assertThat(ErrorCode.DUPLICATE_DATA_ELEMENT.code()).isEqualTo("204");
        assertThat(ErrorCode.SYSTEM_CONNECTION_FAILURE.code()).isEqualTo("405");
    }

    @Test
    void messageTypesAndVersions() {
        assertThat(MessageType.of("CReq")).isEqualTo(MessageType.CReq);
        assertThat(MessageType.of("creq")).isNull();
        assertThat(MessageType.of(null)).isNull();
        assertThat(MessageVersions.supported("2.2.0")).isTrue();
        assertThat(MessageVersions.supported("2.3.1")).isTrue();
        assertThat(MessageVersions.supported("2.1.0")).isFalse();
        assertThat(MessageVersions.supported(null)).isFalse();
    }
}
