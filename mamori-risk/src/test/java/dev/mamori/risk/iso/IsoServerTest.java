package dev.mamori.risk.iso;

import static dev.mamori.risk.iso.JposPeer.TEST_PAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listener against a real, independent client: jPOS's ISO87BPackager over PostChannel, which
 * frames each message with exactly a 2-byte big-endian length and no other header (NACChannel adds a
 * TPDU, ASCIIChannel a 4-digit ASCII length). Malformed input is sent over a plain socket.
 */
class IsoServerTest {
    private final ConcurrentLinkedQueue<IsoMessage> seen = new ConcurrentLinkedQueue<>();
    private final List<IsoServer> servers = new ArrayList<>();
    private final List<PostChannel> channels = new ArrayList<>();

    /** Approves amounts up to 10000 with an approval code, declines (51) above; records what it saw. */
    private final IsoHandler issuer = request -> {
        seen.add(request);
        boolean approve = Long.parseLong(request.get(4)) <= 10_000;
        IsoMessage response = IsoMessage.responseTo(request).set(39, approve ? "00" : "51");
        return approve ? response.set(38, "A" + request.get(11).substring(1)) : response;
    };

    private static IsoServerSettings testSettings() {
        return IsoServerSettings.defaults().withHost("127.0.0.1").withPort(0);
    }

    private IsoServer start(IsoServerSettings settings, IsoHandler handler) {
        IsoServer server = IsoServer.start(settings, handler);
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (PostChannel channel : channels) {
            channel.disconnect();
        }
        servers.forEach(IsoServer::close);
    }

    private PostChannel connect(IsoServer server) throws IOException {
        PostChannel channel = new PostChannel("127.0.0.1", server.port(), JposPeer.PACKAGER);
        channel.setTimeout(10_000);
        channel.connect();
        channels.add(channel);
        return channel;
    }

