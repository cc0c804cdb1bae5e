package dev.mamori.risk.iso;

import static dev.mamori.risk.iso.JposPeer.TEST_PAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IsoMessageTest {
    @Test
    void toStringMasksThePanAndHidesTrackAndEmvData() {
        IsoMessage message = IsoMessage.of("0100").set(2, TEST_PAN).set(4, "000000001000").set(14, "2712")
                .set(35, TEST_PAN + "=27121010000000000").set(45, "B" + TEST_PAN + "^TARO/YAMADA^2712101")
                .set(55, "\u009f\u0026\u0008").set(43, "shop ref " + TEST_PAN)
                .setBytes(52, new byte[8]);
        String text = message.toString();
        assertThat(text).doesNotContain(TEST_PAN).doesNotContain("2712").doesNotContain("TARO")
                .contains("2=411111******1111", "4=000000001000", "35=[34 characters]", "52=[8 bytes]")
                .contains("43=shop ref 411111******1111");
    }

    @Test
    void toStringMasksAPanThatFailsLuhnToo() {
        assertThat(IsoMessage.of("0100").set(2, "4111111111111112").toString())
                .contains("411111******1112").doesNotContain("4111111111111112");
    }

    @Test
    void errorsNameTheFieldAndRuleButNeverTheValue() {
        assertThatThrownBy(() -> IsoMessage.of("0100").set(2, TEST_PAN + "0000")) // 20 digits
                .isInstanceOf(IsoFormatException.class).hasMessage("field 2: must be at most 19 digits");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(2, "4111-1111-1111-1111"))
                .hasMessage("field 2: must be digits");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(35, TEST_PAN + "D2712"))
                .hasMessage("field 35: must be digits and '='");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(4, "1000")).hasMessage("field 4: must be 12 digits");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(41, "TERMINAL-1")).hasMessage("field 41: must be at most 8 characters");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(43, "東京")).hasMessage("field 43: must be ISO-8859-1 characters");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(28, "X00000001")).hasMessage("field 28: must be C or D followed by 8 digits");
        assertThatThrownBy(() -> IsoMessage.of("0100").setBytes(52, new byte[7])).hasMessage("field 52: must be 8 bytes");
        assertThatThrownBy(() -> IsoMessage.of("100")).hasMessage("mti: must be 4 digits");
        assertThatThrownBy(() -> IsoMessage.of("0100").set(1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IsoMessage.of("0100").set(52, "x")).hasMessageContaining("binary");
    }

    @Test
    void fixedCharacterFieldsArePaddedWithSpaces() {
        assertThat(IsoMessage.of("0100").set(41, "T1").get(41)).isEqualTo("T1      ");
    }

    @Test
    void responseEchoesMatchingFieldsButNotTheCardNumber() {
        IsoMessage request = Iso8583CodecTest.authorization("0100").set(14, "2712");
        IsoMessage response = IsoMessage.responseTo(request);
        assertThat(response.mti()).isEqualTo("0110");
        assertThat(response.fields()).containsExactly(3, 4, 7, 11, 12, 13, 37, 41, 42, 49);
        for (int field : response.fields()) {
            assertThat(response.get(field)).isEqualTo(request.get(field));
        }
    }

    @Test
    void reversalResponseEchoesOriginalDataAndNetworkResponseEchoesItsCode() {
        IsoMessage reversal = Iso8583CodecTest.authorization("0420");
        assertThat(IsoMessage.responseTo(reversal).mti()).isEqualTo("0430");
        assertThat(IsoMessage.responseTo(reversal).get(90)).isEqualTo(reversal.get(90));
        IsoMessage echo = IsoMessage.of("0800").set(7, "0102030405").set(11, "000007").set(70, "301");
        IsoMessage answer = IsoMessage.responseTo(echo);
        assertThat(answer.mti()).isEqualTo("0810");
        assertThat(answer.fields()).containsExactly(7, 11, 70);
    }

    @Test
    void aResponseHasNoResponse() {
        assertThatThrownBy(() -> IsoMessage.responseTo(IsoMessage.of("0110"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void panIsOfferedAsAPanObject() {
        assertThat(IsoMessage.of("0100").set(2, TEST_PAN).pan().last4()).isEqualTo("1111");
        assertThat(IsoMessage.of("0100").pan()).isNull();
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] pin = new byte[8];
        IsoMessage message = IsoMessage.of("0100").setBytes(52, pin);
        pin[0] = 9;
        byte[] read = message.bytes(52);
        read[1] = 9;
        assertThat(message.bytes(52)).containsOnly(0);
        assertThat(Arrays.equals(message.bytes(52), new byte[8])).isTrue();
    }
}
