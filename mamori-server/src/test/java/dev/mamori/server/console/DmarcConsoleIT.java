package dev.mamori.server.console;

import static dev.mamori.phishing.aggregate.ReportFiles.gzip;
import static dev.mamori.phishing.aggregate.ReportFiles.resource;
import static dev.mamori.phishing.aggregate.ReportFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The DMARC reports console page: upload with per-file outcome, the SVG chart, the sources table, roles and tenants. */
class DmarcConsoleIT extends IntegrationTest {
    static final String PAGE = "/console/phishing/dmarc";
    static final String NOV = "?domain=mamori-card.test&from=2026-11-01&to=2026-11-10";

    @Autowired
    PhishingModule phishing;

    RiskConsoleFixture tenant;

    @BeforeEach
    void tenant() {
        tenant = new RiskConsoleFixture(api, port, unique("dmarc-console"));
        phishing.brandDomains().register(TenantId.parse(tenant.tenant.id()), DomainName.of("mamori-card.test"), true, null, "test");
    }

    @Test
    void anAnalystUploadsSeveralFilesAndSeesEachOutcomeTheChartAndTheSources() {
        ConsoleClient analyst = tenant.logIn(unique("analyst"), "analyst");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("google.xml.gz", gzip(resource("google-mamori.xml")));
        files.put("microsoft.xml", resource("microsoft-mamori.xml"));
        files.put("notes.txt", utf8("not a report"));

        HttpResponse<String> uploaded = analyst.submitFiles(PAGE, PAGE + "/upload", "files", files);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(count(uploaded.body(), "data-status=\"stored\"")).isEqualTo(2);
        assertThat(count(uploaded.body(), "data-status=\"rejected\"")).isEqualTo(1);
        assertThat(uploaded.body()).contains("unknown-format");
        HttpResponse<String> again = analyst.submitFiles(PAGE, PAGE + "/upload", "files", Map.of("again.xml", resource("google-mamori.xml")));
        assertThat(again.body()).contains("data-status=\"duplicate\"");

        String page = analyst.get(PAGE + NOV).body();
        assertThat(page).contains("id=\"daily-chart\"").contains("<rect class=\"pass\"").contains("<rect class=\"fail\"");
        assertThat(count(page, "<g class=\"day\">")).isEqualTo(10);
        assertThat(page).contains("<title>2026-11-05: pass 1280, fail 345</title>");
        assertThat(value(page, "total-messages")).isEqualTo("1625");
        assertThat(page).contains("data-ip=\"192.0.2.10\" data-class=\"AUTHORIZED\"")
                .contains("data-ip=\"198.51.100.25\" data-class=\"FORGOTTEN_SENDER\"")
                .contains("data-ip=\"203.0.113.66\" data-class=\"SPOOFING\"");
        assertThat(page).doesNotContain("style=").doesNotContain("<script>");
    }

    @Test
    void anAuditorReadsButGetsNoUploadFormAndCannotPostOne() {
        ConsoleClient analyst = tenant.logIn(unique("analyst"), "analyst");
        analyst.submitFiles(PAGE, PAGE + "/upload", "files", Map.of("google.xml", resource("google-mamori.xml")));
        ConsoleClient auditor = tenant.logIn(unique("auditor"), "auditor");

        HttpResponse<String> page = auditor.get(PAGE + NOV);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"upload-form\"");
        assertThat(value(page.body(), "total-messages")).isEqualTo("1545");
        assertThat(auditor.submitFiles(PAGE, PAGE + "/upload", "files", Map.of("m.xml", resource("microsoft-mamori.xml"))).statusCode())
                .isEqualTo(403);
        assertThat(value(auditor.get(PAGE + NOV).body(), "total-messages")).isEqualTo("1545");
    }

    @Test
    void anotherTenantSeesNoneOfTheReports() {
        tenant.logIn(unique("analyst"), "analyst").submitFiles(PAGE, PAGE + "/upload", "files",
                Map.of("google.xml", resource("google-mamori.xml")));
        RiskConsoleFixture other = new RiskConsoleFixture(api, port, unique("dmarc-console-other"));
        String page = other.logIn(unique("analyst"), "analyst").get(PAGE + NOV).body();

        assertThat(value(page, "total-messages")).isEqualTo("0");
        assertThat(page).doesNotContain("192.0.2.10").contains("id=\"not-registered\"");
    }

    @Test
    void badInputIsExplainedNotFailed() {
        ConsoleClient analyst = tenant.logIn(unique("analyst"), "analyst");
        assertThat(analyst.get(PAGE + "?domain=bad_domain.test").statusCode()).isEqualTo(422);
        assertThat(analyst.get(PAGE + "?domain=mamori-card.test&from=2026-11-10&to=2026-11-01").statusCode()).isEqualTo(422);
        assertThat(analyst.get(PAGE + "?domain=mamori-card.test&from=yesterday").statusCode()).isEqualTo(422);
        HttpResponse<String> huge = analyst.submitFiles(PAGE, PAGE + "/upload", "files", Map.of("huge.xml", new byte[11 * 1024 * 1024]));
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(413);
        HttpResponse<String> none = analyst.submitFiles(PAGE, PAGE + "/upload", "files", Map.of());
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("id=\"error\"");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String value(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<(]*)").matcher(page);
        assertThat(m.find()).as("element " + id).isTrue();
        return m.group(1).trim();
    }
}
