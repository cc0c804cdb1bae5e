package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.risk.iso.Iso8583Codec;
import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.risk.iso.IsoMessage;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages both transports build, checked by decoding them as the server would. */
class TransportsTest {
    private final Merchants merchants = new Merchants();
    private final Population population = Population.generate(42, "412345678", 40, 2026, merchants);
    private final List<SimEvent> events = new TrafficGenerator(population, merchants, 9, 7).generate(600).events;
    private final LocalDateTime when = LocalDateTime.of(2026, 3, 14, 12, 34, 56);

    private SimEvent first(SimEvent.Channel channel, boolean threeDs) {
        return events.stream().filter(e -> e.scenario == Scenario.LEGIT && e.channel == channel && (e.eci != null) == threeDs
                && (channel == SimEvent.Channel.F2F || e.deliveryAddress != null)).findFirst().orElseThrow();
    }

    @Test
    void aJsonEcPaymentCarriesCardMerchantTraceAndEcDataWith3ds() {
        SimEvent e = first(SimEvent.Channel.EC, true);
        Map<String, Object> body = Json.object(Json.parse(JsonTransport.body(e, "000123", "ABCDE0000123")));
        assertThat(body.get("pan")).isEqualTo(e.pan.reveal(InsecurePanAccess.get()));
        assertThat(body.get("channel")).isEqualTo("ec");
        assertThat(body.get("currency")).isEqualTo("JPY");
        assertThat(body.get("cvc")).isEqualTo(e.securityCode);
        assertThat(body.get("rrn")).isEqualTo("ABCDE0000123");
        Map<String, Object> merchant = Json.object(body.get("merchant"));
        assertThat(merchant.get("mcc")).isEqualTo(e.merchant.mcc());
        assertThat(merchant.get("id").toString()).hasSize(15);
        Map<String, Object> ec = Json.object(body.get("ec"));
        assertThat(ec.get("deviceId")).isEqualTo(e.deviceId);
        assertThat(ec.get("deliveryAddress")).isEqualTo(e.deliveryAddress);
        assertThat(Json.object(ec.get("threeDs"))).containsEntry("eci", "05").containsEntry("transStatus", "Y");
    }

    @Test
    void aJsonFaceToFacePaymentHasNoEcData() {
        Map<String, Object> body = Json.object(Json.parse(JsonTransport.body(first(SimEvent.Channel.F2F, false), "000001", "ABCDE0000001")));
        assertThat(body.get("channel")).isEqualTo("f2f");
        assertThat(body).doesNotContainKeys("ec", "cvc");
    }

    @Test
    void anIsoFaceToFacePaymentIsTrack2WithChipOrContactlessEntryAndCondition00() {
        SimEvent e = first(SimEvent.Channel.F2F, false);
        Iso8583Codec codec = new Iso8583Codec();
        IsoMessage m = codec.decode(codec.encode(IsoTransport.message(e, "000002", "ABCDE0000002", when)));
        assertThat(m.mti()).isEqualTo("0100");
        assertThat(m.has(2)).isFalse();
        String yymm = String.format("%02d%02d", e.expiry.getYear() % 100, e.expiry.getMonthValue());
        assertThat(m.get(35)).isEqualTo(e.pan.reveal(InsecurePanAccess.get()) + "=" + yymm + "20100000");
        assertThat(m.get(22)).isIn("051", "071");
        assertThat(m.get(25)).isEqualTo("00");
        assertThat(m.get(4)).isEqualTo(String.format("%012d", e.amount));
        assertThat(m.get(12)).isEqualTo("123456");
        assertThat(m.get(13)).isEqualTo("0314");
        assertThat(m.get(42)).isEqualTo(e.merchant.id());
        assertThat(m.get(43)).hasSize(40).endsWith("JP");
        assertThat(m.has(48)).isFalse();
        assertThat(m.toString()).doesNotContain(e.pan.reveal(InsecurePanAccess.get()));
    }

    @Test
    void anIsoEcPaymentCarriesTheCvc2AndEcDataInField48() {
        SimEvent e = first(SimEvent.Channel.EC, true);
        Iso8583Codec codec = new Iso8583Codec();
        IsoMessage m = codec.decode(codec.encode(IsoTransport.message(e, "000003", "ABCDE0000003", when)));
        assertThat(m.get(2)).isEqualTo(e.pan.reveal(InsecurePanAccess.get()));
        assertThat(m.get(25)).isEqualTo("59");
        IsoEcData ec = m.ecData();
        assertThat(ec.securityCode()).isEqualTo(e.securityCode);
        assertThat(ec.channel()).isEqualTo("EC");
        assertThat(ec.deviceId()).isEqualTo(e.deviceId);
        assertThat(ec.deliveryAddress()).isEqualTo(e.deliveryAddress);
        assertThat(ec.eci()).isEqualTo("05");
        assertThat(ec.transStatus()).isEqualTo("Y");
    }

    @Test
    void everyGeneratedEventEncodesOnBothInterfaces() {
        Iso8583Codec codec = new Iso8583Codec();
        for (SimEvent e : events) {
            assertThat(codec.decode(codec.encode(IsoTransport.message(e, "000004", "ABCDE0000004", when))).mti()).isEqualTo("0100");
            assertThat(Json.parse(JsonTransport.body(e, "000004", "ABCDE0000004"))).isNotNull();
        }
    }
}
