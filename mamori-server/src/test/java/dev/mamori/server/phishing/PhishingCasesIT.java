package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Role;
import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import dev.mamori.server.Tenants.TestTenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Phishing reports end to end: intake through the API (JSON and multipart), cases, workflow,
 * takedown requests, exports, warnings, and the compromised-card list declining the card's next
 * authorization. Card numbers must come back masked and never be stored.
 */
class PhishingCasesIT extends IntegrationTest {
    static final int NEXT_YEAR = Year.now().getValue() + 1;
    TestTenant tenant;
    String prefix;
    String pan;

    @BeforeEach
    void issuerWithACard() {
        tenant = Tenants.create(api, unique("phishing-cases"));
        prefix = "4" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        Api.Reply route = api.post("/v1/risk/bin-routes", "{\"prefix\":\"" + prefix + "\"}", withKey(tenant.adminKey()));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        String body = prefix + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        pan = body + Luhn.checkDigit(body);
        Api.Reply opened = api.post("/v1/cards", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR
                + ",\"currency\":\"JPY\",\"creditLimit\":100000}", withKey(tenant.key(Role.ISSUER)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
    }

    String key(Role role) {
        return tenant.key(role);
    }

    Api.Reply authorize() {
        return api.post("/v1/authorizations", "{\"pan\":\"" + pan + "\",\"expiryMonth\":12,\"expiryYear\":" + NEXT_YEAR + ",\"amount\":1000"
                + ",\"currency\":\"JPY\",\"merchant\":{\"id\":\"SHOP001\",\"terminalId\":\"T0000001\",\"mcc\":\"5411\",\"country\":\"JP\"}}",
                withKey(key(Role.ISSUER)));
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    Api.Reply report(String role, String body) {
        return api.post("/v1/phishing/reports", body, withKey(key(Role.valueOf(role))));
    }

    @Test
    void aReportedCardIsMaskedListedAndItsNextAuthorizationDeclined() {
        String spaced = pan.substring(0, 4) + " " + pan.substring(4, 8) + " " + pan.substring(8, 12) + " " + pan.substring(12);
        String masked = pan.substring(0, 6) + "******" + pan.substring(12);
        assertThat(authorize().json().get("responseCode").asString()).as("before the report").isEqualTo("00");

        Api.Reply sms = report("ISSUER", "{\"type\":\"sms\",\"reporter\":\"cardholder\",\"channel\":\"call-centre\",\"text\":"
                + json("【Mamoriカード】お支払い確認 hxxps://mamori-card.evil-phish[.]example/pay に " + spaced + " を入力しました") + ",\"note\":"
                + json("番号 " + pan) + ",\"brand\":\"Mamori Card\"}");
        assertThat(sms.status()).as(sms.toString()).isEqualTo(201);
        assertThat(sms.body()).doesNotContain(pan).doesNotContain(spaced);
        String caseId = sms.json().get("caseId").asString();
        assertThat(sms.json().get("maskedCards").get(0).asString()).isEqualTo(masked);
        assertThat(sms.json().get("extracted").get(0).get("url").asString()).isEqualTo("https://mamori-card.evil-phish.example/pay");
        assertThat(sms.json().get("extracted").get(0).get("defanged").asBoolean()).isTrue();

        // Another report of the same page, by a merchant, joins the case.
        Api.Reply again = report("MERCHANT", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"https://MAMORI-CARD.evil-phish.example/pay/?x=1\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("caseId").asString()).isEqualTo(caseId);
        assertThat(again.json().get("cases").get(0).get("reportCount").asInt()).isEqualTo(2);

        Api.Reply detail = api.get("/v1/phishing/cases/" + caseId, withKey(key(Role.AUDITOR)));
        assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
        assertThat(detail.body()).doesNotContain(pan).doesNotContain(spaced);
        assertThat(detail.json().get("reports")).hasSize(2);
        assertThat(detail.json().get("cards").get(0).get("masked").asString()).isEqualTo(masked);
        assertThat(detail.json().get("cards").get(0).has("fingerprint")).isFalse();

        // An issuer may report but not list cards; an analyst does.
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/compromised-cards", "{}", withKey(key(Role.ISSUER))).status()).isEqualTo(403);
        Api.Reply listed = api.post("/v1/phishing/cases/" + caseId + "/compromised-cards", "{}", withKey(key(Role.ANALYST)));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().get("added").asInt()).isEqualTo(1);
        assertThat(listed.json().get("cards").get(0).get("listedBy").asString()).isNotBlank();

        Api.Reply declined = authorize();
        assertThat(declined.json().get("responseCode").asString()).as(declined.toString()).isEqualTo("59");
        assertThat(declined.json().get("reasons").get(0).asString()).isEqualTo("blocklist:card-fingerprint");

        Api.Reply lists = api.get("/v1/lists?kind=card-fingerprint", withKey(key(Role.ANALYST)));
        assertThat(lists.json()).singleElement().satisfies(e -> assertThat(e.get("source").asString()).isEqualTo("phishing-case-" + caseId));
        Api.Reply twice = api.post("/v1/phishing/cases/" + caseId + "/compromised-cards", "{}", withKey(key(Role.ANALYST)));
        assertThat(twice.json().get("added").asInt()).isZero();

        assertThat(storedRows()).noneMatch(row -> row.contains(pan) || row.contains(spaced));
    }

    @Test
    void aReportedHostThatImitatesABrandDomainBecomesALookalikeMatch() {
        Api.Reply brand = api.post("/v1/phishing/domains", "{\"domain\":\"mamori-card.test\",\"sendsMail\":true}", withKey(key(Role.ANALYST)));
        assertThat(brand.status()).as(brand.toString()).isEqualTo(201);
        Api.Reply reported = report("ISSUER", "{\"type\":\"sms\",\"reporter\":\"cardholder\",\"text\":"
                + json("【まもりカード】ご確認ください hxxps://mamori-card-login[.]example/verify と hxxp://unrelated-shop[.]example/") + "}");
        assertThat(reported.status()).as(reported.toString()).isEqualTo(201);

        Api.Reply matches = api.get("/v1/phishing/lookalikes/matches", withKey(key(Role.ANALYST)));
        assertThat(matches.status()).as(matches.toString()).isEqualTo(200);
        assertThat(matches.body()).contains("mamori-card-login.example").doesNotContain("unrelated-shop");
        assertThat(matches.json().findValuesAsString("source")).containsOnly("report");
    }

    @Test
    void workflowNotesTakedownsExportsAndWarnings() {
        String caseId = report("ANALYST", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"hxxps://login-mamori[.]example[.]net/card\","
                + "\"brand\":\"Mamori Card\",\"receivedAt\":\"2026-11-20T01:00:00Z\"}").json().get("caseId").asString();
        String analyst = key(Role.ANALYST);

        Api.Reply jump = api.post("/v1/phishing/cases/" + caseId + "/status", "{\"status\":\"down\"}", withKey(analyst));
        assertThat(jump.status()).as(jump.toString()).isEqualTo(409);
        assertThat(jump.json().get("detail").asString()).contains("new").contains("down");
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/status", "{\"status\":\"bogus\"}", withKey(analyst)).json()
                .get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/status", "{\"status\":\"confirmed\"}", withKey(key(Role.MERCHANT))).status())
                .isEqualTo(403);
        Api.Reply confirmed = api.post("/v1/phishing/cases/" + caseId + "/status", "{\"status\":\"confirmed\",\"reason\":\"seen live\"}",
                withKey(analyst));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("confirmed");

        Api.Reply note = api.post("/v1/phishing/cases/" + caseId + "/notes", "{\"note\":\"hosting: example-hosting\"}", withKey(analyst));
        assertThat(note.status()).as(note.toString()).isEqualTo(201);
        assertThat(api.get("/v1/phishing/cases?status=confirmed", withKey(key(Role.MERCHANT))).json())
                .anySatisfy(c -> assertThat(c.get("id").asString()).isEqualTo(caseId));

        Api.Reply arf = api.get("/v1/phishing/cases/" + caseId + "/takedown?format=arf&to=abuse@hosting.example&from=phish@mamori-card.example.jp",
                withKey(analyst));
        assertThat(arf.status()).as(arf.toString()).isEqualTo(200);
        assertThat(arf.header("Content-Type")).startsWith("message/rfc822");
        assertThat(arf.body()).contains("report-type=feedback-report", "Feedback-Type: fraud", "Reported-Domain: login-mamori.example.net",
                "Reported-URI: https://login-mamori.example.net/card", "Arrival-Date: Fri, 20 Nov 2026 01:00:00 GMT");
        Api.Reply xarf = api.get("/v1/phishing/cases/" + caseId + "/takedown?format=xarf&to=abuse@registrar.example&from=phish@mamori-card.example.jp",
                withKey(analyst));
        assertThat(xarf.status()).as(xarf.toString()).isEqualTo(200);
        assertThat(xarf.json().get("type").asString()).isEqualTo("phishing");
        assertThat(xarf.json().get("target_brand").asString()).isEqualTo("Mamori Card");
        Api.Reply badTo = api.get("/v1/phishing/cases/" + caseId + "/takedown?format=arf&to=nobody&from=phish@mamori-card.example.jp", withKey(analyst));
        assertThat(badTo.status()).isEqualTo(422);
        assertThat(badTo.json().get("errors").get(0).get("field").asString()).isEqualTo("to");

        Api.Reply csv = api.get("/v1/phishing/cases/export?format=antiphishing-jp&from=2026-01-01", withKey(key(Role.AUDITOR)));
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("case_id,url,url_defanged,").contains(caseId).contains("hxxps[://]login-mamori[.]example[.]net/card");
        assertThat(api.get("/v1/phishing/cases/export?format=jc3", withKey(analyst)).body()).startsWith("case_id,opened_at,status,");
        assertThat(api.get("/v1/phishing/cases/export?format=police", withKey(analyst)).body()).contains("フィッシング事案の概要");
        assertThat(api.get("/v1/phishing/cases/export?format=xlsx", withKey(analyst)).status()).isEqualTo(422);

        Api.Reply ja = api.get("/v1/phishing/cases/" + caseId + "/warning?lang=ja", withKey(key(Role.ISSUER)));
        assertThat(ja.json().get("text").asString()).contains("Mamori Cardをかたる", "hxxps[://]login-mamori[.]example[.]net/card", "カード裏面の電話番号へ");
        assertThat(api.get("/v1/phishing/cases/" + caseId + "/warning?lang=en", withKey(analyst)).json().get("text").asString())
                .contains("back of your card");

        JsonNode events = api.get("/v1/phishing/cases/" + caseId, withKey(analyst)).json().get("events");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsExactly("opened", "report", "status", "note");
    }

    @Test
    void mailAndScreenshotUploadsAsJsonAndMultipart() {
        byte[] eml = resource("forwarded.eml");
        Api.Reply mail = report("ISSUER", "{\"type\":\"email\",\"reporter\":\"cardholder\",\"eml\":\"" + Base64.getEncoder().encodeToString(eml) + "\"}");
        assertThat(mail.status()).as(mail.toString()).isEqualTo(201);
        assertThat(mail.json().get("extracted").get(0).get("host").asString()).isEqualTo("smbc-card.secure-login.example");
        String caseId = mail.json().get("caseId").asString();
        JsonNode evidence = api.get("/v1/phishing/cases/" + caseId, withKey(key(Role.ANALYST))).json().get("reports").get(0).get("evidence").get(0);
        Api.Reply download = api.get("/v1/phishing/cases/" + caseId + "/evidence/" + evidence.get("id").asString(), withKey(key(Role.ANALYST)));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).contains("<phish-0001@secure-login.example>");

        Api.Reply multipartMail = multipart(key(Role.ANALYST), Map.of("type", "email", "reporter", "staff"), "forwarded.eml", "message/rfc822", eml);
        assertThat(multipartMail.status()).as(multipartMail.toString()).isEqualTo(201);
        assertThat(multipartMail.json().get("caseId").asString()).isEqualTo(caseId);

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Api.Reply shot = multipart(key(Role.ANALYST), Map.of("type", "screenshot", "reporter", "cardholder", "url", "https://shot.evil.example.com/"),
                "screen.png", "image/png", png);
        assertThat(shot.status()).as(shot.toString()).isEqualTo(201);
        Api.Reply gif = multipart(key(Role.ANALYST), Map.of("type", "screenshot", "reporter", "cardholder", "url", "https://shot.evil.example.com/"),
                "screen.png", "image/png", "GIF89a-pretending".getBytes(StandardCharsets.US_ASCII));
        assertThat(gif.status()).isEqualTo(422);
        assertThat(gif.json().get("errors").get(0).get("field").asString()).isEqualTo("image");
        assertThat(gif.json().get("errors").get(0).get("rule").asString()).isEqualTo("image-type");
    }

    @Test
    void intakeTakesLargeBodiesOtherEndpointsDoNot() {
        // A 300 KB screenshot is over the 64 KB API limit but within the intake's own.
        byte[] big = new byte[300_000];
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(png, 0, big, 0, png.length);
        Api.Reply shot = report("ANALYST", "{\"type\":\"screenshot\",\"reporter\":\"staff\",\"url\":\"https://big.evil.example.com/\",\"image\":\""
                + Base64.getEncoder().encodeToString(big) + "\"}");
        assertThat(shot.status()).as(shot.toString()).isEqualTo(201);
        String caseId = shot.json().get("caseId").asString();
        Api.Reply note = api.post("/v1/phishing/cases/" + caseId + "/notes", "{\"note\":\"" + "x".repeat(70_000) + "\"}", withKey(key(Role.ANALYST)));
        assertThat(note.status()).isEqualTo(413);
    }

    @Test
    void badReportsAreRefusedByFieldAndRule() {
        Api.Reply noUrl = report("ISSUER", "{\"type\":\"sms\",\"reporter\":\"cardholder\",\"text\":\"URLのない文章です\"}");
        assertThat(noUrl.status()).isEqualTo(422);
        assertThat(noUrl.json().get("errors").get(0).get("field").asString()).isEqualTo("text");
        assertThat(noUrl.json().get("errors").get(0).get("rule").asString()).isEqualTo("contains-url");
        Api.Reply badType = report("ISSUER", "{\"type\":\"fax\",\"reporter\":\"cardholder\"}");
        assertThat(badType.json().get("errors").get(0).get("field").asString()).isEqualTo("type");
        Api.Reply badBase64 = report("ISSUER", "{\"type\":\"email\",\"reporter\":\"cardholder\",\"eml\":\"***\"}");
        assertThat(badBase64.json().get("errors").get(0).get("rule").asString()).isEqualTo("base64");
        Api.Reply notMail = report("ISSUER", "{\"type\":\"email\",\"reporter\":\"cardholder\",\"eml\":\""
                + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)) + "\"}");
        assertThat(notMail.json().get("errors").get(0).get("field").asString()).isEqualTo("eml");
        Api.Reply badDate = report("ISSUER", "{\"type\":\"url\",\"reporter\":\"cardholder\",\"url\":\"https://x.evil.example.com/\",\"receivedAt\":\"yesterday\"}");
        assertThat(badDate.json().get("errors").get(0).get("field").asString()).isEqualTo("receivedAt");
        assertThat(report("AUDITOR", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"https://x.evil.example.com/\"}").status()).isEqualTo(403);
        assertThat(api.get("/v1/phishing/cases/not-a-uuid", withKey(key(Role.ANALYST))).status()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/cases/" + java.util.UUID.randomUUID(), withKey(key(Role.ANALYST))).status()).isEqualTo(404);
    }