    private static ISOMsg echo(String stan) throws Exception {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, "0102030405");
        m.set(11, stan);
        m.set(70, "301");
        return m;
    }

    private static ISOMsg authorization(String stan, String amount) throws Exception {
        ISOMsg m = new ISOMsg("0100");
        m.set(2, TEST_PAN);
        m.set(3, "000000");
        m.set(4, amount);
        m.set(7, "0102030405");
        m.set(11, stan);
        m.set(14, "2712");
        m.set(37, "RRN" + stan + "000");
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        m.set(49, "392");
        byte[] ec = new IsoEcData("dev-1", "203.0.113.7", null, "東京都千代田区丸の内1-1-1", "05", null, "Y", "EC", null).encode();
        m.set(48, new String(ec, StandardCharsets.ISO_8859_1));
        return m;
    }

    private static void assertEchoAnswered(IsoServer server) throws Exception {
        PostChannel channel = new PostChannel("127.0.0.1", server.port(), JposPeer.PACKAGER);
        channel.setTimeout(10_000);
        channel.connect();
        try {
            channel.send(echo("999999"));
            ISOMsg answer = channel.receive();
            assertThat(answer.getMTI()).isEqualTo("0810");
            assertThat(answer.getString(39)).isEqualTo("00");
            assertThat(answer.getString(11)).isEqualTo("999999");
        } finally {
            channel.disconnect();
        }
    }

    @Test
    void answersNetworkManagementEchoWithoutCallingTheHandler() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        PostChannel channel = connect(server);
        channel.send(echo("000001"));
        ISOMsg answer = channel.receive();
        assertThat(answer.getMTI()).isEqualTo("0810");
        assertThat(answer.getString(39)).isEqualTo("00");
        assertThat(answer.getString(11)).isEqualTo("000001");
        assertThat(answer.getString(70)).isEqualTo("301");
        assertThat(answer.getString(7)).isEqualTo("0102030405");
        assertThat(seen).isEmpty();
    }

    @Test
    void authorizationIsAnsweredByTheHandler() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        PostChannel channel = connect(server);
        channel.send(authorization("000002", "000000005000"));
        ISOMsg answer = channel.receive();
        assertThat(answer.getMTI()).isEqualTo("0110");
        assertThat(answer.getString(39)).isEqualTo("00");
        assertThat(answer.getString(38)).isEqualTo("A00002");
        assertThat(answer.getString(11)).isEqualTo("000002");
        assertThat(answer.getString(37)).isEqualTo("RRN000002000");
        assertThat(answer.hasField(2)).isFalse();

        IsoMessage request = seen.remove();
        assertThat(request.pan().last4()).isEqualTo("1111");
        assertThat(request.get(14)).isEqualTo("2712");
        assertThat(request.ecData().deliveryAddress()).isEqualTo("東京都千代田区丸の内1-1-1");
        assertThat(server.metrics().messagesReceived()).isEqualTo(1);
    }

    @Test
    void manyRequestsOnOneConnectionAreAllAnsweredAndMatchedBySTAN() throws Exception {
        IsoServer server = start(testSettings(), request -> {
            try {
                Thread.sleep(Integer.parseInt(request.get(11)) % 7 * 5L); // finish out of order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return issuer.handle(request);
        });
        PostChannel channel = connect(server);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String stan = String.format("%06d", i);
            String amount = i % 2 == 0 ? "000000001000" : "000000020000";
            sent.add(senders.submit(() -> {
                channel.send(authorization(stan, amount));
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get(10, TimeUnit.SECONDS);
        }
        senders.shutdown();
        Set<String> stans = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            ISOMsg answer = channel.receive();
            int stan = Integer.parseInt(answer.getString(11));
            assertThat(answer.getString(39)).isEqualTo(stan % 2 == 0 ? "00" : "51");
            stans.add(answer.getString(11));
        }
        assertThat(stans).hasSize(40);
    }

    @Test
    void aClientCanReconnect() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        for (int i = 0; i < 3; i++) {
            assertEchoAnswered(server);
        }
        assertThat(server.metrics().connectionsAccepted()).isEqualTo(3);
        waitFor(() -> server.metrics().openConnections() == 0);
    }

    @Test
    void handlerFailureIsAnswered96AndFormatErrorInField48Is30() throws Exception {
        IsoServer server = start(testSettings(), request -> {
            request.ecData(); // throws for a malformed field 48
            throw new IllegalStateException("database down while checking " + request.get(2));
        });
        PostChannel channel = connect(server);
        channel.send(authorization("000003", "000000001000"));
        assertThat(channel.receive().getString(39)).isEqualTo("96");

        ISOMsg bad48 = authorization("000004", "000000001000");
        bad48.set(48, "EM003a@bEM003c@d");
        channel.send(bad48);
        ISOMsg answer = channel.receive();
        assertThat(answer.getString(39)).isEqualTo("30");
        assertThat(answer.getString(11)).isEqualTo("000004");
        assertThat(server.metrics().handlerFailures()).isEqualTo(2);
    }

    @Test
    void whenTheWorkerQueueIsFullRequestsAreAnswered91AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        IsoServer server = start(testSettings().withWorkers(1, 1), request -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return issuer.handle(request);
        });
        PostChannel channel = connect(server);
        channel.send(authorization("000011", "000000001000")); // taken by the only worker
        waitFor(() -> server.metrics().messagesReceived() == 1);
        Thread.sleep(100); // let the worker take it off the queue
        channel.send(authorization("000012", "000000001000")); // waits in the queue
        channel.send(authorization("000013", "000000001000")); // no room
        ISOMsg first = channel.receive();
        assertThat(first.getString(11)).isEqualTo("000013");
        assertThat(first.getString(39)).isEqualTo("91");
        release.countDown();
        Set<String> rest = Set.of(channel.receive().getString(11), channel.receive().getString(11));
        assertThat(rest).containsExactlyInAnyOrder("000011", "000012");
        assertThat(server.metrics().overloadRejections()).isEqualTo(1);
    }

    // --- malformed input over a plain socket ---

    private static final class RawClient implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        RawClient(IsoServer server) throws IOException {
            socket = new Socket("127.0.0.1", server.port());
            socket.setSoTimeout(5_000);
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        void sendFrame(byte[] message) throws IOException {
            out.writeShort(message.length);
            out.write(message);
            out.flush();
        }

        void sendRaw(String hex) throws IOException {
            out.write(HexFormat.of().parseHex(hex));
            out.flush();
        }

        byte[] readFrame() throws IOException {
            byte[] frame = new byte[in.readUnsignedShort()];
            in.readFully(frame);
            return frame;
        }

        /** True when the server closed the connection (EOF or reset) within the socket timeout. */
        boolean closedByServer() {
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static IsoMessage decode(byte[] frame) {
        return new Iso8583Codec().decode(frame);
    }

    @Test
    void badLengthHeadersCloseTheConnection() throws Exception {
        IsoServer server = start(testSettings().withMaxMessageLength(4096), issuer);
        try (RawClient zero = new RawClient(server)) {
            zero.sendRaw("0000" + "0800");
            assertThat(zero.closedByServer()).isTrue();
        }
        try (RawClient oversized = new RawClient(server)) {
            oversized.sendRaw("1001" + "0800"); // 4097 bytes announced
            assertThat(oversized.closedByServer()).isTrue();
        }
        assertEchoAnswered(server);
        assertThat(server.metrics().formatErrors()).isEqualTo(2);
    }

    @Test
    void garbageAndNon1987MtisCloseTheConnection() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient garbage = new RawClient(server)) {
            garbage.sendFrame("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(garbage.closedByServer()).isTrue();
        }
        try (RawClient oneByte = new RawClient(server)) {
            oneByte.sendRaw("0001" + "08");
            assertThat(oneByte.closedByServer()).isTrue();
        }
        try (RawClient unknown = new RawClient(server)) {
            unknown.sendRaw("000A" + "9999" + "0000000000000000");
            assertThat(unknown.closedByServer()).isTrue();
        }
        assertEchoAnswered(server);
    }

    @Test
    void wellFormedRequestOfAnUnsupportedClassIsAnswered12() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient client = new RawClient(server)) {
            client.sendFrame(new Iso8583Codec().encode(IsoMessage.of("0300").set(11, "000021").set(41, "TERM0001")));
            IsoMessage answer = decode(client.readFrame());
            assertThat(answer.mti()).isEqualTo("0310");
            assertThat(answer.responseCode()).isEqualTo("12");
            assertThat(answer.get(11)).isEqualTo("000021");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void bitmapNamingMissingFieldsIsAnswered30AndTheConnectionKept() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient client = new RawClient(server)) {
            client.sendFrame(HexFormat.of().parseHex("0200" + "7000000000000000")); // 2, 3, 4 announced, none sent
            IsoMessage answer = decode(client.readFrame());
            assertThat(answer.mti()).isEqualTo("0210");
            assertThat(answer.responseCode()).isEqualTo("30");

            // The same connection still serves.
            client.sendFrame(new Iso8583Codec().encode(IsoMessage.of("0800").set(11, "000022").set(70, "301")));
            IsoMessage echo = decode(client.readFrame());
            assertThat(echo.mti()).isEqualTo("0810");
            assertThat(echo.get(11)).isEqualTo("000022");
        }
        assertThat(seen).isEmpty();
        assertThat(server.metrics().formatErrors()).isEqualTo(1);
    }

    @Test
    void truncatedPanIsAnswered30WithoutTheCardNumber() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient client = new RawClient(server)) {
            // Field 2 announces 16 digits, 3 bytes follow.
            client.sendFrame(HexFormat.of().parseHex("0100" + "4000000000000000" + "16" + "411111"));
            byte[] frame = client.readFrame();
            IsoMessage answer = decode(frame);
            assertThat(answer.mti()).isEqualTo("0110");
            assertThat(answer.responseCode()).isEqualTo("30");
            assertThat(answer.has(2)).isFalse();
            assertThat(HexFormat.of().formatHex(frame)).doesNotContain("411111");
        }
        assertEchoAnswered(server);
    }

    @Test
    void formatErrorEchoesTheFieldsReadBeforeTheBrokenOne() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        byte[] good = JposPeer.pack(IsoMessage.of("0100").set(2, TEST_PAN).set(4, "000000001000").set(11, "000031")
                .set(37, "RRN000000031").set(41, "TERM0001").set(43, "Mamori Shop"));
        byte[] broken = java.util.Arrays.copyOf(good, good.length - 20); // cuts field 43
        try (RawClient client = new RawClient(server)) {
            client.sendFrame(broken);
            IsoMessage answer = decode(client.readFrame());
            assertThat(answer.mti()).isEqualTo("0110");
            assertThat(answer.responseCode()).isEqualTo("30");
            assertThat(answer.get(11)).isEqualTo("000031");
            assertThat(answer.get(37)).isEqualTo("RRN000000031");
            assertThat(answer.get(41)).isEqualTo("TERM0001");
            assertThat(answer.get(4)).isEqualTo("000000001000");
            assertThat(answer.has(2)).isFalse();
        }
    }

    @Test
    void responsesSentToTheHostAreDroppedNotAnswered() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient client = new RawClient(server)) {
            client.sendFrame(new Iso8583Codec().encode(IsoMessage.of("0110").set(11, "000041").set(39, "00")));
            client.sendFrame(new Iso8583Codec().encode(IsoMessage.of("0800").set(11, "000042").set(70, "301")));
            IsoMessage next = decode(client.readFrame());
            assertThat(next.mti()).isEqualTo("0810");
            assertThat(next.get(11)).isEqualTo("000042");
        }
    }

    @Test
    void aFrameCutByTheClientClosingIsDroppedQuietly() throws Exception {
        IsoServer server = start(testSettings(), issuer);
        try (RawClient client = new RawClient(server)) {
            client.sendRaw("0064" + "0100" + "7234"); // 100 bytes announced, 4 sent
        }
        assertEchoAnswered(server);
        assertThat(seen).isEmpty();
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        IsoServer server = start(testSettings().withMaxConnections(1), issuer);
        PostChannel first = connect(server);
        first.send(echo("000051"));
        assertThat(first.receive().getString(39)).isEqualTo("00");
        try (RawClient second = new RawClient(server)) {
            assertThat(second.closedByServer()).isTrue();
        }
        assertThat(server.metrics().connectionsRefused()).isEqualTo(1);
        first.send(echo("000052"));
        assertThat(first.receive().getString(11)).isEqualTo("000052");
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        IsoServer server = start(testSettings().withIdleTimeout(Duration.ofMillis(300)), issuer);
        try (RawClient client = new RawClient(server)) {
            assertThat(client.closedByServer()).isTrue(); // within the 5 s socket timeout
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

}
