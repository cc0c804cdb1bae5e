package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phishing reports console: intake, case page, status buttons, takedown and export downloads, the block-list button. */
class PhishingCasesConsoleIT extends IntegrationTest {
    RiskConsoleFixture issuer;

    @BeforeEach
    void issuer() {
        issuer = new RiskConsoleFixture(api, port, unique("phishing-console"));
    }

    static String caseIdOf(HttpResponse<?> redirect) {
        String location = ConsoleClient.location(redirect);
        assertThat(location).contains("/console/phishing/cases/");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void analystReportsListsCardsAndMovesTheCase() {
        String[] card = issuer.openCard(100_000);
        String pan = card[0];
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        HttpResponse<String> page = analyst.get("/console/phishing/cases");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"intake-form\"", "enctype=\"multipart/form-data\"", "id=\"nav-phishing-cases\"");

        HttpResponse<String> reported = analyst.submit("/console/phishing/cases", "/console/phishing/cases/reports", Map.of("type", "sms",
                "reporter", "cardholder", "text", "【Mamori】確認 hxxps://console-phish[.]example[.]com/login で " + pan + " を入力", "brand", "Mamori Card"));
        assertThat(reported.statusCode()).isEqualTo(302);
        String id = caseIdOf(reported);
        String path = "/console/phishing/cases/" + id;
        HttpResponse<String> detail = analyst.get(path);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains(pan.substring(0, 6) + "******" + pan.substring(12), "hxxps[://]console-phish[.]example[.]com/login",
                "id=\"list-cards\"", "id=\"warning-ja\"", "カード裏面の電話番号へ").doesNotContain(pan);

        HttpResponse<String> jump = analyst.submit(path, path + "/status", Map.of("status", "closed"));
        assertThat(jump.statusCode()).isEqualTo(302);
        assertThat(analyst.get(path).body()).contains("id=\"error\"");
        assertThat(ConsoleClient.location(analyst.submit(path, path + "/status", Map.of("status", "confirmed")))).endsWith(path);
        assertThat(analyst.get(path).body()).contains("data-status=\"takedown-requested\"");

        assertThat(ConsoleClient.location(analyst.submit(path, path + "/compromised-cards", Map.of()))).endsWith(path);
        assertThat(analyst.get(path).body()).contains("1 card(s) added to the block list").doesNotContain("id=\"list-cards\"");
        assertThat(issuer.authorize(pan, 1_000, "").json().get("responseCode").asString()).isEqualTo("59");

        HttpResponse<String> arf = analyst.get(path + "/takedown?format=arf&to=abuse%40host.example&from=phish%40mamori.example.jp");
        assertThat(arf.statusCode()).isEqualTo(200);
        assertThat(arf.headers().firstValue("Content-Type").orElse("")).startsWith("message/rfc822");
        assertThat(arf.body()).contains("Feedback-Type: fraud").doesNotContain(pan);
        HttpResponse<String> badTo = analyst.get(path + "/takedown?format=arf&to=nobody&from=phish%40mamori.example.jp");
        assertThat(badTo.statusCode()).isEqualTo(303);
        assertThat(analyst.get(path).body()).contains("id=\"error\"").contains("to:");

        HttpResponse<String> csv = analyst.get("/console/phishing/cases/export?format=jc3");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("case_id,opened_at,status,").contains(id);

        HttpResponse<String> note = analyst.submit(path, path + "/notes", Map.of("note", "called the hosting provider"));
        assertThat(note.statusCode()).isEqualTo(302);
        assertThat(analyst.get(path).body()).contains("called the hosting provider");
    }

    @Test
    void anAnalystUploadsAForwardedMailAndAScreenshot() throws Exception {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        byte[] eml;
        try (java.io.InputStream in = getClass().getResourceAsStream("/phishing-cases/forwarded.eml")) {
            eml = in.readAllBytes();
        }
        HttpResponse<String> mail = analyst.upload("/console/phishing/cases", "/console/phishing/cases/reports",
                Map.of("type", "email", "reporter", "cardholder"), "forwarded.eml", "message/rfc822", eml);
        assertThat(mail.statusCode()).as(mail.body()).isEqualTo(302);
        HttpResponse<String> page = analyst.get("/console/phishing/cases/" + caseIdOf(mail));
        assertThat(page.body()).contains("smbc-card[.]secure-login[.]example", "【重要】カードご利用確認のお願い", "message/rfc822");

        byte[] gif = "GIF89a not a screenshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpResponse<String> refused = analyst.upload("/console/phishing/cases", "/console/phishing/cases/reports",
                Map.of("type", "screenshot", "reporter", "cardholder", "url", "https://shot.evil.example.com/"), "x.png", "image/png", gif);
        assertThat(ConsoleClient.location(refused)).endsWith("/console/phishing/cases");
        assertThat(analyst.get("/console/phishing/cases").body()).contains("id=\"error\"").contains("image:");
    }

    @Test
    void auditorsReadButDoNotChangeAndOtherTenantsSeeNothing() {
        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String id = caseIdOf(analyst.submit("/console/phishing/cases", "/console/phishing/cases/reports",
                Map.of("type", "url", "reporter", "staff", "url", "https://ro.evil.example.com/x")));
        String path = "/console/phishing/cases/" + id;

        ConsoleClient auditor = issuer.logIn(unique("auditor"), "auditor");
        assertThat(auditor.get("/console/phishing/cases").body()).doesNotContain("id=\"intake-form\"").contains("ro[.]evil[.]example[.]com");
        assertThat(auditor.get(path).body()).doesNotContain("status-button");
        assertThat(auditor.submit(path, path + "/status", Map.of("status", "confirmed")).statusCode()).isEqualTo(403);

        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("phishing-console-other"));
        ConsoleClient stranger = other.logIn(unique("analyst"), "analyst");
        assertThat(stranger.get(path).statusCode()).isEqualTo(404);
        assertThat(stranger.get("/console/phishing/cases").body()).doesNotContain("ro[.]evil[.]example[.]com");
    }
}
