package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A form body with a % not followed by two hex digits, which Tomcat refuses to decode: the
 * cardholder's pages answer with their own 400 page, the JSON endpoints with a 400 problem naming
 * the body and the rule (the 3DS Server's RReq endpoint, which has its own answer for bad input, an
 * Erro); never a 500, and the undecodable value is not echoed.
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
    void theMessageEndpointsAnswer400NamingTheBodyAndTheRule() {
        for (String path : new String[] {"/threeds/ds/areq", "/threeds/ds/preq", "/threeds/ds/rreq", "/threeds/acs/areq",
                "/threeds/acs/app-challenge"}) {
            Api.Reply reply = post(path);
            assertThat(reply.status()).as(path + " " + reply).isEqualTo(400);
            assertThat(reply.json().get("errors").get(0).get("rule").asString()).as(path).isEqualTo("form-encoding");
            assertThat(reply.body()).as(path).doesNotContain("%%%");
        }
    }

    @Test
    void theThreeDsServersRReqEndpointAnswersWithAnErro() {
        Api.Reply reply = post("/threeds/server/rreq");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("messageType").asString()).isEqualTo("Erro");
        assertThat(reply.json().get("errorComponent").asString()).isEqualTo("S");
        assertThat(reply.json().get("errorCode").asString()).isEqualTo("101");
    }
}
