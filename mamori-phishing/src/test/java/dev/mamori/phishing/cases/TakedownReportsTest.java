package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TakedownReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private static final TakedownReports.Sender SENDER = new TakedownReports.Sender("Mamori Card Co.", "abuse-desk@mamori-card.example.jp");
    private final TenantId tenant = TenantId.random();
    private PhishingCases cases;

    @BeforeEach
    void setUp() {
        cases = new PhishingModule(PhishingTestDatabase.create(), dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9", java.time.Duration.ofMillis(100)), Clock.fixed(NOW, ZoneOffset.UTC)).cases();
    }

    private CaseDetail mailCase() {
        ReportSubmission s = new ReportSubmission(ReportType.EMAIL, null, null, CaseFixtures.resource("forwarded.eml"), null, Reporter.CARDHOLDER,
                "mail", Instant.parse("2026-11-23T00:15:00Z"), null, "三井住友カード");
        CaseId id = cases.submit(tenant, s, CaseFixtures.FINGERPRINTER, "op").caseId();
        return cases.find(tenant, id).orElseThrow();
    }

    @Test
    void arfIsAnRfc5965FeedbackReportWithTheReportedMail() throws Exception {
        CaseDetail detail = mailCase();
        byte[] mail = cases.evidence(tenant, detail.reports().get(0).evidence().get(0).id()).orElseThrow();
        byte[] arf = TakedownReports.arf(detail, SENDER, "abuse@hosting.example", mail, null, NOW);

        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(arf));
        ContentType type = new ContentType(parsed.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("feedback-report");
        assertThat(parsed.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).isEqualTo("abuse@hosting.example");
        assertThat(parsed.getSubject()).contains("smbc-card[.]secure-login[.]example");

        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("hxxps[://]smbc-card[.]secure-login[.]example/verify/");

        BodyPart machine = parts.getBodyPart(1);
        assertThat(machine.isMimeType("message/feedback-report")).isTrue();
        InternetHeaders fields;
        try (InputStream in = machine.getInputStream()) {
            fields = new InternetHeaders(in);
        }
        // RFC 5965 section 3.1: required once each
        assertThat(fields.getHeader("Feedback-Type")).containsExactly("fraud");
        assertThat(fields.getHeader("User-Agent")).containsExactly(TakedownReports.USER_AGENT);
        assertThat(fields.getHeader("Version")).containsExactly("1");
        assertThat(fields.getHeader("Arrival-Date")).containsExactly("Mon, 23 Nov 2026 00:15:00 GMT");
        assertThat(fields.getHeader("Reported-Domain")).containsExactly("smbc-card.secure-login.example");
        assertThat(fields.getHeader("Reported-URI")).containsExactly("https://smbc-card.secure-login.example/verify/",
                "https://smbc-card.secure-login.example/verify?id=88");
        assertThat(fields.getHeader("Source-IP")).isNull();

        BodyPart original = parts.getBodyPart(2);
        assertThat(original.isMimeType("message/rfc822")).isTrue();
        MimeMessage reported = (MimeMessage) original.getContent();
        assertThat(reported.getSubject()).isEqualTo("Fwd: 変なメールが来ました");
    }

    @Test
    void arfForAnSmsCarriesTheTextAndTheSourceIpOfAnIpHost() throws Exception {
        CaseId id = cases.submit(tenant, CaseFixtures.sms("至急 http://203.0.113.7/card/ にアクセス " + CaseFixtures.PAN), CaseFixtures.FINGERPRINTER, "op")
                .caseId();
        byte[] arf = TakedownReports.arf(cases.find(tenant, id).orElseThrow(), SENDER, "abuse@isp.example", null, null, NOW);
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(arf));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        InternetHeaders fields = new InternetHeaders(parts.getBodyPart(1).getInputStream());
        assertThat(fields.getHeader("Source-IP")).containsExactly("203.0.113.7");
        MimeMessage third = (MimeMessage) parts.getBodyPart(2).getContent();
        assertThat(third.getHeader("X-Mamori-Synthesized")).isNotNull();
        assertThat(new String(arf, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(CaseFixtures.PAN);
    }

    @Test
    void addressesAreChecked() {
        CaseDetail detail = mailCase();
        assertThatThrownBy(() -> TakedownReports.arf(detail, SENDER, "not an address", null, null, NOW))
                .isInstanceOfSatisfying(InvalidReportException.class, e -> {
                    assertThat(e.field()).isEqualTo("to");
                    assertThat(e.rule()).isEqualTo("email");
                });
        assertThatThrownBy(() -> TakedownReports.arf(detail, new TakedownReports.Sender("x", ""), "a@b.example", null, null, NOW))
                .hasFieldOrPropertyWithValue("field", "from");
        assertThatThrownBy(() -> TakedownReports.arf(detail, SENDER, "a@b.example", null, "999.1.1.1", NOW))
                .hasFieldOrPropertyWithValue("field", "sourceIp");
    }

    private static JsonSchema xarfSchema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix("https://xarf.org/schemas/v4/", "classpath:xarf/v4/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return factory.getSchema(SchemaLocation.of("https://xarf.org/schemas/v4/types/content-phishing.json"), config);
    }

    @Test
    void xarfValidatesAgainstTheXarfV4PhishingSchema() throws Exception {
        CaseDetail detail = mailCase();
        byte[] mail = cases.evidence(tenant, detail.reports().get(0).evidence().get(0).id()).orElseThrow();
        String json = TakedownReports.xarf(detail, SENDER,
                List.of(new TakedownReports.Attachment("message/rfc822", mail, PhishingCases.sha256(mail)),
                        new TakedownReports.Attachment("image/png", CaseFixtures.PNG, PhishingCases.sha256(CaseFixtures.PNG))), NOW);

        Set<ValidationMessage> errors = xarfSchema().validate(json, InputFormat.JSON);
        assertThat(errors).isEmpty();

        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("category").asText()).isEqualTo("content");
        assertThat(root.get("type").asText()).isEqualTo("phishing");
        assertThat(root.get("url").asText()).isEqualTo("https://smbc-card.secure-login.example/verify/");
        assertThat(root.get("domain").asText()).isEqualTo("smbc-card.secure-login.example");
        assertThat(root.get("source_identifier").asText()).isEqualTo("smbc-card.secure-login.example");
        assertThat(root.get("target_brand").asText()).isEqualTo("三井住友カード");
        assertThat(root.get("timestamp").asText()).isEqualTo("2026-11-23T00:15:00Z");
        assertThat(root.get("reporter").get("domain").asText()).isEqualTo("mamori-card.example.jp");
        assertThat(root.get("evidence")).hasSize(2);
        JsonNode png = root.get("evidence").get(1);
        assertThat(Base64.getDecoder().decode(png.get("payload").asText())).isEqualTo(CaseFixtures.PNG);
        assertThat(png.get("hash").asText()).isEqualTo("sha256:" + PhishingCases.sha256(CaseFixtures.PNG));
    }

    @Test
    void theSchemaCheckCanFail() {
        String missingUrl = "{\"xarf_version\":\"4.0.0\",\"report_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"reporter\":{\"org\":\"a\",\"contact\":\"a@b.example\",\"domain\":\"b.example\"},"
                + "\"sender\":{\"org\":\"a\",\"contact\":\"a@b.example\",\"domain\":\"b.example\"},"
                + "\"source_identifier\":\"x.example\",\"category\":\"content\",\"type\":\"phishing\"}";
        assertThat(xarfSchema().validate(missingUrl, InputFormat.JSON)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("url"));
    }

    @Test
    void anIdnHostIsReportedWithoutTheDomainFieldTheSchemaCannotTake() {
        CaseId id = cases.submit(tenant, CaseFixtures.url("https://xn--u9jt50g.example.com/login"), null, "op").caseId();
        String json = TakedownReports.xarf(cases.find(tenant, id).orElseThrow(), SENDER, List.of(), NOW);
        assertThat(xarfSchema().validate(json, InputFormat.JSON)).isEmpty();
        assertThat(json).doesNotContain("\"domain\" : \"xn--");
    }
}
