package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Findings of the server review of anti-phishing: bad input answered 4xx, card numbers never stored or answered. */
class PhishingReviewIT extends IntegrationTest {
    static final String PAN = "4111111111111111";

    @Autowired
    PhishingModule phishing;

    Tenants.TestTenant tenant;
    String analyst;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("phishing-review"));
        analyst = tenant.key(Role.ANALYST);
    }

    Api.Reply post(String path, String contentType, byte[] body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("X-API-Key", analyst)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void aBrokenMultipartBodyIsA400NamingTheBodyNotA500() {
        for (String path : List.of("/v1/phishing/reports", "/v1/phishing/dmarc-reports")) {
            Api.Reply truncated = post(path, "multipart/form-data; boundary=zzz",
                    "--zzz\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nurl".getBytes(StandardCharsets.US_ASCII));
            assertThat(truncated.status()).as(path + " " + truncated).isEqualTo(400);
            assertThat(truncated.json().get("errors").get(0).get("field").asString()).isEqualTo("$");
            assertThat(truncated.json().get("errors").get(0).get("rule").asString()).isEqualTo("multipart");

            Api.Reply noBoundary = post(path, "multipart/form-data", "x".getBytes(StandardCharsets.US_ASCII));
            assertThat(noBoundary.status()).as(path + " " + noBoundary).isEqualTo(400);
            assertThat(noBoundary.json().get("errors").get(0).get("rule").asString()).isEqualTo("multipart");
        }
    }

    @Test
    void aCardNumberInAReportedMailsDateHeaderIsMasked() {
        String eml = "From: shop@pay-check.example.net\r\nTo: hanako@example.jp\r\nSubject: confirm\r\nDate: Tue, 24 Nov 2026 " + PAN
                + "\r\n\r\nhttps://pay-check.example.net/confirm\r\n";
        Api.Reply reply = api.post("/v1/phishing/reports", "{\"type\":\"email\",\"reporter\":\"cardholder\",\"eml\":\""
                + Base64.getEncoder().encodeToString(eml.getBytes(StandardCharsets.US_ASCII)) + "\"}", withKey(analyst));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        Api.Reply detail = api.get("/v1/phishing/cases/" + reply.json().get("caseId").asString(), withKey(analyst));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).doesNotContain(PAN);
        assertThat(detail.json().get("reports").get(0).get("mailDate").asString()).contains("411111******1111");
        assertThat(storedRows()).noneMatch(row -> row.contains(PAN));
    }

    @Test
    void aCardNumberInADmarcReportsFreeTextIsNeitherStoredNorAnswered() {
        phishing.brandDomains().register(TenantId.parse(tenant.id()), DomainName.of("mamori-card.test"), true, "Mamori Card", "test");
        String xml = "<feedback><report_metadata><org_name>rep " + PAN + "</org_name><email>r@rep.example</email>"
                + "<extra_contact_info>call " + PAN + "</extra_contact_info><report_id>review-" + System.nanoTime()
                + "</report_id><date_range><begin>1793836800</begin><end>1793923199</end></date_range><error>card " + PAN
                + " seen</error></report_metadata><policy_published><domain>mamori-card.test</domain><p>none</p></policy_published>"
                + "<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition>"
                + "<dkim>pass</dkim><spf>fail</spf><reason><type>other</type><comment>card " + PAN + "</comment></reason></policy_evaluated></row>"
                + "<identifiers><header_from>mamori-card.test</header_from></identifiers><auth_results><spf><domain>mamori-card.test</domain>"
                + "<result>pass</result></spf></auth_results></record></feedback>";
        Api.Reply upload = post("/v1/phishing/dmarc-reports", "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        assertThat(upload.body()).doesNotContain(PAN);
        String id = upload.json().get("results").get(0).get("id").asString();
        Api.Reply detail = api.get("/v1/phishing/dmarc-reports/" + id, withKey(analyst));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).doesNotContain(PAN).contains("411111******1111");
        Api.Reply list = api.get("/v1/phishing/dmarc-reports", withKey(analyst));
        assertThat(list.body()).doesNotContain(PAN);
        assertThat(storedRows()).noneMatch(row -> row.contains(PAN));
    }

    @Test
    void datesOutsideAnyReportsLifetimeAreA422NamingTheFieldNotA500() {
        String[][] asked = {
                {"/v1/phishing/cases/export?format=jc3&from=-999999999-01-01", "from"},
                {"/v1/phishing/cases/export?format=jc3&to=%2B999999999-12-31", "to"},
                {"/v1/phishing/cases/export?format=police&from=0001-01-01T00:00:00Z", "from"},
                {"/v1/phishing/dmarc-reports/summary?domain=mamori-card.test&from=%2B999999999-12-01&to=%2B999999999-12-31", "to"},
                {"/v1/phishing/dmarc-reports/summary?domain=mamori-card.test&to=-999999999-01-01", "to"},
                {"/v1/phishing/dmarc-reports?from=-999999999-01-01", "from"},
                {"/v1/phishing/dmarc-reports?to=%2B999999999-12-31", "to"},
        };
        for (String[] a : asked) {
            Api.Reply reply = api.get(a[0], withKey(analyst));
            assertThat(reply.status()).as(a[0] + " " + reply).isEqualTo(422);
            assertThat(reply.json().get("errors").get(0).get("field").asString()).as(a[0]).isEqualTo(a[1]);
        }
        Api.Reply ancient = api.post("/v1/phishing/reports", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"http://old.example/\","
                + "\"receivedAt\":\"-999999-01-01T00:00:00Z\"}", withKey(analyst));
        assertThat(ancient.status()).as(ancient.toString()).isEqualTo(422);
        assertThat(ancient.json().get("errors").get(0).get("field").asString()).isEqualTo("receivedAt");
    }

    @Test
    void aCardNumberUrlEncodedInAReportedUrlIsMasked() {
        // Phishing kits send what was typed in the query string: spaces as '+' or %20.
        String plus = "4111+1111+1111+1111";
        String percent = "4111%201111%201111%201111";
        Api.Reply url = api.post("/v1/phishing/reports", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"https://kit.evil.example/log?card="
                + plus + "&exp=12%2F29\"}", withKey(analyst));
        assertThat(url.status()).as(url.toString()).isEqualTo(201);
        assertThat(url.body()).doesNotContain(plus).contains("card=4111+11**+****+1111&exp=12%2F29");
        assertThat(url.json().get("maskedCards").toString()).as("found, to be sent to the block list").contains("411111******1111");
        Api.Reply sms = api.post("/v1/phishing/reports", "{\"type\":\"sms\",\"reporter\":\"cardholder\",\"text\":\"see https://kit2.evil.example/log?card="
                + percent + "\"}", withKey(analyst));
        assertThat(sms.status()).as(sms.toString()).isEqualTo(201);
        assertThat(sms.body()).doesNotContain(percent).contains("card=4111%2011**%20****%201111");
        for (Api.Reply r : List.of(url, sms)) {
            Api.Reply detail = api.get("/v1/phishing/cases/" + r.json().get("caseId").asString(), withKey(analyst));
            assertThat(detail.body()).doesNotContain(plus).doesNotContain(percent);
        }
        Api.Reply export = api.get("/v1/phishing/cases/export?format=antiphishing-jp", withKey(analyst));
        assertThat(export.body()).doesNotContain(plus).doesNotContain(percent);
        assertThat(storedRows()).noneMatch(row -> row.contains(plus) || row.contains(percent));
    }

    @Test
    void aLimitThatIsNoNumberIsNamedAsAWholeNumber() {
        Api.Reply reply = api.get("/v1/phishing/dmarc-reports?limit=abc", withKey(analyst));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(reply.json().get("errors").get(0).get("message").asString()).isEqualTo("limit must be a whole number");
    }

    @Test
    void aDomainListSentAsAFormIsRefusedNotScannedAsEmpty() {
        // curl --data-binary @list.txt sends application/x-www-form-urlencoded; the container then reads the body as
        // form fields and the scan saw nothing: 200 "scanned 0".
        phishing.brandDomains().register(TenantId.parse(tenant.id()), DomainName.of("mamori-card.test"), true, "Mamori Card", "test");
        Api.Reply form = post("/v1/phishing/lookalikes/scan", "application/x-www-form-urlencoded",
                "mamori-crad.test\nexample.org\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(form.status()).as(form.toString()).isEqualTo(415);
        assertThat(form.json().get("errors").get(0).get("field").asString()).isEqualTo("Content-Type");
        Api.Reply text = post("/v1/phishing/lookalikes/scan", "text/plain", "mamori-crad.test\nexample.org\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(text.status()).as(text.toString()).isEqualTo(200);
        assertThat(text.json().get("scanned").asLong()).isEqualTo(2);
    }

    /** Every row of the phishing schema as text; binary columns as Latin-1. */
    List<String> storedRows() {
        List<String> rows = new ArrayList<>();
        List<String> tables = jdbc.sql("select table_schema || '.' || table_name from information_schema.tables "
                + "where lower(table_schema) in ('phishing') and lower(table_name) not like 'flyway%'").query(String.class).list();
        assertThat(tables).contains("phishing.reports", "phishing.dmarc_reports");
        for (String table : tables) {
            for (Map<String, Object> row : jdbc.sql("select * from " + table).query().listOfRows()) {
                StringBuilder text = new StringBuilder(table);
                row.forEach((column, value) -> text.append('|')
                        .append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value)));
                rows.add(text.toString());
            }
        }
        return rows;
    }
}
