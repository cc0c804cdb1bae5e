package dev.mamori.risk.simulate;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.risk.iso.Iso8583Codec;
import dev.mamori.risk.iso.IsoEcData;
import dev.mamori.risk.iso.IsoMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO 8583 (1987, binary bitmap) 0100 messages over one TCP connection with 2-byte length framing,
 * encoded by the risk module's own codec. Face-to-face payments carry track 2 equivalent data
 * (field 35), POS entry mode 051 (chip) or 071 (contactless) and condition code 00; EC payments
 * carry the card number (2), expiry (14), condition code 59 and the EC data with the CVC2 in
 * field 48's TLVs. Requests go one at a time, each waiting for its answer.
 */
final class IsoTransport implements Transport {
    private static final DateTimeFormatter TRANSMISSION = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter LOCAL_DATE = DateTimeFormatter.ofPattern("MMdd");

    private final Iso8583Codec codec = new Iso8583Codec();
    private final String host;
    private final int port;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;

    IsoTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "iso";
    }

    /** Connects now, so a wrong host or port is reported before any traffic. */
    void connect() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    @Override
    public Outcome send(SimEvent e, String stan, String rrn, LocalDateTime localTime) {
        byte[] request = codec.encode(message(e, stan, rrn, localTime));
        long started = System.nanoTime();
        try {
            if (socket == null || socket.isClosed()) {
                connect();
            }
            out.writeShort(request.length);
            out.write(request);
            out.flush();
            int length = in.readUnsignedShort();
            byte[] response = new byte[length];
            in.readFully(response);
            long latency = System.nanoTime() - started;
            IsoMessage answer = codec.decode(response);
            String code = answer.responseCode();
            return code == null ? Outcome.failed("iso: no field 39", latency) : new Outcome(code, null, null, latency);
        } catch (IOException | RuntimeException ex) {
            closeQuietly();
            return Outcome.failed("iso: " + ex.getClass().getSimpleName(), System.nanoTime() - started);
        }
    }

    /** The 0100 for one event. It holds the card number: encoded, sent, never logged (its toString masks it). */
    static IsoMessage message(SimEvent e, String stan, String rrn, LocalDateTime localTime) {
        IsoMessage m = IsoMessage.of("0100");
        String pan = e.pan.reveal(InsecurePanAccess.get());
        String yymm = e.expiry == null ? null : String.format("%02d%02d", e.expiry.getYear() % 100, e.expiry.getMonthValue());
        boolean f2f = e.channel == SimEvent.Channel.F2F;
        if (f2f) {
            // Track 2 equivalent: PAN, separator, YYMM, service code 201 (chip), discretionary data.
            m.set(35, pan + "=" + yymm + "201" + "00000");
            m.set(22, e.sequence % 3 == 0 ? "071" : "051");
            m.set(25, "00");
        } else {
            m.set(2, pan);
            if (yymm != null) {
                m.set(14, yymm);
            }
            m.set(22, "010");
            m.set(25, "59");
            m.setEcData(new IsoEcData(e.deviceId, e.ip, e.email, e.deliveryAddress, e.eci, e.authenticationValue,
                    e.eci == null ? null : e.threeDsStatus == null ? "Y" : e.threeDsStatus, "EC", e.securityCode));
        }
        m.set(3, "000000");
        m.set(4, String.format("%012d", e.amount));
        m.set(7, ZonedDateTime.now(ZoneOffset.UTC).format(TRANSMISSION));
        m.set(11, stan);
        m.set(12, localTime.format(LOCAL_TIME));
        m.set(13, localTime.format(LOCAL_DATE));
        m.set(18, e.merchant.mcc());
        m.set(37, rrn);
        m.set(41, e.merchant.terminalId());
        m.set(42, e.merchant.id());
        m.set(43, e.merchant.nameLocation());
        m.set(49, "392");
        return m;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // the next send reconnects
        }
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        socket = null;
        if (s != null) {
            s.close();
        }
    }
}
