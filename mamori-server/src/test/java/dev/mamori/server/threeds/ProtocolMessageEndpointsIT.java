package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON message endpoints between the 3DS domains are answered before the security chain
 * ({@link ProtocolMessageFilter}): each answers a POST with its component's 3DS message and the
 * headers the security chain sends, and any other method is still refused by that chain. (The
 * metrics' path is checked in {@link ProtocolMessageFilterTest}: the shared test context's
 * http.server.requests meter stops taking new uri tags after the first hundred.)
 */
class ProtocolMessageEndpointsIT extends IntegrationTest {
    private static final Map<String, String> COMPONENTS = Map.of("/threeds/ds/areq", "D", "/threeds/ds/rreq", "D",
            "/threeds/ds/preq", "D", "/threeds/acs/areq", "A");

    @Test
    void aPostGetsTheComponentsErroWithTheSecurityHeaders() {
        COMPONENTS.forEach((path, component) -> {
            Api.Reply reply = api.post(path, "{\"messageType\":\"Nonsense\"}");
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(reply.json().get("messageType").asString()).as(path).isEqualTo("Erro");
            assertThat(reply.json().get("errorComponent").asString()).as(path).isEqualTo(component);
            assertThat(reply.json().get("errorCode").asString()).as(path).isEqualTo("101");
            assertThat(reply.header("Cache-Control")).as(path).contains("no-store");
            assertThat(reply.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(reply.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(reply.header("Strict-Transport-Security")).as(path + ": HSTS is off by default").isNull();
        });
    }

    @Test
    void anEmptyBodyIsAnErroToo() {
        COMPONENTS.forEach((path, component) -> {
            Api.Reply reply = api.send("POST", path, "", "Content-Type", "application/json");
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.json().get("messageType").asString()).as(path).isEqualTo("Erro");
            assertThat(reply.json().get("errorComponent").asString()).as(path).isEqualTo(component);
        });
    }

    @Test
    void anyOtherMethodIsRefusedByTheSecurityChain() {
        for (String path : COMPONENTS.keySet()) {
            for (String method : new String[] {"GET", "PUT", "DELETE"}) {
                Api.Reply reply = api.send(method, path, method.equals("PUT") ? "{}" : null, "Content-Type", "application/json");
                assertThat(reply.status()).as(method + " " + path + " " + reply).isEqualTo(403);
                assertThat(reply.body()).as(method + " " + path).doesNotContain("\"messageType\"");
            }
        }
    }
}
