package dev.mamori.server.phishing;

import static dev.mamori.phishing.aggregate.ReportFiles.email;
import static dev.mamori.phishing.aggregate.ReportFiles.gzip;
import static dev.mamori.phishing.aggregate.ReportFiles.minimal;
import static dev.mamori.phishing.aggregate.ReportFiles.resource;
import static dev.mamori.phishing.aggregate.ReportFiles.utf8;
import static dev.mamori.phishing.aggregate.ReportFiles.zip;
import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** DMARC aggregate reports through the API: every packing, duplicates, a bad file in a batch, the summary, tenants and roles. */
class DmarcReportsIT extends IntegrationTest {
    static final String PATH = "/v1/phishing/dmarc-reports";

    @Autowired
    PhishingModule phishing;

    Tenants.TestTenant tenant;
    String analyst;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("dmarc"));
        analyst = tenant.key(Role.ANALYST);
        phishing.brandDomains().register(TenantId.parse(tenant.id()), DomainName.of("mamori-card.test"), true, "Mamori Card", "test");
    }

    Api.Reply upload(String key, String contentType, byte[] body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH)).header("X-API-Key", key)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    Api.Reply uploadFiles(String key, Object... nameContent) {
        String boundary = "----mamori-test-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameContent.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + nameContent[i]
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes((byte[]) nameContent[i + 1]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return upload(key, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    @Test
    void uploadsEveryPackingAnswersDuplicatesAndKeepsGoingPastABadFile() {
        Api.Reply xml = upload(analyst, "application/xml", resource("google-mamori.xml"));
        assertThat(xml.status()).as(xml.toString()).isEqualTo(201);
        JsonNode stored = xml.json().get("results").get(0);
        assertThat(stored.get("status").asString()).isEqualTo("stored");
        assertThat(stored.get("format").asString()).isEqualTo("xml");
        assertThat(stored.get("domain").asString()).isEqualTo("mamori-card.test");
        assertThat(stored.get("domainRegistered").asBoolean()).isTrue();

        Api.Reply again = upload(analyst, "application/gzip", gzip(resource("google-mamori.xml")));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("results").get(0).get("status").asString()).isEqualTo("duplicate");
        assertThat(again.json().get("results").get(0).get("id").asString()).isEqualTo(stored.get("id").asString());

        Api.Reply mail = upload(analyst, "message/rfc822", email("application/gzip", "enterprise.protection.outlook.com!mamori-card.test.xml.gz",
                gzip(resource("microsoft-mamori.xml"))));
        assertThat(mail.status()).as(mail.toString()).isEqualTo(201);
        assertThat(mail.json().get("results").get(0).get("format").asString()).isEqualTo("email");

        Api.Reply batch = uploadFiles(analyst, "receiver.zip", zip("mail.receiver.example!mamori-card.test.xml", resource("rfc9990-mamori.xml")),
                "broken.xml", utf8(minimal("b-1", "mamori-card.test", null).replace("<disposition>none</disposition>",
                        "<disposition>discard</disposition>")),
                "notes.txt", utf8("these are not the reports you are looking for"),
                "google-again.xml", resource("google-mamori.xml"));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(201);
        assertThat(batch.json().get("stored").asInt()).isEqualTo(1);
        assertThat(batch.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(batch.json().get("rejected").asInt()).isEqualTo(2);
        JsonNode results = batch.json().get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("stored");
        assertThat(results.get(0).get("format").asString()).isEqualTo("zip");
        assertThat(results.get(1).get("status").asString()).isEqualTo("rejected");
        assertThat(results.get(1).get("fileName").asString()).isEqualTo("broken.xml");
        assertThat(results.get(1).get("error").get("element").asString()).isEqualTo("feedback/record[1]/row/policy_evaluated/disposition");
        assertThat(results.get(1).get("error").get("rule").asString()).isEqualTo("disposition");
        assertThat(results.get(2).get("error").get("element").asString()).isEqualTo("file");
        assertThat(results.get(2).get("error").get("rule").asString()).isEqualTo("unknown-format");
        assertThat(results.get(3).get("status").asString()).isEqualTo("duplicate");

        Api.Reply rejectedAlone = upload(analyst, "application/zip", zip("readme.txt", utf8("no report here")));
        assertThat(rejectedAlone.status()).isEqualTo(422);
        assertThat(rejectedAlone.json().get("results").get(0).get("error").get("rule").asString()).isEqualTo("no-xml");

        Api.Reply list = api.get(PATH + "?domain=mamori-card.test", withKey(analyst));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(3);
        assertThat(list.json().get(0).get("orgName").asString()).isEqualTo("mail.receiver.example");
        assertThat(list.json().get(0).get("policy").get("np").asString()).isEqualTo("reject");
        assertThat(api.get(PATH + "?from=2026-11-06&to=2026-11-30", withKey(analyst)).json().size()).isEqualTo(1);

        Api.Reply detail = api.get(PATH + "/" + stored.get("id").asString(), withKey(analyst));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().get("report").get("reportId").asString()).isEqualTo("10978945612783452211");
        assertThat(detail.json().get("records").size()).isEqualTo(3);
        assertThat(detail.json().get("records").get(1).get("dkimResults").get(0).get("domain").asString()).isEqualTo("mailer.example");
    }

    @Test
    void theSummaryAddsUpTheUploadedRecords() {
        for (String name : List.of("google-mamori.xml", "microsoft-mamori.xml", "rfc9990-mamori.xml")) {
            assertThat(upload(analyst, "application/xml", resource(name)).status()).isEqualTo(201);
        }
        // Sum the stored records through the API itself, then check the summary against them.
        long messages = 0;
        long pass = 0;
        for (JsonNode report : api.get(PATH + "?domain=mamori-card.test", withKey(analyst)).json()) {
            for (JsonNode record : api.get(PATH + "/" + report.get("id").asString(), withKey(analyst)).json().get("records")) {
                messages += record.get("count").asLong();
                pass += record.get("dmarcPass").asBoolean() ? record.get("count").asLong() : 0;
            }
        }

        Api.Reply summary = api.get(PATH + "/summary?domain=mamori-card.test&from=2026-11-01&to=2026-11-10", withKey(analyst));
        assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
        JsonNode s = summary.json();
        assertThat(s.get("messages").asLong()).isEqualTo(messages).isEqualTo(2145);
        assertThat(s.get("dmarcPass").asLong()).isEqualTo(pass).isEqualTo(1780);
        assertThat(s.get("dmarcFail").asLong()).isEqualTo(messages - pass);
        assertThat(s.get("reportCount").asInt()).isEqualTo(3);
        assertThat(s.get("daily").size()).isEqualTo(10);
        assertThat(s.get("daily").get(4).get("day").asString()).isEqualTo("2026-11-05");
        assertThat(s.get("daily").get(4).get("pass").asLong()).isEqualTo(1280);
        assertThat(s.get("daily").get(4).get("fail").asLong()).isEqualTo(345);
        assertThat(s.get("daily").get(6).get("pass").asLong()).isEqualTo(500);
        long dailyTotal = 0;
        for (JsonNode day : s.get("daily")) {
            dailyTotal += day.get("pass").asLong() + day.get("fail").asLong();
        }
        assertThat(dailyTotal).isEqualTo(messages);
        JsonNode sources = s.get("sources");
        assertThat(sources.get(0).get("ip").asString()).isEqualTo("192.0.2.10");
        assertThat(sources.get(0).get("classification").asString()).isEqualTo("authorized");
        assertThat(sources.get(0).get("hostName").asString()).as("reverse DNS through the test DNS server").isEqualTo("mail.mamori-card.test");
        assertThat(sources.get(1).get("hostName").isNull()).isTrue();
        assertThat(sources.get(1).get("classification").asString()).isEqualTo("forgotten-sender");
        assertThat(sources.get(3).get("classification").asString()).isEqualTo("spoofing");
        assertThat(s.get("readiness").get("legitimateAtRisk").asLong()).isEqualTo(300);
        assertThat(s.get("readiness").get("ready").asBoolean()).isFalse();
        assertThat(s.get("dispositions").get("quarantine").asLong()).isEqualTo(20);
    }

    @Test
    void reportsLargerThanTheGeneralRequestLimitAreAccepted() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            records.append("<record><row><source_ip>198.18.").append(i / 250).append('.').append(i % 250)
                    .append("</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf>")
                    .append("</policy_evaluated></row><identifiers><header_from>mamori-card.test</header_from></identifiers>")
                    .append("<auth_results><spf><domain>mamori-card.test</domain><result>fail</result></spf></auth_results></record>");
        }
        byte[] large = utf8(minimal("large-1", "mamori-card.test", records.toString()));
        assertThat(large.length).isGreaterThan(200 * 1024);

        Api.Reply reply = upload(analyst, "application/xml", large);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        Api.Reply tooLarge = uploadFiles(analyst, "huge.xml", new byte[11 * 1024 * 1024]);
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(upload(analyst, "application/gzip", new byte[65 * 1024 * 1024]).status()).as("over mamori.http.max-upload-size").isEqualTo(413);
        assertThat(api.post("/v1/lists", "{\"kind\":\"ip\",\"list\":\"block\",\"value\":\"" + "1".repeat(100 * 1024) + "\"}",
                withKey(analyst)).status()).as("other endpoints keep the general limit").isEqualTo(413);
    }

    @Test
    void anotherTenantSeesNothingAndAnAuditorReadsButCannotUpload() {
        String id = upload(analyst, "application/xml", resource("google-mamori.xml")).json().get("results").get(0).get("id").asString();
        Tenants.TestTenant other = Tenants.create(api, unique("dmarc-other"));
        String otherAnalyst = other.key(Role.ANALYST);

        assertThat(api.get(PATH, withKey(otherAnalyst)).json().size()).isZero();
        assertThat(api.get(PATH + "/" + id, withKey(otherAnalyst)).status()).isEqualTo(404);
        assertThat(api.get(PATH + "/summary?domain=mamori-card.test&from=2026-11-01&to=2026-11-10", withKey(otherAnalyst)).json()
                .get("messages").asLong()).isZero();
        Api.Reply theirs = upload(otherAnalyst, "application/xml", resource("google-mamori.xml"));
        assertThat(theirs.json().get("results").get(0).get("status").asString()).as("not a duplicate of another tenant's").isEqualTo("stored");
        assertThat(theirs.json().get("results").get(0).get("domainRegistered").asBoolean()).isFalse();

        String auditor = tenant.key(Role.AUDITOR);
        assertThat(api.get(PATH, withKey(auditor)).json().size()).isEqualTo(1);
        assertThat(api.get(PATH + "/" + id, withKey(auditor)).status()).isEqualTo(200);
        assertThat(upload(auditor, "application/xml", resource("microsoft-mamori.xml")).status()).isEqualTo(403);
        assertThat(upload(tenant.key(Role.MERCHANT), "application/xml", resource("microsoft-mamori.xml")).status()).isEqualTo(403);
        assertThat(api.get(PATH, withKey(auditor)).json().size()).isEqualTo(1);
    }

    @Test
    void badParametersNameTheFieldAndRule() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {PATH + "/summary", "domain", "required"});
        cases.add(new String[] {PATH + "/summary?domain=bad_domain.test", "domain", "invalid-characters"});
        cases.add(new String[] {PATH + "/summary?domain=mamori-card.test&from=2026-13-01", "from", "date"});
        cases.add(new String[] {PATH + "/summary?domain=mamori-card.test&from=2026-11-10&to=2026-11-01", "to", "not-before-from"});
        cases.add(new String[] {PATH + "/summary?domain=mamori-card.test&from=2025-01-01&to=2026-11-01", "to", "max-days"});
        cases.add(new String[] {PATH + "?limit=0", "limit", "range"});
        for (String[] c : cases) {
            Api.Reply reply = api.get(c[0], withKey(analyst));
            assertThat(reply.status()).as(c[0] + " " + reply).isEqualTo(422);
            assertThat(reply.json().get("errors").get(0).get("field").asString()).as(c[0]).isEqualTo(c[1]);
            assertThat(reply.json().get("errors").get(0).get("rule").asString()).as(c[0]).isEqualTo(c[2]);
        }
        assertThat(api.get(PATH + "/not-a-uuid", withKey(analyst)).status()).isEqualTo(404);
        assertThat(upload(analyst, "application/json", utf8("{}")).status()).isEqualTo(415);
        assertThat(uploadFiles(analyst).status()).isIn(400, 422);
    }
}
