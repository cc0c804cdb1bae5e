package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules page's backtest flow: a saved version offers "Run backtest" but no Activate; the
 * backtest's result (caught, missed, new false positives, amounts) then stands next to an Activate
 * button; activating without a backtest is refused and says why.
 */
class BacktestsConsoleIT extends IntegrationTest {
    private RiskConsoleFixture issuer;
    private int candidate;

    @BeforeEach
    void issuerWithTraffic() {
        issuer = new RiskConsoleFixture(api, port, unique("backtest-console"));
        issuer.activate(issuer.saveRules("rule \"big\" when amount > 50000 then decline \"big-amount\" code 61"));
        String[] card = issuer.openCard(1_000_000);
        issuer.authorize(card[0], 1_000, "");
        issuer.authorize(card[0], 30_000, "");
        issuer.authorize(card[0], 60_000, "");
        candidate = issuer.saveRules("rule \"tighter\" when amount > 20000 then decline \"big-amount\"");
    }

    private String activateAction() {
        return "action=\"/console/risk/rules/" + candidate + "/activate\"";
    }

    private String backtestAction() {
        return "action=\"/console/risk/rules/" + candidate + "/backtest\"";
    }

    @Test
    void activateAppearsOnlyOnceTheVersionHasABacktestWhoseResultStandsBesideIt() {
        ConsoleClient admin = issuer.logIn(unique("admin"), "admin", "analyst");
        String before = admin.get("/console/risk/rules?edit=" + candidate).body();
        assertThat(before).contains(backtestAction()).doesNotContain(activateAction()).contains("class=\"muted no-backtest\"");

        // A hand-made request without a backtest is refused: the version stays a draft and the page says why.
        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + candidate + "/activate", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(admin.get("/console/risk/rules?edit=" + candidate).body()).contains("id=\"error\"")
                .contains("has not been backtested since it was saved");
        assertThat(status(candidate)).isEqualTo("draft");

        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + candidate + "/backtest", Map.of()).statusCode())
                .isEqualTo(302);
        String after = admin.get("/console/risk/rules?edit=" + candidate).body();
        assertThat(after).contains("id=\"notice\"").contains("Backtest of version " + candidate + ": 3 decisions replayed, 1 would have changed.")
                .contains(activateAction()).contains("data-decisions=\"3\"")
                .containsPattern("class=\"bt-new-fp\">1 · 30,000 JPY<")
                .containsPattern("class=\"bt-caught\">0 · 0 JPY<")
                .containsPattern("class=\"bt-missed\">0 · 0 JPY<");

        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + candidate + "/activate", Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(status(candidate)).isEqualTo("active");
        Long audited = jdbc.sql("select count(*) from platform.audit_events where tenant_id = cast(? as uuid) "
                        + "and event_type = 'backtest.run' and actor like 'user:%'")
                .param(issuer.tenant.id()).query(Long.class).single();
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void analystsRunBacktestsOnlyAdminsActivateAndIssuersOnlyRead() {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        assertThat(analyst.submit("/console/risk/rules", "/console/risk/rules/" + candidate + "/backtest", Map.of()).statusCode())
                .isEqualTo(302);
        String page = analyst.get("/console/risk/rules").body();
        assertThat(page).contains("data-decisions=\"3\"").doesNotContain(activateAction());

        ConsoleClient issuerUser = issuer.logIn(unique("issuer"), "issuer");
        assertThat(issuerUser.get("/console/risk/rules").body()).contains("data-decisions=\"3\"").doesNotContain(backtestAction());
        assertThat(issuerUser.submit("/console/risk/rules", "/console/risk/rules/" + candidate + "/backtest", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(analyst.submit("/console/risk/rules", "/console/risk/rules/999/backtest", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void theLabTabRunsABacktestAndShowsTheWholeReport() {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String lab = analyst.get("/console/risk/lab/backtests").body();
        assertThat(lab).contains("id=\"tab-backtests\"").contains("id=\"backtest-form\"").contains("value=\"rules:" + candidate + "\"");

        HttpResponse<String> run = analyst.submit("/console/risk/lab/backtests", "/console/risk/lab/backtests",
                Map.of("candidate", "rules:" + candidate, "days", "7"));
        assertThat(run.statusCode()).isEqualTo(302);
        String path = ConsoleClient.location(run).replaceFirst("^https?://[^/]+", "");
        assertThat(path).startsWith("/console/risk/lab/backtests/");
        String report = analyst.get(path).body();
        assertThat(report).contains("data-decisions=\"3\"").contains("data-changed=\"1\"")
                .containsPattern("data-line=\"newFalsePositives\">\\s*<th>New false positives</th>\\s*"
                        + "<td class=\"num count\">1</td><td class=\"num amount\">30,000 JPY</td>")
                .containsPattern("data-line=\"declined\">\\s*<th>Declined</th>\\s*"
                        + "<td class=\"num baseline\">1</td><td class=\"num candidate\">2</td>")
                .contains("data-rule=\"tighter\"");
        assertThat(analyst.get("/console/risk/lab/backtests").body()).contains(path.substring(path.lastIndexOf('/') + 1));

        HttpResponse<String> bad = analyst.submit("/console/risk/lab/backtests", "/console/risk/lab/backtests",
                Map.of("candidate", "model:999", "days", "7"));
        assertThat(ConsoleClient.location(bad)).endsWith("/console/risk/lab/backtests");
        assertThat(analyst.get("/console/risk/lab/backtests").body()).contains("id=\"error\"").contains("no fraud model version 999");

        ConsoleClient issuerUser = issuer.logIn(unique("issuer"), "issuer");
        assertThat(issuerUser.get(path).statusCode()).isEqualTo(200);
        assertThat(issuerUser.get("/console/risk/lab/backtests").body()).doesNotContain("id=\"backtest-form\"");
        assertThat(issuerUser.submit("/console/risk/lab/backtests", "/console/risk/lab/backtests",
                Map.of("candidate", "rules:" + candidate, "days", "7")).statusCode()).isEqualTo(403);
        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("backtest-other"));
        assertThat(other.logIn(unique("admin"), "admin").get(path).statusCode()).isEqualTo(404);
    }

    private String status(int version) {
        return api.get("/v1/rules/" + version, withKey(issuer.tenant.key(Role.ANALYST))).json().get("status").asString();
    }
}
