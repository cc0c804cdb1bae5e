package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CaseExportsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private final TenantId tenant = TenantId.random();
    private PhishingCases cases;
    private CaseId mailCase;
    private CaseId smsCase;

    @BeforeEach
    void setUp() {
        cases = new PhishingModule(PhishingTestDatabase.create(), dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9", java.time.Duration.ofMillis(100)), Clock.fixed(NOW, ZoneOffset.UTC)).cases();
        mailCase = cases.submit(tenant, new ReportSubmission(ReportType.EMAIL, null, null, CaseFixtures.resource("forwarded.eml"), null,
                Reporter.CARDHOLDER, "mail", Instant.parse("2026-11-23T00:15:00Z"), null, "=Brand, \"quoted\""), CaseFixtures.FINGERPRINTER, "op").caseId();
        smsCase = cases.submit(tenant, new ReportSubmission(ReportType.SMS, null, "入力: " + CaseFixtures.PAN + " https://sms.evil.example.com/p",
                null, null, Reporter.STAFF, "sms", null, null, null), CaseFixtures.FINGERPRINTER, "op").caseId();
        cases.changeStatus(tenant, smsCase, CaseStatus.CONFIRMED, null, null, "alice");
        cases.changeStatus(tenant, smsCase, CaseStatus.TAKEDOWN_REQUESTED, null, null, "alice");
    }

    private static List<String> lines(String csv) {
        assertThat(csv).endsWith("\r\n");
        return List.of(csv.split("\r\n"));
    }

    @Test
    void antiphishingJpHasAHeaderAndOneRowPerCaseWithTheMailsIdentity() {
        String csv = CaseExports.export(CaseExports.Format.ANTIPHISHING_JP, cases.opened(tenant, null, null), null, null);
        List<String> lines = lines(csv);
        assertThat(lines.get(0)).isEqualTo(String.join(",", CaseExports.ANTIPHISHING_JP_HEADER));
        assertThat(lines).hasSize(3);
        String mailRow = lines.stream().filter(l -> l.startsWith(mailCase.toString())).findFirst().orElseThrow();
        assertThat(mailRow).contains("https://smbc-card.secure-login.example/verify/", "hxxps[://]smbc-card[.]secure-login[.]example/verify/",
                "\"'=Brand, \"\"quoted\"\"\"", "2026-11-23T00:15:00Z", "【重要】カードご利用確認のお願い", "<phish-0001@secure-login.example>",
                PhishingCases.sha256(CaseFixtures.resource("forwarded.eml")));
    }

    @Test
    void jc3CountsReportsCardsAndTakedownSteps() {
        List<String> lines = lines(CaseExports.jc3(cases.opened(tenant, null, null)));
        assertThat(lines.get(0)).isEqualTo(String.join(",", CaseExports.JC3_HEADER));
        String sms = lines.stream().filter(l -> l.startsWith(smsCase.toString())).findFirst().orElseThrow();
        String[] cells = sms.split(",", -1);
        assertThat(cells[2]).isEqualTo("takedown-requested");
        assertThat(cells[8]).isEqualTo("1"); // staff reports
        assertThat(cells[10]).isEqualTo("1"); // sms reports
        assertThat(cells[13]).isEqualTo("1"); // cards found
        assertThat(cells[14]).isEqualTo("0"); // cards listed
        assertThat(cells[15]).isEqualTo(NOW.toString());
    }

    @Test
    void policeSummaryIsDefangedAndMasked() {
        String text = CaseExports.police(cases.opened(tenant, null, null), Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(text).contains("件数 / Cases: 2", "hxxps[://]sms[.]evil[.]example[.]com/p", "411111******1111", "takedown-requested",
                "2026-11-01 09:00:00 JST");
        assertThat(text).doesNotContain(CaseFixtures.PAN).doesNotContain("https://sms.evil");
    }

    @Test
    void rangeFiltersByWhenTheCaseWasOpened() {
        assertThat(cases.opened(tenant, NOW.plusSeconds(1), null)).isEmpty();
        assertThat(cases.opened(tenant, NOW, NOW.plusSeconds(1))).hasSize(2);
        assertThatThrownBy(() -> cases.opened(tenant, NOW, NOW)).hasFieldOrPropertyWithValue("field", "to");
        assertThatThrownBy(() -> CaseExports.Format.of("pdf")).hasFieldOrPropertyWithValue("field", "format");
    }

    @Test
    void warningsInJapaneseAndEnglishNameTheBrandAndDefangTheUrl() {
        CaseDetail d = cases.find(tenant, mailCase).orElseThrow();
        String ja = CaseWarnings.text(d.phishingCase(), d.urls(), "ja");
        assertThat(ja).contains("=Brand, \"quoted\"をかたるフィッシング", "hxxps[://]smbc-card[.]secure-login[.]example/verify/",
                "カード裏面の電話番号へ").doesNotContain("https://");
        String en = CaseWarnings.text(d.phishingCase(), d.urls(), "en");
        assertThat(en).contains("telephone number on the back of your card").doesNotContain("https://");
        assertThatThrownBy(() -> CaseWarnings.text(d.phishingCase(), d.urls(), "fr")).hasFieldOrPropertyWithValue("field", "lang");
    }
}
