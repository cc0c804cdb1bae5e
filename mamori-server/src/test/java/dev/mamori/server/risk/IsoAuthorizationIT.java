package dev.mamori.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.server.IntegrationTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.jpos.iso.packager.ISO87BPackager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ISO 8583 listener of the running application against jPOS, an independent off-the-shelf
 * client, with its stock ISO87BPackager over PostChannel (2-byte length framing).
 */
class IsoAuthorizationIT extends IntegrationTest {
    @Autowired
    IsoListener listener;

    @Autowired
    dev.mamori.vault.keys.MasterKeyProvider keys;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    IssuerFixture issuer;
    PostChannel channel;
    int stan = 100;

    @BeforeEach
    void connect() throws IOException {
        issuer = new IssuerFixture(api, unique("iso-issuer"));
        channel = new PostChannel("127.0.0.1", listener.port(), new ISO87BPackager());
        channel.setTimeout(15_000);
        channel.connect();
    }

    @AfterEach
    void disconnect() throws IOException {
        channel.disconnect();
    }

    ISOMsg send(ISOMsg request) throws IOException, ISOException {
        channel.send(request);
        return channel.receive();
    }

    ISOMsg authorization(String mti, String pan, long amount, String rrn) throws ISOException {
        ISOMsg m = new ISOMsg(mti);
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amount));
        m.set(7, ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MMddHHmmss")));
        m.set(11, String.format("%06d", ++stan));
        m.set(12, "101010");
        m.set(14, String.format("%02d12", IssuerFixture.NEXT_YEAR % 100));
        m.set(18, "5816");
        m.set(22, "010");
        m.set(25, "59");
        m.set(37, rrn);
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        m.set(43, "Mamori Game Shop         Tokyo        JP");
        m.set(49, "392");
        byte[] ec = new IsoEcData("dev-iso-1", "198.51.100.7", "taro@example.jp", "東京都千代田区霞が関1-3-1", null, null, null, "EC", null)
                .encode();
        m.set(48, new String(ec, StandardCharsets.ISO_8859_1));
        return m;
    }

    @Test
    void signOnThenAuthorizeDuplicateAndReverseOverTcp() throws Exception {
        ISOMsg echo = new ISOMsg("0800");
        echo.set(7, "1126101010");
        echo.set(11, "000001");
        echo.set(70, "301");
        ISOMsg echoed = send(echo);
        assertThat(echoed.getMTI()).isEqualTo("0810");
        assertThat(echoed.getString(39)).isEqualTo("00");

        String pan = issuer.newPan();
        String card = issuer.open(pan, 20_000, null);
        ISOMsg request = authorization("0100", pan, 12_000, "RRN000000001");
        ISOMsg approved = send(request);
        assertThat(approved.getMTI()).isEqualTo("0110");
        assertThat(approved.getString(39)).isEqualTo("00");
        assertThat(approved.getString(38)).matches("[0-9A-Z]{6}");
        assertThat(approved.getString(11)).isEqualTo(request.getString(11));
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(8_000);

        // The acquirer did not see the answer and sends it again: same answer, nothing held twice.
        ISOMsg repeated = send(request);
        assertThat(repeated.getString(38)).isEqualTo(approved.getString(38));
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(8_000);

        ISOMsg over = send(authorization("0100", pan, 9_000, "RRN000000002"));
        assertThat(over.getString(39)).isEqualTo("51");

        ISOMsg reversal = (ISOMsg) request.clone();
        reversal.setMTI("0400");
        reversal.unset(48);
        ISOMsg reversed = send(reversal);
        assertThat(reversed.getMTI()).isEqualTo("0410");
        assertThat(reversed.getString(39)).isEqualTo("00");
        assertThat(issuer.card(card).get("openToBuy").asLong()).isEqualTo(20_000);

        ISOMsg financial = send(authorization("0200", pan, 3_000, "RRN000000003"));
        assertThat(financial.getMTI()).isEqualTo("0210");
        assertThat(financial.getString(39)).isEqualTo("00");

        // The decision log says which interface each came in on and keeps the EC data.
        String source = jdbc.sql("select source from risk.decisions where rrn = 'RRN000000003' and tenant_id = cast(:t as uuid)")
                .param("t", issuer.tenant.id()).query(String.class).single();
        assertThat(source).isEqualTo("iso");
        String address = jdbc.sql("select delivery_address from risk.decisions where rrn = 'RRN000000003' and tenant_id = cast(:t as uuid)")
                .param("t", issuer.tenant.id()).query(String.class).single();
        assertThat(address).isEqualTo("東京都千代田区霞が関1-3-1");
    }

    @Test
    void cvc2InField48IsVerifiedWithTheIssuersKey() throws Exception {
        dev.mamori.server.Api.Reply cvk = api.post("/v1/risk/cvks", "{\"name\":\"iso-cvk\"}",
                dev.mamori.server.Api.withKey(issuer.tenant.adminKey()));
        assertThat(cvk.status()).as(cvk.toString()).isEqualTo(201);
        String pan = issuer.newPan();
        issuer.open(pan, 50_000, "iso-cvk");
        String cvc = dev.mamori.vault.keys.CardVerificationValues.compute(keys, issuer.tenant.id(), "iso-cvk",
                dev.mamori.common.Pan.of(pan), String.format("%02d12", IssuerFixture.NEXT_YEAR % 100), "000", 3);
        String wrong = String.format("%03d", (Integer.parseInt(cvc) + 500) % 1000);
        assertThat(send(withCvc(authorization("0100", pan, 1_000, "RRN000000020"), cvc)).getString(39)).isEqualTo("00");
        assertThat(send(withCvc(authorization("0100", pan, 1_000, "RRN000000021"), wrong)).getString(39)).isEqualTo("05");
    }

    private static ISOMsg withCvc(ISOMsg m, String cvc) throws ISOException {
        byte[] ec = new IsoEcData("dev-iso-2", null, null, null, null, null, null, "EC", cvc).encode();
        m.set(48, new String(ec, StandardCharsets.ISO_8859_1));
        return m;
    }

    @Test
    void trackDataForEcommerceUnknownIssuerAndBadCardNumbersGetTheirCodes() throws Exception {
        String pan = issuer.newPan();
        issuer.open(pan, 20_000, null);
        ISOMsg track = authorization("0100", pan, 1_000, "RRN000000010");
        track.unset(2);
        track.set(35, pan + "=" + String.format("%02d12", IssuerFixture.NEXT_YEAR % 100) + "1011234567");
        assertThat(send(track).getString(39)).isEqualTo("12");

        String unrouted = "9" + pan.substring(1, 15);
        unrouted = unrouted + dev.mamori.common.Luhn.checkDigit(unrouted);
        assertThat(send(authorization("0100", unrouted, 1_000, "RRN000000011")).getString(39)).isEqualTo("15");

        String badLuhn = pan.substring(0, 15) + ((pan.charAt(15) - '0' + 1) % 10);
        assertThat(send(authorization("0100", badLuhn, 1_000, "RRN000000012")).getString(39)).isEqualTo("14");
    }

    @Test
    void malformedMessagesNeverCrashTheListener() throws Exception {
        double formatErrorsBefore = meters.get("mamori.iso.format.errors").functionCounter().count();
        try (Socket raw = new Socket("127.0.0.1", listener.port())) {
            raw.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            DataInputStream in = new DataInputStream(raw.getInputStream());
            // 0100 whose bitmap announces field 2 but the message ends: a format error answer.
            byte[] truncated = {0x01, 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0};
            out.writeShort(truncated.length);
            out.write(truncated);
            out.flush();
            int length = in.readUnsignedShort();
            byte[] answer = in.readNBytes(length);
            assertThat(answer[0]).isEqualTo((byte) 0x01);
            assertThat(answer[1]).isEqualTo((byte) 0x10);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).contains("30");
            // A length header of zero closes the connection.
            out.writeShort(0);
            out.flush();
            assertThat(in.read()).isEqualTo(-1);
        }
        ISOMsg echo = new ISOMsg("0800");
        echo.set(11, "000002");
        echo.set(70, "301");
        assertThat(send(echo).getString(39)).isEqualTo("00");
        assertThat(meters.get("mamori.iso.format.errors").functionCounter().count()).isGreaterThan(formatErrorsBefore);
        assertThat(meters.get("mamori.iso.connections.open").gauge().value()).isGreaterThanOrEqualTo(1);
    }
}
