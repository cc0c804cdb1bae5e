package dev.mamori.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against the JDK's HTTP server: both framings, kept-alive and closed connections. */
class KeptAliveConnectionTest {
    private HttpServer server;
    private final List<String> remotes = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile boolean chunked;
    private volatile boolean closeAfterAnswer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", this::echo);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void echo(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
        remotes.add(exchange.getRemoteAddress().toString());
        byte[] answer = ("{\"echo\":" + body + ",\"pad\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        if (closeAfterAnswer) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(201, chunked ? 0 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void answersFramedByContentLengthComeWholeOnOneConnection() throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection(url(), "/echo")) {
            for (int i = 0; i < 5; i++) {
                BenchHttp.Reply reply = connection.post("{\"n\":" + i + "}");
                assertThat(reply.status()).isEqualTo(201);
                assertThat(reply.body()).startsWith("{\"echo\":{\"n\":" + i + "},").endsWith("x\"}").hasSize(18 + 7 + 5_000);
            }
        }
        assertThat(bodies).first().isEqualTo("application/json {\"n\":0}");
        assertThat(remotes).hasSize(5).containsOnly(remotes.get(0));
    }

    @Test
    void chunkedAnswersAreReassembled() throws IOException {
        chunked = true;
        try (KeptAliveConnection connection = new KeptAliveConnection(url(), "/echo")) {
            assertThat(connection.post("{\"a\":1}").body()).startsWith("{\"echo\":{\"a\":1},").endsWith("x\"}");
            assertThat(connection.post("{\"a\":2}").body()).startsWith("{\"echo\":{\"a\":2},").endsWith("x\"}");
        }
        assertThat(remotes).hasSize(2).containsOnly(remotes.get(0));
    }

    @Test
    void aConnectionTheServerClosesIsReplacedForTheNextRequest() throws IOException {
        closeAfterAnswer = true;
        try (KeptAliveConnection connection = new KeptAliveConnection(url(), "/echo")) {
            assertThat(connection.post("{\"a\":1}").status()).isEqualTo(201);
            assertThat(connection.post("{\"a\":2}").status()).isEqualTo(201);
        }
        assertThat(bodies).hasSize(2);
        assertThat(remotes.get(1)).isNotEqualTo(remotes.get(0));
    }

    @Test
    void aKeptAliveConnectionTheServerDroppedWhileIdleIsRetriedOnceOnANewOne() throws Exception {
        // A server that answers one request per connection and then drops it without saying Connection: close.
        AtomicInteger served = new AtomicInteger();
        try (ServerSocket dropping = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!dropping.isClosed()) {
                    try (Socket s = dropping.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        int length = 0;
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Integer.parseInt(line.substring(15).trim());
                            }
                        }
                        in.skip(length);
                        // Counted before the answer is written: the client may finish and the test assert as soon as it is.
                        served.incrementAndGet();
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.start();
            try (KeptAliveConnection connection = new KeptAliveConnection("http://127.0.0.1:" + dropping.getLocalPort(), "/x")) {
                assertThat(connection.post("{}").body()).isEqualTo("{}");
                Thread.sleep(100);
                assertThat(connection.post("{}").body()).isEqualTo("{}");
            }
            assertThat(served).hasValue(2);
        }
    }
}
