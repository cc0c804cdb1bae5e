package dev.mamori.server.threeds;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small ACS on loopback for the Directory Server and 3DS Server tests, independent of the real
 * one: answers each AReq with the transStatus set by the test (Y frictionless, C challenge...).
 */
final class TestAcs implements AutoCloseable {
    static final String VALUE = "AAECAwQFBgcICQoLDA0ODxAREhM=";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpServer http;
    final AtomicReference<String> status = new AtomicReference<>("Y");
    final AtomicReference<JsonNode> lastAReq = new AtomicReference<>();

    TestAcs() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/acs/areq", exchange -> {
            byte[] answer;
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode areq = JSON.readTree(in.readAllBytes());
                lastAReq.set(areq);
                answer = JSON.writeValueAsBytes(ares(areq));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        http.start();
    }

    String areqUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/acs/areq";
    }

    private ObjectNode ares(JsonNode areq) {
        ObjectNode m = JSON.createObjectNode();
        String s = status.get();
        m.put("threeDSServerTransID", areq.get("threeDSServerTransID").asString());
        m.put("acsTransID", UUID.randomUUID().toString());
        m.put("dsTransID", areq.get("dsTransID").asString());
        m.put("acsReferenceNumber", "TEST-ACS");
        m.put("acsOperatorID", "TEST-ACS-OP");
        m.put("dsReferenceNumber", areq.get("dsReferenceNumber").asString());
        m.put("messageType", "ARes");
        m.put("messageVersion", areq.get("messageVersion").asString());
        m.put("transStatus", s);
        if ("Y".equals(s)) {
            m.put("eci", "05");
            m.put("authenticationValue", VALUE);
        } else if ("C".equals(s)) {
            m.put("acsURL", "http://127.0.0.1:" + http.getAddress().getPort() + "/acs/challenge");
            m.put("acsChallengeMandated", "N");
            if ("2.2.0".equals(areq.get("messageVersion").asString())) {
                m.put("authenticationType", "02");
            } else {
                m.putArray("authenticationMethod").add("02");
            }
        } else {
            m.put("transStatusReason", "11");
        }
        return m;
    }

    static String body(JsonNode node) {
        return new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
