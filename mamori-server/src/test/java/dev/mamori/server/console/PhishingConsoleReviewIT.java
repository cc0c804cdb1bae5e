package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Findings of the server review of the anti-phishing console pages. */
class PhishingConsoleReviewIT extends IntegrationTest {
    RiskConsoleFixture tenant;

    @BeforeEach
    void tenant() {
        tenant = new RiskConsoleFixture(api, port, unique("phishing-console-review"));
    }

    @Test
    void datesOutsideAnyReportsLifetimeAreRefusedWithAMessageNotA500() {
        ConsoleClient analyst = tenant.logIn(unique("analyst"), "analyst");
        for (String query : new String[] {"?from=-999999999-01-01&to=2026-11-10", "?from=2026-11-01&to=%2B999999999-12-31",
                "?to=-999999999-01-01", "?from=0001-01-01&to=0001-01-10"}) {
            HttpResponse<String> page = analyst.get("/console/phishing/dmarc" + query);
            assertThat(page.statusCode()).as(query).isEqualTo(422);
            assertThat(page.body()).as(query).contains("id=\"error\"");
        }
        for (String query : new String[] {"?format=jc3&from=-999999999-01-01", "?format=jc3&to=%2B999999999-12-31"}) {
            HttpResponse<String> export = analyst.get("/console/phishing/cases/export" + query);
            assertThat(export.statusCode()).as(query).isEqualTo(303);
            assertThat(ConsoleClient.location(export)).as(query).endsWith("/console/phishing/cases");
        }
    }
}
