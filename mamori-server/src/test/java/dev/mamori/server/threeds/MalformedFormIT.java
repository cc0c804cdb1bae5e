package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A form body with a % not followed by two hex digits, which Tomcat refuses to decode: the
 * cardholder's pages answer with their own 400 page, the app challenge with a 400 problem naming
 * the body and the rule, and the message endpoints between the 3DS domains (which read the raw body)
 * with an Erro 101; never a 500, and the undecodable value is not echoed.
 */
class MalformedFormIT extends IntegrationTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String BODY = "cres=%%%&creq=%%%&threeDSMethodData=%%%&otp=%%%&action=answer";

    private Api.Reply post(String path) {
        return api.send("POST", path, BODY, "Content-Type", FORM);
    }

    @Test
    void theBrowserPagesAnswerWithTheirOwnBadRequestPage() {
        for (String path : new String[] {"/threeds/server/challenge-notification", "/threeds/server/method-notification",
                "/threeds/acs/challenge", "/threeds/acs/challenge/" + java.util.UUID.randomUUID(), "/threeds/acs/method"}) {
            Api.Reply reply = post(path);
            assertThat(reply.status()).as(path + " " + reply).isEqualTo(400);
            assertThat(reply.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(reply.header("Content-Security-Policy")).as(path).contains("default-src 'none'");
            assertThat(reply.body()).as(path).contains("<html").doesNotContain("%%%");
        }
    }

    @Test
    void theAppChallengeAnswers400NamingTheBodyAndTheRule() {
        Api.Reply reply = post("/threeds/acs/app-challenge");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("rule").asString()).isEqualTo("form-encoding");
        assertThat(reply.body()).doesNotContain("%%%");
    }

    @Test
    void theMessageEndpointsAnswerWithAnErroFromTheirComponent() {
        Map<String, String> components = Map.of("/threeds/server/rreq", "S", "/threeds/ds/areq", "D",
                "/threeds/ds/preq", "D", "/threeds/ds/rreq", "D", "/threeds/acs/areq", "A");
        components.forEach((path, component) -> {
            Api.Reply reply = post(path);
            assertThat(reply.status()).as(path + " " + reply).isEqualTo(200);
            assertThat(reply.json().get("messageType").asString()).as(path).isEqualTo("Erro");
            assertThat(reply.json().get("errorComponent").asString()).as(path).isEqualTo(component);
            assertThat(reply.json().get("errorCode").asString()).as(path).isEqualTo("101");
            assertThat(reply.body()).as(path).doesNotContain("%%%");
        });
    }
}
