package dev.mamori.risk.iso;

import static dev.mamori.risk.iso.JposPeer.TEST_PAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Iso8583CodecTest {
    private final Iso8583Codec codec = new Iso8583Codec();

    /** Every field Mamori reads, with values at their full length. */
    static IsoMessage authorization(String mti) {
        IsoMessage m = IsoMessage.of(mti)
                .set(2, TEST_PAN).set(3, "000000").set(4, "000000012345").set(7, "0102030405").set(11, "000123")
                .set(12, "235959").set(13, "1231").set(14, "2712").set(18, "5999").set(19, "392").set(22, "812")
                .set(25, "59").set(32, "12345678901").set(35, TEST_PAN + "=27121010000000000")
                .set(37, "RRN000000001").set(38, "ABC123").set(39, "00").set(41, "TERM0001").set(42, "MERCHANT0000001")
                .set(43, "Mamori Test Shop         Tokyo        JP").set(49, "392").set(70, "301")
                .set(90, "010000012301020304050000001234500000000000");
        return m.setEcData(new IsoEcData("dev-1", "203.0.113.7", "taro@example.jp", "東京都千代田区丸の内1-1-1 ﾏﾓﾘ様",
                "05", "AAABBJgAAAAAAAAAAAAAAAAAAAA=", "Y", "EC", "737"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0100", "0110", "0200", "0210", "0400", "0410", "0420", "0430", "0800", "0810"})
    void everyMtiRoundTripsWithEveryField(String mti) {
        IsoMessage original = authorization(mti);
        IsoMessage decoded = codec.decode(codec.encode(original));
        assertThat(decoded.mti()).isEqualTo(mti);
        assertSameValues(decoded, original);
        assertThat(decoded.ecData()).isEqualTo(original.ecData());
        assertThat(decoded.ecData().deliveryAddress()).isEqualTo("東京都千代田区丸の内1-1-1 ﾏﾓﾘ様");
    }

    @Test
    void encodesByteForByteWhatJposPacks() throws Exception {
        IsoMessage message = authorization("0100");
        assertThat(HexFormat.of().formatHex(codec.encode(message)))
                .isEqualTo(HexFormat.of().formatHex(JposPeer.pack(message)));
    }

    @Test
    void oddLengthPanIsPaddedOnTheRightAsJposDoes() throws Exception {
        IsoMessage message = IsoMessage.of("0100").set(2, "411111111111113").set(3, "000000");
        byte[] bytes = codec.encode(message);
        // MTI, primary bitmap, LL = 15 (BCD), 8 bytes of digits with a 0 nibble at the end, field 3.
        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("0100" + "6000000000000000" + "15" + "4111111111111130" + "000000");
        assertThat(JposPeer.unpack(bytes).getString(2)).isEqualTo("411111111111113");
        assertThat(codec.decode(JposPeer.pack(message)).get(2)).isEqualTo("411111111111113");
    }

    @Test
    void oddLengthNumericFieldIsPaddedOnTheLeft() {
        byte[] bytes = codec.encode(IsoMessage.of("0100").set(19, "392"));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0100" + "0000200000000000" + "0392");
    }

    @Test
    void secondaryBitmapOnlyWhenAFieldAbove64IsPresent() {
        byte[] without = codec.encode(IsoMessage.of("0800").set(11, "000001"));
        byte[] with = codec.encode(IsoMessage.of("0800").set(11, "000001").set(70, "301"));
        assertThat(without).hasSize(2 + 8 + 3);
        assertThat(with).hasSize(2 + 16 + 3 + 2);
        assertThat(with[2] & 0x80).isEqualTo(0x80);
        assertThat(codec.decode(with).get(70)).isEqualTo("301");
    }

    @Test
    void field48FromAJposClientIsReadAsUtf8() throws Exception {
        byte[] tlv = "DA015東京都港区".getBytes(StandardCharsets.UTF_8);
        ISOMsg jpos = new ISOMsg("0100");
        jpos.setPackager(JposPeer.PACKAGER);
        jpos.set(11, "000001");
        jpos.set(48, new String(tlv, StandardCharsets.ISO_8859_1));
        IsoMessage decoded = codec.decode(jpos.pack());
        assertThat(decoded.bytes(48)).isEqualTo(tlv);
        assertThat(decoded.ecData().deliveryAddress()).isEqualTo("東京都港区");
    }

    @Test
    void fieldsMamoriDoesNotUseAreDecodedNotRejected() throws Exception {
        ISOMsg jpos = new ISOMsg("0100");
        jpos.setPackager(JposPeer.PACKAGER);
        jpos.set(11, "000001");
        jpos.set(52, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        jpos.set(55, "\u009f\u0002\u0006\u0000\u0000\u0000\u0001\u0000\u0000");
        jpos.set(60, "private 60");
        jpos.set(63, "private 63");
        jpos.set(128, new byte[] {8, 7, 6, 5, 4, 3, 2, 1});
        IsoMessage decoded = codec.decode(jpos.pack());
        assertThat(decoded.fields()).containsExactly(11, 52, 55, 60, 63, 128);
        assertThat(decoded.bytes(52)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(decoded.bytes(55)).containsExactly(0x9f, 2, 6, 0, 0, 0, 1, 0, 0);
        assertThat(decoded.get(63)).isEqualTo("private 63");
    }

    /** Differential: random messages packed by jPOS decode to the same values, and our bytes are jPOS's bytes. */
    @Property(tries = 300)
    void agreesWithJposIso87BPackagerInBothDirections(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        String mti = new String[] {"0100", "0110", "0200", "0400", "0800"}[random.nextInt(5)];
        IsoMessage message = JposPeer.randomMessage(random, mti);

        byte[] jposBytes = JposPeer.pack(message);
        IsoMessage decoded = codec.decode(jposBytes);
        assertThat(decoded.mti()).isEqualTo(mti);
        assertSameValues(decoded, message);

        byte[] ours = codec.encode(message);
        assertThat(ours).isEqualTo(jposBytes);
        ISOMsg unpacked = JposPeer.unpack(ours);
        assertThat(unpacked.getMTI()).isEqualTo(mti);
        for (int field = 2; field <= 128; field++) {
            assertThat(unpacked.hasField(field)).as("field %d present", field).isEqualTo(message.has(field));
            if (!message.has(field)) {
                continue;
            }
            IsoField spec = IsoField.of(field);
            if (spec.kind == IsoField.Kind.BINARY) {
                assertThat(unpacked.getBytes(field)).as("field %d", field).isEqualTo(message.bytes(field));
            } else if (spec.kind == IsoField.Kind.LLLBYTES) {
                assertThat(unpacked.getString(field).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(message.bytes(48));
            } else {
                assertThat(unpacked.getString(field)).as("field %d", field).isEqualTo(message.get(field));
            }
        }
    }

    @Test
    void truncatedPanIsAFormatErrorOnField2WithoutTheDigits() throws Exception {
        byte[] full = JposPeer.pack(IsoMessage.of("0100").set(2, TEST_PAN).set(11, "000001"));
        byte[] cut = Arrays.copyOf(full, 2 + 8 + 1 + 5);
        assertThatThrownBy(() -> codec.decode(cut))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(2);
                    assertThat(e.element()).isEqualTo("2");
                    assertThat(e.getMessage()).startsWith("field 2: ").doesNotContain("4111").doesNotContain("41 11");
                });
    }

    @Test
    void panLongerThan19DigitsIsAFormatError() {
        // LL = 20 digits, 10 bytes of digits.
        byte[] bytes = HexFormat.of().parseHex("0100" + "4000000000000000" + "20" + "41111111111111110000");
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.field()).isEqualTo(2));
    }

    @Test
    void nonBcdDigitIsAFormatErrorOnThatField() {
        byte[] bytes = HexFormat.of().parseHex("0100" + "2000000000000000" + "00A000");
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(3);
                    assertThat(e.rule()).isEqualTo("must be 6 BCD digits");
                });
    }

    @Test
    void bitmapNamingFieldsThatAreNotThereIsAFormatError() {
        // Bits for fields 2, 3 and 4 set, no data after the bitmap.
        byte[] bytes = HexFormat.of().parseHex("0200" + "7000000000000000");
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.field()).isEqualTo(2));
    }

    @Test
    void shortOrMissingBitmapIsABitmapError() {
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("0100" + "20000000")))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.element()).isEqualTo("bitmap"));
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("0100" + "8000000000000000" + "0000")))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.element()).isEqualTo("bitmap"));
    }

    @Test
    void nonBcdMtiIsAnMtiError() {
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("01A0" + "0000000000000000")))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.element()).isEqualTo("mti"));
        assertThatThrownBy(() -> codec.decode(new byte[] {1}))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> assertThat(e.element()).isEqualTo("mti"));
    }

    @Test
    void bytesAfterTheLastFieldAreALengthError() {
        byte[] bytes = HexFormat.of().parseHex("0100" + "2000000000000000" + "000000" + "FFFF");
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(IsoFormatException.class, e -> {
                    assertThat(e.element()).isEqualTo("length");
                    assertThat(e.rule()).isEqualTo("2 bytes follow the last field");
                });
    }

    @Test
    void salvageKeepsTheFieldsBeforeTheBrokenOne() throws Exception {
        byte[] full = JposPeer.pack(IsoMessage.of("0100").set(11, "000042").set(37, "RRN000000042").set(41, "TERM0001")
                .set(43, "Shop"));
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        IsoFormatException error = org.junit.jupiter.api.Assertions.assertThrows(IsoFormatException.class,
                () -> codec.decode(cut));
        assertThat(error.field()).isEqualTo(43);
        IsoMessage partial = codec.salvage(cut, error);
        assertThat(partial.mti()).isEqualTo("0100");
        assertThat(partial.fields()).containsExactly(11, 37, 41);
        assertThat(partial.get(41)).isEqualTo("TERM0001");
    }

    static void assertSameValues(IsoMessage actual, IsoMessage expected) {
        assertThat(actual.fields()).containsExactly(expected.fields());
        for (int field : expected.fields()) {
            if (IsoField.of(field).isText()) {
                assertThat(actual.get(field)).as("field %d", field).isEqualTo(expected.get(field));
            } else {
                assertThat(actual.bytes(field)).as("field %d", field).isEqualTo(expected.bytes(field));
            }
        }
    }
}
