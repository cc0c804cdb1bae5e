package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.risk.FraudModelsITSupport;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model lab's models pages over HTTP: who sees and changes what, promote by a second person,
 * the model's score and reasons in Japanese and English on the decision page and the card timeline,
 * training refused for a period that cannot train, other tenants' versions not found.
 */
class ModelLabConsoleIT extends IntegrationTest {
    private RiskConsoleFixture issuer;

    @BeforeEach
    void issuer() {
        issuer = new RiskConsoleFixture(api, port, unique("lab-console"));
    }

    private int register(String query) {
        Api.Reply registered = api.post("/v1/risk/models" + query, FraudModelsITSupport.MODEL, withKey(issuer.tenant.key(Role.ANALYST)));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().get("version").asInt();
    }

    @Test
    void anAdminPromotesAnotherPersonsVersionAndDecisionsShowTheScoreAndReasonsInBothLanguages() {
        int version = register("?reviewThreshold=0.25");
        ConsoleClient admin = issuer.logIn(unique("admin"), "admin");
        String list = admin.get("/console/risk/lab/models").body();
        assertThat(list).contains("data-version=\"" + version + "\"").contains("data-status=\"draft\"");
        String page = admin.get("/console/risk/lab/models/" + version).body();
        assertThat(page).contains("id=\"promote\"").doesNotContain("id=\"second-person\"");

        HttpResponse<String> promoted = admin.submit("/console/risk/lab/models/" + version,
                "/console/risk/lab/models/" + version + "/promote", Map.of());
        assertThat(promoted.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/risk/lab/models/" + version).body()).contains("id=\"model-status\"")
                .containsPattern("id=\"model-status\"[^>]*>active<").contains("id=\"rollback\"").doesNotContain("id=\"promote\"");

        String[] card = issuer.openCard(10_000_000);
        String decision = issuer.authorize(card[0], 60_000, "").json().get("id").asString();
        String english = admin.get("/console/risk/authorizations/" + decision + "?lang=en").body();
        assertThat(english).contains("Amount: 60,000 (raised the risk)").contains("model v" + version);
        String japanese = admin.get("/console/risk/authorizations/" + decision + "?lang=ja").body();
        assertThat(japanese).contains("金額：60,000（リスクを上げた）");
        String timeline = admin.get("/console/risk/cards/" + card[1] + "?lang=en").body();
        assertThat(timeline).contains("0.269").contains("title=\"Amount: 60,000 (raised the risk)\"");
        for (String pan : issuer.pans) {
            assertThat(english + japanese + timeline).doesNotContain(pan);
        }
    }

    @Test
    void analystsShadowButCannotPromoteAndMerchantsSeeNothing() {
        int version = register("");
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String page = analyst.get("/console/risk/lab/models/" + version).body();
        assertThat(page).doesNotContain("id=\"promote\"").contains("id=\"shadow\"");
        assertThat(analyst.submit("/console/risk/lab/models/" + version, "/console/risk/lab/models/" + version + "/promote", Map.of())
                .statusCode()).isEqualTo(403);
        assertThat(analyst.submit("/console/risk/lab/models/" + version, "/console/risk/lab/models/" + version + "/shadow", Map.of())
                .statusCode()).isEqualTo(302);
        assertThat(api.get("/v1/risk/models/" + version, withKey(issuer.tenant.key(Role.ANALYST))).json().get("status").asString())
                .isEqualTo("shadow");

        HttpResponse<String> refused = analyst.submit("/console/risk/lab/models", "/console/risk/lab/models/train",
                Map.of("from", "2026-01-01T00:00", "to", "2026-01-02T00:00"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"error\"");

        ConsoleClient merchant = issuer.logIn(unique("merchant"), "merchant");
        for (String path : List.of("/console/risk/lab/models", "/console/risk/lab/models/" + version)) {
            assertThat(merchant.get(path).statusCode()).as(path).isEqualTo(403);
        }
        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("lab-other"));
        ConsoleClient stranger = other.logIn(unique("admin"), "admin");
        assertThat(stranger.get("/console/risk/lab/models/" + version).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/console/risk/lab/models").body()).contains("id=\"no-models\"");
    }
}
