package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Card numbers that reached storage unmasked: HTML attributes in encoded parts, header fields, URL-encoded separators. */
class CardMaskingGapsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private final TenantId tenant = TenantId.random();
    private DataSource db;
    private PhishingCases cases;

    @BeforeEach
    void setUp() {
        db = PhishingTestDatabase.create();
        PhishingModule module = new PhishingModule(db, dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9",
                java.time.Duration.ofMillis(100)), Clock.fixed(NOW, ZoneOffset.UTC));
        cases = module.cases();
    }

    private IntakeResult submit(ReportSubmission s) {
        return cases.submit(tenant, s, CaseFixtures.FINGERPRINTER, "analyst@issuer");
    }

    @Test
    void aCardNumberInAnAttributeOfABase64HtmlPartIsFoundAndTheMailNotKeptAsReceived() throws SQLException {
        String html = "<html><body><p>Your card is locked.</p><form action=\"https://kit.evil.example.com/pay\">"
                + "<input type=\"hidden\" name=\"cc\" value=\"" + CaseFixtures.PAN + "\"></form></body></html>";
        String eml = "From: support@evil.example.com\r\nSubject: locked\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        IntakeResult r = submit(CaseFixtures.email(eml.getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.maskedCards()).containsExactly("411111******1111");
        StoredReport report = cases.find(tenant, r.caseId()).orElseThrow().reports().get(0);
        byte[] kept = cases.evidence(tenant, report.evidence().get(0).id()).orElseThrow();
        ReportedMail stored = ReportedMail.parse(kept);
        assertThat(stored.allText()).doesNotContain(CaseFixtures.PAN);
        assertThat(new String(kept, StandardCharsets.US_ASCII)).contains("X-Mamori-Sanitized");
    }

    @Test
    void aCardNumberInTheDateFieldIsMaskedInTheStoredReport() throws SQLException {
        String eml = "From: support@evil.example.com\r\nSubject: locked\r\nDate: " + CaseFixtures.PAN + "\r\n\r\n"
                + "visit https://date.evil.example.com/x\r\n";
        IntakeResult r = submit(CaseFixtures.email(eml.getBytes(StandardCharsets.US_ASCII)));
        StoredReport report = cases.find(tenant, r.caseId()).orElseThrow().reports().get(0);
        assertThat(report.mailDate()).isEqualTo("411111******1111");
        assertThat(PhishingCasesTest.scanForCardNumbers(db)).isEmpty();
    }

    @Test
    void aCardNumberWithUrlEncodedSeparatorsIsMaskedAndFingerprinted() {
        IntakeResult r = submit(CaseFixtures.url("https://kit.evil.example.com/pay?cc=4111+1111+1111+1111&cc2=5555%205555%205555%204444"));
        assertThat(r.cases().get(0).url().url())
                .isEqualTo("https://kit.evil.example.com/pay?cc=4111+11**+****+1111&cc2=5555%2055**%20****%204444");
        assertThat(r.maskedCards()).containsExactly("411111******1111", "555555******4444");
        IntakeResult sms = submit(CaseFixtures.sms("入力しました https://sms.evil.example.com/p?n=4111+1111+1111+1111 です"));
        StoredReport report = cases.find(tenant, sms.caseId()).orElseThrow().reports().get(0);
        assertThat(report.contentText()).contains("n=4111+11**+****+1111").doesNotContain("4111+1111+1111+1111");
        assertThat(cases.find(tenant, sms.caseId()).orElseThrow().urls()).allSatisfy(u -> assertThat(u).doesNotContain("1111+1111+1111"));
    }
}
