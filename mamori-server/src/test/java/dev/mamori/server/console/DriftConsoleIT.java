package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.ReasonTexts;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.risk.DriftITSupport;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The model lab's drift tab over HTTP: an analyst checks now and sees the major drift with the
 * inputs' meanings in English and Japanese; auditors read but do not check; merchants see nothing;
 * another tenant's report is not found.
 */
class DriftConsoleIT extends IntegrationTest {
    static final String DRIFT = "/console/risk/lab/drift";

    @Autowired
    RiskModule risk;

    @Test
    void anAnalystChecksNowAndSeesTheWorstInputsInBothLanguages() {
        RiskConsoleFixture issuer = new RiskConsoleFixture(api, port, unique("drift-console"));
        api.put("/v1/risk/policy", "{\"scoringFallback\":\"rules-only\",\"scoringBudgetMicros\":1000000,\"issuerCountry\":\"JP\"}",
                withKey(issuer.tenant.adminKey()));
        int version = DriftITSupport.register(risk, issuer.tenant.id(), "lab-trainer");
        Api.Reply promoted = api.post("/v1/risk/models/" + version + "/promote", "", withKey(issuer.tenant.adminKey()));
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        String[] card = null;
        for (int i = 0; i < 60; i++) {
            if (i % 2 == 0) {
                card = issuer.openCard(10_000_000);
            }
            issuer.authorize(card[0], 200_000 + i * 1_000L, ",\"stan\":\"" + String.format("%06d", i + 1) + "\",\"rrn\":\"C" + i + "\"");
        }

        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String before = analyst.get(DRIFT + "?lang=en").body();
        assertThat(before).contains("id=\"tab-drift\"", "id=\"no-report\"", "id=\"check-now\"");
        HttpResponse<String> checked = analyst.submit(DRIFT, DRIFT + "/check", Map.of());
        assertThat(checked.statusCode()).isEqualTo(302);
        String location = ConsoleClient.location(checked);
        assertThat(location).contains(DRIFT + "/");
        String reportPath = location.substring(location.indexOf(DRIFT));

        String english = analyst.get(reportPath + "?lang=en").body();
        assertThat(english).contains("data-level=\"major\"", "id=\"score-level\"", "drift-major", "data-feature=\"amount\"",
                ReasonTexts.describe("amount", Locale.ENGLISH), "Version " + version);
        String japanese = analyst.get(reportPath + "?lang=ja").body();
        assertThat(japanese).contains("大きな変化", "モデルドリフト", ReasonTexts.describe("amount", Locale.JAPANESE));
        String latest = analyst.get(DRIFT + "?lang=en").body();
        assertThat(latest).contains("id=\"report\"").contains("class=\"report-link\"");
        for (String pan : issuer.pans) {
            assertThat(english + japanese + latest).doesNotContain(pan);
        }

        ConsoleClient auditor = issuer.logIn(unique("auditor"), "auditor");
        assertThat(auditor.get(reportPath).body()).contains("data-level=\"major\"").doesNotContain("id=\"check-now\"");
        assertThat(auditor.submit(DRIFT, DRIFT + "/check", Map.of()).statusCode()).isEqualTo(403);
        ConsoleClient merchant = issuer.logIn(unique("merchant"), "merchant");
        assertThat(merchant.get(DRIFT).statusCode()).isEqualTo(403);
        assertThat(merchant.get(reportPath).statusCode()).isEqualTo(403);

        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("drift-other"));
        ConsoleClient stranger = other.logIn(unique("admin"), "admin");
        assertThat(stranger.get(reportPath).statusCode()).isEqualTo(404);
        assertThat(stranger.get(DRIFT).body()).contains("id=\"no-report\"");
        assertThat(stranger.get(DRIFT + "/not-a-uuid").statusCode()).isEqualTo(404);
        HttpResponse<String> nothingToCheck = stranger.submit(DRIFT, DRIFT + "/check", Map.of());
        assertThat(nothingToCheck.statusCode()).isEqualTo(302);
        assertThat(stranger.get(DRIFT + "?lang=en").body()).contains("id=\"error\"").contains("no fraud model is active");
    }
}
