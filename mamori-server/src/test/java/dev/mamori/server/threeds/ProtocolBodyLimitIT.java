package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public 3-D Secure endpoints hold no body over the API's limit (64 KB by default): 413 at once
 * when Content-Length says so, and while a chunked body is read; a message of ordinary size still
 * gets its 3DS answer.
 */
class ProtocolBodyLimitIT extends IntegrationTest {
    private static final String HUGE = "{\"messageType\":\"AReq\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";

    @Test
    void aBodyOverTheLimitIs413AtEveryMessageEndpoint() {
        for (String path : new String[] {"/threeds/ds/areq", "/threeds/ds/rreq", "/threeds/ds/preq", "/threeds/acs/areq",
                "/threeds/acs/app-challenge", "/threeds/server/rreq"}) {
            int audited = rejections(path);
            Api.Reply declared = api.send("POST", path, HUGE, "Content-Type", "application/json");
            assertThat(declared.status()).as(path + " " + declared).isEqualTo(413);
            assertThat(declared.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(declared.header("Cache-Control")).as(path).contains("no-store");
            Api.Reply chunked = api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(HUGE.getBytes(StandardCharsets.UTF_8))))
                    .build());
            assertThat(chunked.status()).as(path + " chunked " + chunked).isEqualTo(413);
            // The message endpoints answered before MVC name themselves in the chunked refusal's audit too.
            int expected = path.startsWith("/threeds/ds/") || path.equals("/threeds/acs/areq") ? 2 : 1;
            assertThat(rejections(path)).as(path + ": refusals audited with the caller's address").isEqualTo(audited + expected);
        }
        Api.Reply form = api.send("POST", "/threeds/server/challenge-notification", "cres=" + "x".repeat(70 * 1024),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.status()).as(form.toString()).isEqualTo(413);
    }

    /** The request.rejected audit events for a POST to {@code path} that name the caller's address. */
    private int rejections(String path) {
        return jdbc.sql("select count(*) from platform.audit_events where event_type = 'request.rejected' and resource = ? and origin is not null")
                .param("POST " + path).query(Integer.class).single();
    }

    @Test
    void aMessageOfOrdinarySizeStillGetsItsErro() {
        Stream.of("/threeds/ds/areq", "/threeds/acs/areq").forEach(path -> {
            Api.Reply reply = api.send("POST", path, "{\"messageType\":\"AReq\"}", "Content-Type", "application/json");
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.json().get("messageType").asString()).isEqualTo("Erro");
        });
    }
}
