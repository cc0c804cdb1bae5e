package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization host's console pages over HTTP: who may open and change what, tenant isolation,
 * card status changes, the rules editor with its errors and shadow results, lists, and that no
 * page ever shows a card number.
 */
class RiskConsoleIT extends IntegrationTest {
    private static final Pattern DECISION_LINK = Pattern.compile("href=\"/console/risk/authorizations/([0-9a-f-]{36})\"");

    private RiskConsoleFixture issuer;
    private String cardId;
    private String decisionId;
    private String pan;

    @BeforeEach
    void issuerWithTraffic() {
        issuer = new RiskConsoleFixture(api, port, unique("risk-console"));
        String[] card = issuer.openCard(100_000);
        pan = card[0];
        cardId = card[1];
        decisionId = issuer.authorize(pan, 1_200, ",\"ec\":{\"deviceId\":\"dev-console-1\",\"ip\":\"198.51.100.7\"}").json()
                .get("id").asString();
        issuer.authorize(pan, 500_000, "");
    }

    private static final List<String> PAGES = List.of("/console/risk/authorizations", "/console/risk/cards", "/console/risk/rules",
            "/console/risk/lists", "/console/risk/alerts");

    @Test
    void merchantAndPspUsersAreRefusedEveryRiskPageAndEveryChange() {
        for (String role : List.of("merchant", "psp")) {
            ConsoleClient user = issuer.logIn(unique(role), role);
            List<String> paths = new ArrayList<>(PAGES);
            paths.add("/console/risk/authorizations/" + decisionId);
            paths.add("/console/risk/cards/" + cardId);
            for (String path : paths) {
                assertThat(user.get(path).statusCode()).as(role + " GET " + path).isEqualTo(403);
            }
            Map<String, Map<String, String>> posts = Map.of(
                    "/console/risk/cards/" + cardId + "/status", Map.of("status", "blocked"),
                    "/console/risk/rules", Map.of("source", "rule \"x\" when amount > 1 then decline \"x\""),
                    "/console/risk/rules/validate", Map.of("source", "x"),
                    "/console/risk/rules/1/shadow", Map.of(),
                    "/console/risk/rules/1/activate", Map.of(),
                    "/console/risk/rules/1/backtest", Map.of(),
                    "/console/risk/rules/shadow/stop", Map.of(),
                    "/console/risk/lists", Map.of("kind", "device", "list", "block", "value", "dev-x"),
                    "/console/risk/lists/1/remove", Map.of(),
                    "/console/risk/alerts/lift", Map.of("kind", "device", "value", "dev-x"));
            posts.forEach((path, form) -> assertThat(user.submit("/console", path, form).statusCode()).as(role + " POST " + path)
                    .isEqualTo(403));
            String dashboard = user.get("/console").body();
            assertThat(dashboard).doesNotContain("nav-risk-").doesNotContain("id=\"risk-links\"");
        }
        assertThat(api.get("/v1/cards/" + cardId, withKey(issuer.tenant.key(Role.ISSUER))).json().get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void eachRoleSeesWhatTheApiLetsItReadAndChangesOnlyWhatItMay() {
        ConsoleClient auditor = issuer.logIn(unique("auditor"), "auditor");
        assertThat(auditor.get("/console/risk/authorizations").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/console/risk/authorizations/" + decisionId).statusCode()).isEqualTo(200);
        assertThat(auditor.get("/console/risk/rules").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/console/risk/lists").statusCode()).isEqualTo(200);
        assertThat(auditor.get("/console/risk/cards").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/console/risk/cards/" + cardId).statusCode()).isEqualTo(403);
        assertThat(auditor.get("/console/risk/alerts").statusCode()).isEqualTo(403);
        String auditorRules = auditor.get("/console/risk/rules").body();
        assertThat(auditorRules).doesNotContain("id=\"save-rules\"").doesNotContain("id=\"validate-rules\"");
        assertThat(auditor.get("/console/risk/lists").body()).doesNotContain("id=\"list-form\"");
        assertThat(auditor.get("/console").body()).contains("id=\"nav-risk-log\"").contains("id=\"nav-risk-rules\"")
                .doesNotContain("id=\"nav-risk-cards\"").doesNotContain("id=\"nav-risk-alerts\"");

        ConsoleClient issuerUser = issuer.logIn(unique("issuer"), "issuer");
        assertThat(issuerUser.get("/console/risk/cards/" + cardId).body()).doesNotContain("id=\"status-form\"");
        assertThat(issuerUser.submit("/console/risk/cards", "/console/risk/cards/" + cardId + "/status", Map.of("status", "blocked"))
                .statusCode()).isEqualTo(403);
        assertThat(issuerUser.submit("/console/risk/rules", "/console/risk/rules",
                Map.of("source", "rule \"x\" when amount > 1 then decline \"x\"")).statusCode()).isEqualTo(403);

        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        for (String path : PAGES) {
            assertThat(analyst.get(path).statusCode()).as(path).isEqualTo(200);
        }
        int version = issuer.saveRules("rule \"big\" when amount > 30000 then decline \"big-amount\" code 61");
        assertThat(analyst.submit("/console/risk/rules", "/console/risk/rules/" + version + "/activate", Map.of()).statusCode())
                .as("only admins activate").isEqualTo(403);
        assertThat(analyst.get("/console/risk/rules").body()).doesNotContain("class=\"small activate\"");
    }

    @Test
    void anotherTenantsCardsAndDecisionsAreNotFound() {
        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("other-issuer"));
        ConsoleClient stranger = other.logIn(unique("admin"), "admin", "analyst");
        assertThat(stranger.get("/console/risk/cards/" + cardId).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/console/risk/authorizations/" + decisionId).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/console/risk/cards/not-a-uuid").statusCode()).isEqualTo(404);
        assertThat(stranger.submit("/console/risk/cards", "/console/risk/cards/" + cardId + "/status", Map.of("status", "stolen"))
                .statusCode()).isEqualTo(404);
        assertThat(stranger.get("/console/risk/authorizations").body()).doesNotContain(decisionId);
        assertThat(stranger.get("/console/risk/cards").body()).doesNotContain(cardId);
        assertThat(api.get("/v1/cards/" + cardId, withKey(issuer.tenant.key(Role.ISSUER))).json().get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void theLogSearchesShowsCardsAsBinAndLastFourAndAnAnalystBlocksACardWithAnAuditRecord() {
        String analystName = unique("analyst");
        ConsoleClient analyst = issuer.logIn(analystName, "analyst");
        String log = analyst.get("/console/risk/authorizations").body();
        assertThat(log).contains("data-decision=\"" + decisionId + "\"").contains(issuer.prefix.substring(0, 6))
                .contains("…" + pan.substring(12)).contains("Mamori Mart").contains("1,200 JPY").contains("51");
        String byDevice = analyst.get("/console/risk/authorizations?device=dev-console-1").body();
        Matcher links = DECISION_LINK.matcher(byDevice);
        List<String> found = new ArrayList<>();
        while (links.find()) {
            found.add(links.group(1));
        }
        assertThat(found).containsOnly(decisionId);
        assertThat(analyst.get("/console/risk/authorizations?responseCode=51").body()).doesNotContain(decisionId).contains("over-limit");
        assertThat(analyst.get("/console/risk/authorizations?last4=12x").statusCode()).isEqualTo(400);
        assertThat(analyst.get("/console/risk/authorizations?from=yesterday").body()).contains("id=\"error-from\"");
        assertThat(analyst.get("/console/risk/authorizations?lang=ja").body()).contains("オーソリログ").contains("承認");

        String detail = analyst.get("/console/risk/authorizations/" + decisionId).body();
        assertThat(detail).contains("dev-console-1").contains("198.51.100.7").contains("/console/risk/cards/" + cardId);

        HttpResponse<String> blocked = analyst.submit("/console/risk/cards/" + cardId, "/console/risk/cards/" + cardId + "/status",
                Map.of("status", "blocked"));
        assertThat(blocked.statusCode()).isEqualTo(302);
        assertThat(ConsoleClient.location(blocked)).endsWith("/console/risk/cards/" + cardId);
        String card = analyst.get("/console/risk/cards/" + cardId).body();
        assertThat(card).contains("data-status=\"blocked\"");
        assertThat(api.get("/v1/cards/" + cardId, withKey(issuer.tenant.key(Role.ISSUER))).json().get("status").asString())
                .isEqualTo("blocked");
        assertThat(issuer.authorize(pan, 100, "").json().get("responseCode").asString()).isEqualTo("62");
        Long audited = jdbc.sql("select count(*) from platform.audit_events where event_type = 'card-account.updated' "
                        + "and resource = ? and actor = ? and lower(outcome) = 'success'")
                .param("card-account:" + cardId).param("user:" + analystName).query(Long.class).single();
        assertThat(audited).isEqualTo(1);
        assertThat(analyst.submit("/console/risk/cards/" + cardId, "/console/risk/cards/" + cardId + "/status",
                Map.of("status", "expired")).statusCode()).as("expiry is not a person's choice").isEqualTo(302);
        assertThat(api.get("/v1/cards/" + cardId, withKey(issuer.tenant.key(Role.ISSUER))).json().get("status").asString())
                .isEqualTo("blocked");
    }

    @Test
    void theRulesEditorShowsLineAndColumnSavesRunsInShadowAndCountsWouldBeNewDeclines() {
        ConsoleClient admin = issuer.logIn(unique("admin"), "admin", "analyst");
        int live = issuer.saveRules("rule \"big\" when amount > 300000 then decline \"big-amount\" code 61");
        issuer.activate(live);

        HttpResponse<String> broken = admin.submit("/console/risk/rules", "/console/risk/rules",
                Map.of("source", "when amount > 30000\nthen declne \"big\""));
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(broken.body()).contains("data-line=\"2\"").contains("data-column=\"6\"").contains("line 2, column 6")
                .contains("then declne");
        HttpResponse<String> fragment = admin.submit("/console/risk/rules", "/console/risk/rules/validate",
                Map.of("source", "rule \"x\" when amount > \"a\" then decline \"x\""));
        assertThat(fragment.body()).startsWith("<div id=\"rule-check\"").contains("class=\"rule-error\"");
        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/validate",
                Map.of("source", "rule \"x\" when amount > 5 then decline \"x\"")).body()).contains("Compiles: 1 rule(s).");

        HttpResponse<String> saved = admin.submit("/console/risk/rules", "/console/risk/rules",
                Map.of("source", "rule \"small\" when amount < 1000 then decline \"tiny\"\nrule \"odd\" when amount == 5000 then review \"odd\"",
                        "note", "probe filter"));
        assertThat(saved.statusCode()).isEqualTo(302);
        int shadow = Integer.parseInt(ConsoleClient.location(saved).replaceAll(".*edit=", ""));
        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + shadow + "/shadow", Map.of()).statusCode()).isEqualTo(302);

        String[] other = issuer.openCard(1_000_000);
        issuer.authorize(other[0], 500, "");
        issuer.authorize(other[0], 900, "");
        issuer.authorize(other[0], 5_000, ""); // review only: flagged, not a decline
        issuer.authorize(other[0], 400_000, ""); // declined by the live rule, not flagged

        String page = admin.get("/console/risk/rules").body();
        assertThat(page).contains("data-version=\"" + shadow + "\" data-status=\"shadow\"")
                .contains("id=\"shadow-summary\" data-version=\"" + shadow + "\"");
        assertThat(number(page, "sr-decisions")).isEqualTo(6); // two from the set-up, four here
        assertThat(number(page, "sr-flagged")).isEqualTo(3);
        assertThat(number(page, "sr-approved")).isEqualTo(3);
        assertThat(number(page, "sr-new-declines")).isEqualTo(2);
        assertThat(page).containsPattern("data-rule=\"small\">\\s*<td>small</td><td>decline</td><td>tiny</td>\\s*"
                + "<td class=\"num fired\">2</td><td class=\"num approved\">2</td>");
        assertThat(page).containsPattern("data-rule=\"odd\">\\s*<td>odd</td><td>review</td><td>odd</td>\\s*"
                + "<td class=\"num fired\">1</td><td class=\"num approved\">1</td>");
        String log = admin.get("/console/risk/authorizations").body();
        assertThat(log).contains("class=\"tag shadow\"").contains("small → decline [shadow]");

        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/shadow/stop", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/risk/rules").body()).contains("id=\"no-shadow\"");
        assertThat(admin.get("/console/risk/rules?report=" + shadow + "&hours=1").body()).contains("id=\"sr-flagged\">3<");
        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + shadow + "/backtest", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.submit("/console/risk/rules", "/console/risk/rules/" + shadow + "/activate", Map.of()).statusCode()).isEqualTo(302);
        assertThat(api.get("/v1/rules/" + shadow, withKey(issuer.tenant.key(Role.ANALYST))).json().get("status").asString())
                .isEqualTo("active");
        Long audited = jdbc.sql("select count(*) from platform.audit_events where tenant_id = cast(? as uuid) "
                        + "and event_type in ('rules.saved', 'rules.shadow', 'rules.shadow-stopped', 'rules.active') and actor like 'user:%'")
                .param(issuer.tenant.id()).query(Long.class).single();
        assertThat(audited).isEqualTo(4);
    }

    @Test
    void listsShowFieldErrorsRefuseAnotherSpellingOfAnAddressAndRemoveEntries() {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        HttpResponse<String> badIp = analyst.submit("/console/risk/lists", "/console/risk/lists",
                Map.of("kind", "ip", "list", "block", "value", "300.1.2.3", "reason", "", "expiresAt", ""));
        assertThat(badIp.statusCode()).isEqualTo(400);
        assertThat(badIp.body()).contains("id=\"list-value-error\"").contains("value=\"300.1.2.3\"");
        HttpResponse<String> card = analyst.submit("/console/risk/lists", "/console/risk/lists",
                Map.of("kind", "device", "list", "block", "value", pan, "reason", "", "expiresAt", ""));
        assertThat(card.statusCode()).isEqualTo(400);
        assertThat(card.body()).contains("id=\"list-value-error\"").doesNotContain(pan);
        HttpResponse<String> past = analyst.submit("/console/risk/lists", "/console/risk/lists",
                Map.of("kind", "device", "list", "block", "value", "dev-9", "reason", "", "expiresAt", "2001-01-01T00:00"));
        assertThat(past.body()).contains("id=\"list-expires-error\"");

        HttpResponse<String> added = analyst.submit("/console/risk/lists", "/console/risk/lists",
                Map.of("kind", "delivery-address", "list", "block", "value", "東京都千代田区丸の内一丁目1番1号", "reason", "drop address",
                        "expiresAt", ""));
        assertThat(added.statusCode()).isEqualTo(302);
        String page = analyst.get("/console/risk/lists").body();
        assertThat(page).contains("東京都千代田区丸の内一丁目1番1号").contains("id=\"address-note\"");
        HttpResponse<String> again = analyst.submit("/console/risk/lists", "/console/risk/lists",
                Map.of("kind", "delivery-address", "list", "block", "value", "東京都千代田区丸の内１－１－１", "reason", "", "expiresAt", ""));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("id=\"list-value-error\"");

        Matcher entry = Pattern.compile("data-entry=\"([0-9]+)\" data-kind=\"delivery-address\"").matcher(page);
        assertThat(entry.find()).isTrue();
        HttpResponse<String> removed = analyst.submit("/console/risk/lists", "/console/risk/lists/" + entry.group(1) + "/remove", Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(analyst.get("/console/risk/lists").body()).doesNotContain("丸の内");
        assertThat(api.get("/v1/lists", withKey(issuer.tenant.key(Role.ANALYST))).json().size()).isZero();
    }

    @Test
    void noPageShowsAFullCardNumber() {
        issuer.saveRules("rule \"big\" when amount > 300000 then decline \"big-amount\"");
        issuer.addListEntry("device", "block", "dev-bad");
        // Card testing from one device: blocks, alerts, cards at risk, all on the pages below.
        for (int i = 0; i < 6; i++) {
            String[] card = issuer.openCard(10_000);
            issuer.authorize(card[0], 100, ",\"ec\":{\"deviceId\":\"dev-tester\"}");
        }
        ConsoleClient admin = issuer.logIn(unique("admin"), "admin", "analyst", "auditor", "issuer");
        List<String> paths = new ArrayList<>(PAGES);
        paths.add("/console/risk/cards?atRisk=true");
        paths.add("/console/risk/cards/" + cardId);
        paths.add("/console/risk/authorizations/" + decisionId);
        paths.add("/console");
        Matcher more = DECISION_LINK.matcher(admin.get("/console/risk/authorizations").body());
        while (more.find()) {
            paths.add("/console/risk/authorizations/" + more.group(1));
        }
        assertThat(admin.get("/console/risk/alerts").body()).contains("dev-tester");
        assertThat(admin.get("/console/risk/cards?atRisk=true").body()).contains("card-testing");
        for (String path : paths) {
            for (String lang : List.of("en", "ja")) {
                HttpResponse<String> page = admin.get(path + (path.contains("?") ? "&" : "?") + "lang=" + lang);
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                for (String number : issuer.pans) {
                    assertThat(page.body()).as(path).doesNotContain(number);
                }
                assertThat(page.body()).as(path).doesNotContain("??");
            }
        }
    }

    private static long number(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([0-9,]+)<").matcher(page);
        assertThat(m.find()).as(id).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