    @Test
    void anotherTenantCannotSeeOrChangeTheCase() {
        String caseId = report("ANALYST", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"https://iso.evil.example.com/a\"}").json()
                .get("caseId").asString();
        TestTenant other = Tenants.create(api, unique("phishing-other"));
        String theirs = other.key(Role.ANALYST);
        assertThat(api.get("/v1/phishing/cases/" + caseId, withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/status", "{\"status\":\"confirmed\"}", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/notes", "{\"note\":\"x\"}", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.post("/v1/phishing/cases/" + caseId + "/compromised-cards", "{}", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/cases/" + caseId + "/warning", withKey(theirs)).status()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/cases", withKey(theirs)).json()).isEmpty();
        Api.Reply same = api.post("/v1/phishing/reports", "{\"type\":\"url\",\"reporter\":\"staff\",\"url\":\"https://iso.evil.example.com/a\"}",
                withKey(theirs));
        assertThat(same.json().get("caseId").asString()).isNotEqualTo(caseId);
        assertThat(api.get("/v1/phishing/cases/" + caseId, withKey(key(Role.ANALYST))).json().get("phishingCase").get("status").asString())
                .isEqualTo("new");
    }

    Api.Reply multipart(String apiKey, Map<String, String> fields, String fileName, String contentType, byte[] file) {
        String boundary = "mamori-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\nContent-Type: "
                    + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/phishing/reports"))
                .header("X-API-Key", apiKey).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    static byte[] resource(String name) {
        try (InputStream in = PhishingCasesIT.class.getResourceAsStream("/phishing-cases/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every row of the phishing and risk schemas and the audit trail as text; binary columns as Latin-1. */
    List<String> storedRows() {
        List<String> rows = new ArrayList<>();
        List<String> tables = jdbc.sql("select table_schema || '.' || table_name from information_schema.tables "
                + "where lower(table_schema) in ('phishing', 'risk', 'platform') and lower(table_name) not like 'flyway%'").query(String.class).list();
        assertThat(tables).contains("phishing.reports", "phishing.compromised_cards");
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
