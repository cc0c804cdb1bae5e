package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.threeds.AcsRiskITSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 3-D Secure console page: figures from data the test made, the policy form for admins, roles, both languages. */
class ThreeDsConsoleIT extends IntegrationTest {
    private RiskConsoleFixture issuer;

    @BeforeEach
    void issuer() {
        AcsRiskITSupport.ensureAcsTransactions(jdbc);
        issuer = new RiskConsoleFixture(api, port, "threeds-console-" + UUID.randomUUID());
        issuer.generousScoringBudget();
    }

    private static String cell(String html, String rowAttr, String cssClass) {
        Matcher row = Pattern.compile("<tr[^>]*" + Pattern.quote(rowAttr) + "[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(row.find()).as("row %s", rowAttr).isTrue();
        Matcher td = Pattern.compile("class=\"num " + cssClass + "\">([^<]*)<").matcher(row.group(1));
        assertThat(td.find()).as("cell %s of %s", cssClass, rowAttr).isTrue();
        return td.group(1);
    }

    @Test
    void figuresShowTheTenantsAuthenticationsAndFraudByOutcome() {
        Instant t = Instant.now().minus(Duration.ofMinutes(20));
        AcsRiskITSupport.acsTransaction(jdbc, issuer.tenant.id(), "02", "Y", "Y", "frictionless", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, issuer.tenant.id(), "02", "Y", "Y", "frictionless", "TRANSACTION_RISK_ANALYSIS", t);
        AcsRiskITSupport.acsTransaction(jdbc, issuer.tenant.id(), "02", "C", "Y", "completed", "NONE", t);
        AcsRiskITSupport.acsTransaction(jdbc, issuer.tenant.id(), "02", "C", "N", "abandoned", "NONE", t);
        String[] card = issuer.openCard(1_000_000);
        String fraud = issuer.authorize(card[0], 1_000, ",\"ec\":{\"threeDs\":{\"eci\":\"05\",\"transStatus\":\"Y\"}}").json().get("id")
                .asString();
        issuer.authorize(card[0], 1_000, "");
        assertThat(api.post("/v1/risk/labels", "{\"authorizationIds\":[\"" + fraud + "\"],\"fraud\":true}",
                withKey(issuer.tenant.key(Role.ANALYST))).status()).isEqualTo(201);

        ConsoleClient admin = issuer.logIn("tds-admin-" + UUID.randomUUID().toString().substring(0, 8), "admin");
        HttpResponse<String> page = admin.get("/console/threeds?lang=en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        String html = page.body();
        assertThat(html).contains("id=\"nav-threeds\"");
        assertThat(cell(html, "data-channel=\"all\"", "areqs")).isEqualTo("4");
        assertThat(cell(html, "data-channel=\"all\"", "frictionless")).isEqualTo("2 (50.0%)");
        assertThat(cell(html, "data-channel=\"browser\"", "challenged")).isEqualTo("2 (50.0%)");
        assertThat(cell(html, "data-channel=\"all\"", "success")).isEqualTo("1 (50.0%)");
        assertThat(cell(html, "data-channel=\"all\"", "abandoned")).isEqualTo("1 (50.0%)");
        assertThat(cell(html, "data-channel=\"app\"", "areqs")).isEqualTo("0");
        // ECI 05 without an authentication value is a claim the host could not verify, not an authentication.
        assertThat(cell(html, "data-outcome=\"Y\"", "authorizations")).isEqualTo("0");
        assertThat(cell(html, "data-outcome=\"unverified\"", "authorizations")).isEqualTo("1");
        assertThat(cell(html, "data-outcome=\"unverified\"", "rate")).isEqualTo("100.0%");
        assertThat(cell(html, "data-outcome=\"none\"", "authorizations")).isEqualTo("1");
        assertThat(cell(html, "data-outcome=\"none\"", "fraud")).isEqualTo("0");
        assertThat(html).contains("Transaction risk analysis").contains("id=\"policy-form\"");
        for (String pan : issuer.pans) {
            assertThat(html).doesNotContain(pan);
        }

        String ja = admin.get("/console/threeds?lang=ja").body();
        assertThat(ja).contains("フリクションレス").contains("認証結果別の不正率");

        // A period with nothing in it.
        String empty = admin.get("/console/threeds?from=2020-01-01T00:00&to=2020-01-02T00:00").body();
        assertThat(cell(empty, "data-channel=\"all\"", "areqs")).isEqualTo("0");
        String backwards = admin.get("/console/threeds?from=2020-01-02T00:00&to=2020-01-01T00:00").body();
        assertThat(backwards).contains("id=\"period-error\"");
    }

    @Test
    void adminsChangeThePolicyOnThePageAndBadValuesAreNamedAndNotSaved() {
        ConsoleClient admin = issuer.logIn("tds-pol-" + UUID.randomUUID().toString().substring(0, 8), "admin");
        Map<String, String> form = new HashMap<>(Map.of("frictionlessBelow", "200", "refuseAt", "650", "lowValueLimits", "JPY=2000, EUR=3000",
                "lowValueMaxConsecutive", "4", "traBelow", "100", "traLimits", "JPY=10000", "maxChallengesPerDay", "3",
                "nonPaymentSupported", "on", "confidenceReasons", "on"));
        HttpResponse<String> saved = admin.submit("/console/threeds", "/console/threeds/policy", form);
        assertThat(saved.statusCode()).isEqualTo(302);
        Api.Reply policy = api.get("/v1/threeds/acs/policy", withKey(issuer.tenant.adminKey()));
        assertThat(policy.json().get("frictionlessBelow").asInt()).isEqualTo(200);
        assertThat(policy.json().get("lowValueLimits").get("EUR").asLong()).isEqualTo(3000);
        assertThat(policy.json().get("threeRiSupported").asBoolean()).isFalse();
        assertThat(policy.json().get("honourRequestorExemptions").asBoolean()).isFalse();
        assertThat(admin.get("/console/threeds").body()).contains("value=\"EUR=3000, JPY=2000\"").contains("id=\"notice\"");

        form.put("refuseAt", "100");
        HttpResponse<String> refused = admin.submit("/console/threeds", "/console/threeds/policy", form);
        assertThat(refused.statusCode()).isEqualTo(302);
        String after = admin.get("/console/threeds?lang=en").body();
        assertThat(after).contains("id=\"policy-error\"").contains("data-field=\"refuseAt\"").contains("refuseAt must be at least");
        form.put("refuseAt", "650");
        form.put("lowValueLimits", "yen 3000");
        admin.submit("/console/threeds", "/console/threeds/policy", form);
        assertThat(admin.get("/console/threeds").body()).contains("data-field=\"lowValueLimits\"");
        assertThat(api.get("/v1/threeds/acs/policy", withKey(issuer.tenant.adminKey())).json().get("refuseAt").asInt()).isEqualTo(650);
        assertThat(api.get("/v1/threeds/acs/policy", withKey(issuer.tenant.adminKey())).json().get("lowValueLimits").get("JPY").asLong())
                .isEqualTo(2000);
    }

    @Test
    void analystsReadTheFiguresButCannotChangeThePolicyAndMerchantsSeeNeither() {
        ConsoleClient analyst = issuer.logIn("tds-an-" + UUID.randomUUID().toString().substring(0, 8), "analyst");
        HttpResponse<String> page = analyst.get("/console/threeds");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"policy-form\"").contains("id=\"policy-view\"");
        HttpResponse<String> post = analyst.submit("/console/threeds", "/console/threeds/policy", Map.of("frictionlessBelow", "0",
                "refuseAt", "0", "lowValueLimits", "", "lowValueMaxConsecutive", "0", "traBelow", "0", "traLimits", "",
                "maxChallengesPerDay", "1"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(api.get("/v1/threeds/acs/policy", withKey(issuer.tenant.adminKey())).json().get("refuseAt").asInt()).isEqualTo(700);

        ConsoleClient merchant = issuer.logIn("tds-m-" + UUID.randomUUID().toString().substring(0, 8), "merchant");
        assertThat(merchant.get("/console/threeds").statusCode()).isEqualTo(403);
        assertThat(merchant.get("/console").body()).doesNotContain("id=\"nav-threeds\"");
    }
}
