package dev.mamori.server.console;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The lookalike-domain console page: scan by paste, matches with status actions, candidates, roles and tenants. */
class LookalikeConsoleIT extends IntegrationTest {
    private static final String PAGE = "/console/phishing/lookalikes";
    private static final Pattern MATCH_ID = Pattern.compile("data-match=\"(\\d+)\"");

    @Autowired
    PhishingModule phishing;

    private RiskConsoleFixture tenant(String name, String brand) {
        RiskConsoleFixture fixture = new RiskConsoleFixture(api, port, unique(name));
        phishing.brandDomains().register(new TenantId(UUID.fromString(fixture.tenant.id())), DomainName.of(brand), true, null, "test");
        return fixture;
    }

    @Test
    void analystScansReviewsAndPreviewsCandidates() {
        RiskConsoleFixture card = tenant("lookalike-console", "mamori.jp");
        ConsoleClient analyst = card.logIn(unique("analyst"), "analyst");
        HttpResponse<String> page = analyst.get(PAGE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"scan-form\"", "href=\"/console/phishing/lookalikes\"");

        HttpResponse<String> scanned = analyst.submit(PAGE, PAGE + "/scan",
                Map.of("names", "mmaori.jp\nwww.mamori.jp\nnot a domain\nhttps://mamori-login.com/x\n", "source", "report"));
        assertThat(scanned.statusCode()).isEqualTo(302);
        HttpResponse<String> after = analyst.get(PAGE);
        assertThat(after.body()).contains("3 names checked: 2 matches, 1 lines skipped", "Line 3 skipped (single-label)",
                "mmaori.jp", "mamori-login.com", "Swapped letters", "Brand with a phishing word");

        Matcher id = MATCH_ID.matcher(after.body());
        assertThat(id.find()).isTrue();
        HttpResponse<String> confirmed = analyst.submit(PAGE, PAGE + "/" + id.group(1) + "/status", Map.of("status", "confirmed"));
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(analyst.get(PAGE + "?status=confirmed").body()).contains("data-match=\"" + id.group(1) + "\"")
                .doesNotContain("mamori-login.com");

        HttpResponse<String> candidates = analyst.get(PAGE + "?candidates=mamori.jp");
        assertThat(candidates.body()).contains("id=\"candidates\"", "mamori.co.jp", "Other suffix", "m\u0430mori.jp");

        HttpResponse<String> bad = analyst.submit(PAGE, PAGE + "/" + id.group(1) + "/status", Map.of("status", "done"));
        assertThat(bad.statusCode()).isIn(302, 400);
        assertThat(analyst.submit(PAGE, PAGE + "/999999999/status", Map.of("status", "ignored")).statusCode()).isEqualTo(404);
    }

    @Test
    void fileUploadOfACertificateTransparencyExport() {
        RiskConsoleFixture card = tenant("lookalike-upload", "mamori.jp");
        ConsoleClient analyst = card.logIn(unique("analyst"), "analyst");
        String csv = "common_name,name_value\nmamori-verify.com,\"mamori-verify.com\n*.mamori-verify.com\"\nexample.com,example.com\n";
        HttpResponse<String> uploaded = analyst.upload(PAGE, PAGE + "/scan", Map.of("source", "ct", "names", ""), "ct.csv", "text/csv",
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        assertThat(analyst.get(PAGE).body()).contains("2 names checked: 1 matches, 0 lines skipped", "mamori-verify.com",
                "Certificate transparency");
    }

    @Test
    void auditorReadsButCannotChangeAndTenantsAreIsolated() {
        RiskConsoleFixture card = tenant("lookalike-console-a", "mamori.jp");
        Tenants.TestTenant owner = card.tenant;
        api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/phishing/lookalikes/scan"))
                .header("X-API-Key", owner.key(dev.mamori.common.Role.ANALYST)).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("mmaori.jp\n")).build());
        long id = api.get("/v1/phishing/lookalikes/matches", withKey(owner.key(dev.mamori.common.Role.ANALYST))).json().get(0).get("id").asLong();

        ConsoleClient auditor = card.logIn(unique("auditor"), "auditor");
        HttpResponse<String> page = auditor.get(PAGE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("mmaori.jp").doesNotContain("id=\"scan-form\"").doesNotContain("set-confirmed");
        assertThat(auditor.submit(PAGE, PAGE + "/" + id + "/status", Map.of("status", "ignored")).statusCode()).isEqualTo(403);
        assertThat(auditor.submit(PAGE, PAGE + "/scan", Map.of("names", "mmaori.jp")).statusCode()).isEqualTo(403);

        RiskConsoleFixture other = tenant("lookalike-console-b", "sakuracard.co.jp");
        ConsoleClient stranger = other.logIn(unique("analyst"), "analyst");
        assertThat(stranger.get(PAGE).body()).doesNotContain("mmaori.jp");
        assertThat(stranger.submit(PAGE, PAGE + "/" + id + "/status", Map.of("status", "ignored")).statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/lookalikes/matches", withKey(owner.key(dev.mamori.common.Role.ANALYST))).json().get(0)
                .get("status").asString()).isEqualTo("new");
    }
}
