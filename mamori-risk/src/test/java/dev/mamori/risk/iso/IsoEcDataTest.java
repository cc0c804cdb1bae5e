package dev.mamori.risk.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IsoEcDataTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesEveryTagAndCountsLengthsInBytes() {
        // 大阪府 is 3 characters but 9 UTF-8 bytes.
        IsoEcData data = IsoEcData.parse(utf8("DI003d-1IP0097.7.7.7.7EM006a@b.jpDA009大阪府EC00205AV004AAA=TS001YCH004MOTO"));
        assertThat(data).isEqualTo(new IsoEcData("d-1", "7.7.7.7.7", "a@b.jp", "大阪府", "05", "AAA=", "Y", "MOTO", null));
    }

    @Test
    void encodeThenParseGivesTheSameData() {
        IsoEcData data = new IsoEcData("端末-42", "2001:db8::1", "花子@example.jp", "北海道札幌市中央区北1条西2丁目", "02",
                "jJ81HADVRtXfCBATEp01CJUAAAA=", "A", "EC", "123");
        assertThat(IsoEcData.parse(data.encode())).isEqualTo(data);
    }

    @Test
    void absentTagsAreNullAndEmptyFieldIsAllowed() {
        assertThat(IsoEcData.parse(new byte[0])).isEqualTo(new IsoEcData(null, null, null, null, null, null, null, null, null));
        assertThat(IsoEcData.parse(utf8("CH002EC")).channel()).isEqualTo("EC");
    }

    @Test
    void unknownTagsAreSkipped() {
        IsoEcData data = IsoEcData.parse(utf8("ZZ005hello" + "CH003F2F" + "Q1000"));
        assertThat(data.channel()).isEqualTo("F2F");
        assertThat(data.deviceId()).isNull();
    }

    @Test
    void aTagTwiceIsRejectedNamingTheTag() {
        assertThatThrownBy(() -> IsoEcData.parse(utf8("EM003a@bEM003c@d")))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(48);
                    assertThat(e.rule()).isEqualTo("tag EM: appears twice");
                });
    }

    @Test
    void valueLongerThan255BytesIsRejected() {
        String longValue = "あ".repeat(86); // 258 bytes
        assertThatThrownBy(() -> IsoEcData.parse(utf8("DA258" + longValue)))
                .hasMessage("field 48: tag DA: value must be at most 255 bytes");
        assertThatThrownBy(() -> new IsoEcData(null, null, null, longValue, null, null, null, null, null))
                .hasMessage("field 48: tag DA: value must be at most 255 bytes");
    }

    @Test
    void malformedTlvsNameTheTagAndTheRuleButNotTheValue() {
        assertThatThrownBy(() -> IsoEcData.parse(utf8("EM0x5a@b.c"))).hasMessage("field 48: tag EM: length must be 3 ASCII digits");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("EM010a@b"))).hasMessage("field 48: tag EM: value is cut short");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("EM0"))).hasMessageStartingWith("field 48: TLV at byte 0");
        assertThatThrownBy(() -> IsoEcData.parse(new byte[] {'D', 'A', '0', '0', '2', (byte) 0xC3, (byte) 0x28}))
                .hasMessage("field 48: tag DA: value must be UTF-8");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("EC0035AB"))).hasMessage("field 48: tag EC: ECI must be 2 digits");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("CH003ATM"))).hasMessage("field 48: tag CH: channel must be EC, F2F or MOTO");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("AV004!!!!"))).hasMessage("field 48: tag AV: must be base64");
        assertThatThrownBy(() -> IsoEcData.parse(utf8("TS001y"))).hasMessage("field 48: tag TS: transStatus must be one capital letter");
        // A tag that is not letters or digits is shown in hex, so the message stays printable.
        assertThatThrownBy(() -> IsoEcData.parse(new byte[] {1, 2, '0', 'x', '1', 'x'}))
                .hasMessage("field 48: tag 0x0102: length must be 3 ASCII digits");
    }

    @Test
    void toStringShowsCodesButNotPersonalDataOrTheCryptogram() {
        IsoEcData data = new IsoEcData("device-abc", "198.51.100.23", "taro@example.jp", "東京都千代田区", "05",
                "jJ81HADVRtXfCBATEp01CJUAAAA=", "Y", "EC", "4321");
        assertThat(data.toString())
                .isEqualTo("IsoEcData[DI, IP, EM, DA, EC=05, AV, TS=Y, CH=EC, CV]")
                .doesNotContain("device-abc", "198.51", "taro", "東京", "jJ81", "4321");
    }

    @Test
    void securityCodeMustBeThreeOrFourDigitsAndIsNeverPrinted() {
        assertThat(IsoEcData.parse(utf8("CV003123")).securityCode()).isEqualTo("123");
        assertThat(IsoEcData.parse(utf8("CV0041234")).securityCode()).isEqualTo("1234");
        for (String bad : new String[] {"CV00212", "CV00312a", "CV00512345"}) {
            assertThatThrownBy(() -> IsoEcData.parse(utf8(bad))).isInstanceOf(IsoFormatException.class)
                    .hasMessageContaining("CV").hasMessageNotContaining("12a");
        }
        assertThat(IsoEcData.parse(utf8("CV003987")).toString()).isEqualTo("IsoEcData[CV]");
    }
}
