package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fraud-label panels of the authorization and card pages: who may record which label, and what the pages then show. */
class LabelsConsoleIT extends IntegrationTest {
    private static final Pattern LABEL_ROW = Pattern.compile("data-label=\"([0-9a-f-]{36})\" data-source=\"([a-z-]+)\"");

    private RiskConsoleFixture issuer;
    private String cardId;
    private String pan;
    private String first;
    private String second;

    @BeforeEach
    void issuerWithTraffic() {
        issuer = new RiskConsoleFixture(api, port, unique("labels-console"));
        String[] card = issuer.openCard(100_000);
        pan = card[0];
        cardId = card[1];
        first = issuer.authorize(pan, 1_200, ",\"channel\":\"ec\"").json().get("id").asString();
        second = issuer.authorize(pan, 3_400, ",\"channel\":\"ec\"").json().get("id").asString();
    }

    private static String decisionPage(String id) {
        return "/console/risk/authorizations/" + id;
    }

    private String cardPage() {
        return "/console/risk/cards/" + cardId;
    }

    private static int count(String html, String source) {
        Matcher m = LABEL_ROW.matcher(html);
        int n = 0;
        while (m.find()) {
            if (m.group(2).equals(source)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anAnalystConfirmsRecordsAChargebackAndRetractsOnTheAuthorizationPage() {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String page = decisionPage(first);
        HttpResponse<String> before = analyst.get(page);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).contains("id=\"no-labels\"").contains("id=\"confirm-form\"").contains("id=\"chargeback-form\"")
                .contains("<optgroup label=\"JCB\">").contains("value=\"10.4\"").contains("value=\"F29\"");

        HttpResponse<String> confirmed = analyst.submit(page, page + "/labels", Map.of("verdict", "fraud", "note", "called the cardholder"));
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(ConsoleClient.location(confirmed)).endsWith(page);
        HttpResponse<String> chargeback = analyst.submit(page, page + "/chargebacks", Map.of("network", "visa", "reasonCode", "13.1",
                "knownAt", "", "note", ""));
        assertThat(chargeback.statusCode()).isEqualTo(302);
        String after = analyst.get(page).body();
        assertThat(count(after, "analyst")).isEqualTo(1);
        assertThat(count(after, "chargeback")).isEqualTo(1);
        assertThat(after).contains("data-fraud=\"true\"").contains("data-fraud=\"false\"").contains("visa 13.1")
                .contains("called the cardholder").doesNotContain(pan);

        HttpResponse<String> wrongCode = analyst.submit(page, page + "/chargebacks", Map.of("network", "visa", "reasonCode", "4837"));
        assertThat(wrongCode.statusCode()).isEqualTo(302);
        String refused = analyst.get(page).body();
        assertThat(refused).contains("id=\"error\"").contains("not one of the chosen network");
        assertThat(count(refused, "chargeback")).as("nothing written").isEqualTo(1);

        Matcher analystLabel = LABEL_ROW.matcher(refused);
        String labelId = null;
        while (analystLabel.find()) {
            if (analystLabel.group(2).equals("analyst")) {
                labelId = analystLabel.group(1);
            }
        }
        HttpResponse<String> retracted = analyst.submit(page, "/console/risk/labels/" + labelId + "/retract", Map.of());
        assertThat(retracted.statusCode()).isEqualTo(302);
        String end = analyst.get(page).body();
        assertThat(end).contains("class=\"retracted-mark\"");
        assertThat(count(end, "analyst")).as("a retracted label stays on the page").isEqualTo(1);
    }

    @Test
    void theCallCentreRecordsNotMeAndCompromisedOnTheCardPage() {
        ConsoleClient callCentre = issuer.logIn(unique("issuer"), "issuer");
        HttpResponse<String> page = callCentre.get(cardPage());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"not-me-form\"").contains("id=\"compromised-form\"").contains("value=\"" + first + "\"")
                .doesNotContain("class=\"retract-form\"").doesNotContain(pan);

        HttpResponse<String> notMe = callCentre.submit(cardPage(), cardPage() + "/not-me", Map.of("authorizationIds", first, "note", "phone"));
        assertThat(notMe.statusCode()).isEqualTo(302);
        HttpResponse<String> nothingTicked = callCentre.submit(cardPage(), cardPage() + "/not-me", Map.of("note", "x"));
        assertThat(nothingTicked.statusCode()).isEqualTo(302);
        assertThat(callCentre.get(cardPage()).body()).contains("Tick at least one authorization");
        HttpResponse<String> compromised = callCentre.submit(cardPage(), cardPage() + "/compromised",
                Map.of("exposedSince", "2020-01-01T00:00", "note", "brand alert"));
        assertThat(compromised.statusCode()).isEqualTo(302);

        String after = callCentre.get(cardPage()).body();
        assertThat(count(after, "not-me")).isEqualTo(1);
        assertThat(count(after, "compromised")).as("the second authorization; the first already has a label").isEqualTo(1);
        assertThat(after).doesNotContain(pan);

        assertThat(callCentre.submit(cardPage(), decisionPage(second) + "/labels", Map.of("verdict", "legitimate")).statusCode())
                .as("confirming is for analysts and admins").isEqualTo(403);
    }

    @Test
    void auditorsReadButDoNotLabelAndAnotherTenantFindsNothing() {
        ConsoleClient auditor = issuer.logIn(unique("auditor"), "auditor");
        HttpResponse<String> page = auditor.get(decisionPage(first));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"labels\"").doesNotContain("id=\"confirm-form\"").doesNotContain("id=\"chargeback-form\"");
        assertThat(auditor.get(decisionPage(first) + "?lang=ja").body()).contains("不正ラベル").contains("ラベルはありません。");
        assertThat(auditor.submit(decisionPage(first), decisionPage(first) + "/labels", Map.of("verdict", "fraud")).statusCode())
                .isEqualTo(403);

        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("labels-other"));
        ConsoleClient stranger = other.logIn(unique("admin"), "admin");
        assertThat(stranger.submit("/console/risk/authorizations", decisionPage(first) + "/labels", Map.of("verdict", "fraud"))
                .statusCode()).isEqualTo(404);
        assertThat(stranger.submit("/console/risk/authorizations", cardPage() + "/not-me", Map.of("authorizationIds", first))
                .statusCode()).isEqualTo(404);
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        assertThat(count(analyst.get(decisionPage(first)).body(), "analyst")).isZero();
    }
}
