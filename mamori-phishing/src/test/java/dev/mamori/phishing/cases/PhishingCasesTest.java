package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PhishingCasesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T01:00:00Z");
    private final TenantId tenant = TenantId.random();
    private DataSource db;
    private PhishingModule module;
    private PhishingCases cases;

    @BeforeEach
    void setUp() {
        db = PhishingTestDatabase.create();
        module = new PhishingModule(db, dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9", java.time.Duration.ofMillis(100)), Clock.fixed(NOW, ZoneOffset.UTC));
        cases = module.cases();
    }

    private IntakeResult submit(ReportSubmission s) {
        return cases.submit(tenant, s, CaseFixtures.FINGERPRINTER, "analyst@issuer");
    }

    @Test
    void samePageReportedTwoWaysIsOneCaseAndAnotherPageOnTheHostIsRelated() {
        IntakeResult first = submit(CaseFixtures.url("https://evil-card.example.com/login?session=1"));
        IntakeResult second = submit(CaseFixtures.sms("【カード会社】ご利用確認 hxxps://evil-card[.]example[.]com/login/ からお手続きを"));
        IntakeResult third = submit(CaseFixtures.url("http://evil-card.example.com/pay"));

        assertThat(first.cases()).singleElement().satisfies(l -> assertThat(l.opened()).isTrue());
        assertThat(second.caseId()).isEqualTo(first.caseId());
        assertThat(second.cases().get(0).opened()).isFalse();
        assertThat(second.cases().get(0).phishingCase().reportCount()).isEqualTo(2);
        assertThat(third.caseId()).isNotEqualTo(first.caseId());
        assertThat(third.related()).extracting(PhishingCase::id).containsExactly(first.caseId());

        CaseDetail detail = cases.find(tenant, first.caseId()).orElseThrow();
        assertThat(detail.reports()).hasSize(2);
        assertThat(detail.urls()).containsExactly("https://evil-card.example.com/login?session=1", "https://evil-card.example.com/login/");
        assertThat(detail.related()).extracting(PhishingCase::id).containsExactly(third.caseId());
        assertThat(detail.events()).extracting(CaseEvent::kind).containsExactly("opened", "report", "report");
        assertThat(cases.list(tenant, null, null, "evil-card.example.com")).hasSize(2);
        assertThat(cases.list(tenant, CaseStatus.CONFIRMED, null, null)).isEmpty();
    }

    @Test
    void theExportsCasesCarryNoRelatedCases() {
        // An export reads up to 10,000 cases; with each case's related cases (up to 500 on one host) that was
        // up to five million rows in memory for pages no export shows.
        for (int i = 0; i < 5; i++) {
            submit(CaseFixtures.url("https://kit.evil.example/page" + i));
        }
        List<CaseDetail> opened = cases.opened(tenant, null, null);
        assertThat(opened).hasSize(5);
        assertThat(opened).allSatisfy(d -> assertThat(d.related()).isEmpty());
        assertThat(cases.find(tenant, opened.get(0).phishingCase().id()).orElseThrow().related()).hasSize(4);
    }

    @Test
    void aForwardedMailJoinsItsPhishingPageAndKeepsTheMailAsEvidence() {
        byte[] eml = CaseFixtures.resource("forwarded.eml");
        IntakeResult result = submit(CaseFixtures.email(eml));
        assertThat(result.cases()).hasSize(1); // /verify/ and /verify?id=88 are one page
        CaseDetail detail = cases.find(tenant, result.caseId()).orElseThrow();
        StoredReport report = detail.reports().get(0);
        assertThat(report.mailSubject()).isEqualTo("【重要】カードご利用確認のお願い");
        assertThat(report.messageId()).isEqualTo("<phish-0001@secure-login.example>");
        assertThat(report.evidence()).singleElement().satisfies(e -> {
            assertThat(e.contentType()).isEqualTo("message/rfc822");
            assertThat(e.sizeBytes()).isEqualTo(eml.length);
            assertThat(e.sha256()).isEqualTo(PhishingCases.sha256(eml));
        });
        assertThat(cases.evidence(tenant, report.evidence().get(0).id())).hasValueSatisfying(b -> assertThat(b).isEqualTo(eml));
    }

    @Test
    void aScreenshotIsStoredWithItsHashAndNeedsTheAddressBeside() {
        IntakeResult r = submit(new ReportSubmission(ReportType.SCREENSHOT, "https://evil.example.org/", "スクショです", null, CaseFixtures.PNG,
                Reporter.STAFF, "console", null, null, "Mamori Card"));
        StoredReport report = cases.find(tenant, r.caseId()).orElseThrow().reports().get(0);
        assertThat(report.evidence()).singleElement().satisfies(e -> {
            assertThat(e.contentType()).isEqualTo("image/png");
            assertThat(e.sha256()).isEqualTo(PhishingCases.sha256(CaseFixtures.PNG));
        });
        assertThat(cases.find(tenant, r.caseId()).orElseThrow().phishingCase().brand()).isEqualTo("Mamori Card");
        assertThatThrownBy(() -> submit(new ReportSubmission(ReportType.SCREENSHOT, null, null, null, CaseFixtures.PNG, Reporter.STAFF, null, null,
                null, null))).hasFieldOrPropertyWithValue("rule", "contains-url");
        assertThatThrownBy(() -> submit(new ReportSubmission(ReportType.SCREENSHOT, "https://evil.example.org/", null, null,
                "GIF89a".getBytes(StandardCharsets.US_ASCII), Reporter.STAFF, null, null, null, null))).hasFieldOrPropertyWithValue("rule", "image-type");
    }

    @Test
    void workflowAllowsTheUsualPathAndRefusesJumpsNamingBothStates() {
        CaseId id = submit(CaseFixtures.url("https://evil.example.com/a")).caseId();
        assertThatThrownBy(() -> cases.changeStatus(tenant, id, CaseStatus.DOWN, null, null, "a"))
                .isInstanceOfSatisfying(InvalidTransitionException.class, e -> {
                    assertThat(e.current()).isEqualTo(CaseStatus.NEW);
                    assertThat(e.requested()).isEqualTo(CaseStatus.DOWN);
                    assertThat(e.getMessage()).contains("new").contains("down");
                });
        cases.changeStatus(tenant, id, CaseStatus.CONFIRMED, "page seen live", "Mamori Card", "alice");
        cases.changeStatus(tenant, id, CaseStatus.TAKEDOWN_REQUESTED, "sent ARF to abuse@host.example", null, "alice");
        cases.changeStatus(tenant, id, CaseStatus.DOWN, null, null, "bob");
        PhishingCase closed = cases.changeStatus(tenant, id, CaseStatus.CLOSED, null, null, "bob");
        assertThat(closed.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(closed.brand()).isEqualTo("Mamori Card");
        assertThatThrownBy(() -> cases.changeStatus(tenant, id, CaseStatus.CONFIRMED, null, null, "bob"))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("final");
        List<CaseEvent> status = cases.find(tenant, id).orElseThrow().events().stream().filter(e -> e.kind().equals("status")).toList();
        assertThat(status).extracting(CaseEvent::toStatus)
                .containsExactly(CaseStatus.CONFIRMED, CaseStatus.TAKEDOWN_REQUESTED, CaseStatus.DOWN, CaseStatus.CLOSED);
        assertThat(status).extracting(CaseEvent::actor).containsExactly("alice", "alice", "bob", "bob");
        assertThat(status.get(0).at()).isEqualTo(NOW);
        assertThat(status.get(0).detail()).isEqualTo("page seen live");
    }

    @Test
    void rejectedAndFalsePositiveEndACase() {
        CaseId a = submit(CaseFixtures.url("https://a.example.com/")).caseId();
        CaseId b = submit(CaseFixtures.url("https://b.example.com/")).caseId();
        cases.changeStatus(tenant, a, CaseStatus.REJECTED, null, null, "x");
        cases.changeStatus(tenant, b, CaseStatus.FALSE_POSITIVE, null, null, "x");
        assertThatThrownBy(() -> cases.changeStatus(tenant, a, CaseStatus.CONFIRMED, null, null, "x")).isInstanceOf(InvalidTransitionException.class);
        assertThat(cases.list(tenant, CaseStatus.FALSE_POSITIVE, null, null)).extracting(PhishingCase::id).containsExactly(b);
    }

    @Test
    void notesAreRecordedMasked() {
        CaseId id = submit(CaseFixtures.url("https://evil.example.com/a")).caseId();
        CaseEvent note = cases.addNote(tenant, id, "cardholder read out " + CaseFixtures.PAN_SPACED + " on the phone", "alice");
        assertThat(note.detail()).isEqualTo("cardholder read out 4111 11** **** 1111 on the phone");
        assertThatThrownBy(() -> cases.addNote(tenant, id, " ", "alice")).hasFieldOrPropertyWithValue("rule", "required");
    }

    @Test
    void cardNumbersAreFingerprintedMaskedAndNeverStored() throws SQLException {
        String sms = "SMSの指示どおり " + CaseFixtures.PAN_SPACED + " と ５５５５５５５５５５５５４４４４ を https://pay.evil.example.com/card に入力してしまいました";
        IntakeResult r = cases.submit(tenant, new ReportSubmission(ReportType.SMS, null, sms, null, null, Reporter.CARDHOLDER, "call-centre", null,
                "番号 " + CaseFixtures.PAN, null), CaseFixtures.FINGERPRINTER, "operator");
        assertThat(r.maskedCards()).containsExactly("411111******1111", "555555******4444");
        IntakeResult mail = submit(CaseFixtures.email(CaseFixtures.resource("with-card.eml")));
        IntakeResult odd = submit(new ReportSubmission(ReportType.URL, "https://odd.evil.example.com/", null, null, null, Reporter.STAFF,
                "desk " + CaseFixtures.PAN2, null, null, "brand " + CaseFixtures.PAN2));
        assertThat(cases.find(tenant, odd.caseId()).orElseThrow().phishingCase().brand()).isEqualTo("brand 555555******4444");
        cases.changeStatus(tenant, odd.caseId(), CaseStatus.CONFIRMED, "told " + CaseFixtures.PAN, null, "x");
        assertThat(mail.maskedCards()).containsExactly("411111******1111");

        List<CompromisedCard> cards = cases.cards(tenant, r.caseId());
        assertThat(cards).extracting(CompromisedCard::fingerprint, CompromisedCard::masked).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(CaseFixtures.hmac(tenant, CaseFixtures.PAN), "411111******1111"),
                org.assertj.core.groups.Tuple.tuple(CaseFixtures.hmac(tenant, CaseFixtures.PAN2), "555555******4444"));
        StoredReport report = cases.find(tenant, r.caseId()).orElseThrow().reports().get(0);
        assertThat(report.contentText()).contains("4111 11** **** 1111").contains("５５５５５５******４４４４");
        assertThat(report.note()).isEqualTo("番号 411111******1111");
        // the mail with a card number is kept rebuilt and masked, not as received
        StoredReport mailReport = cases.find(tenant, mail.caseId()).orElseThrow().reports().get(0);
        byte[] kept = cases.evidence(tenant, mailReport.evidence().get(0).id()).orElseThrow();
        assertThat(new String(kept, StandardCharsets.UTF_8)).contains("X-Mamori-Sanitized").contains("4111 11** **** 1111");

        assertThat(scanForCardNumbers(db)).isEmpty();
    }

    @Test
    void aCardNumberInAUrlIsMaskedInTheStoredUrlAndFingerprinted() throws SQLException {
        IntakeResult r = submit(CaseFixtures.url("https://kit.evil.example.com/" + CaseFixtures.PAN + "/done?card=" + CaseFixtures.PAN2));
        assertThat(r.cases().get(0).url().url()).isEqualTo("https://kit.evil.example.com/411111******1111/done?card=555555******4444");
        assertThat(r.maskedCards()).containsExactly("411111******1111", "555555******4444");
        assertThat(cases.find(tenant, r.caseId()).orElseThrow().phishingCase().url()).doesNotContain(CaseFixtures.PAN);
        assertThat(scanForCardNumbers(db)).isEmpty();
    }

    @Test
    void aCardNumberInABase64TextAttachmentIsFoundAndTheMailNotKeptAsReceived() throws SQLException {
        String csv = java.util.Base64.getMimeEncoder().encodeToString(("card," + CaseFixtures.PAN + "\r\n").getBytes(StandardCharsets.US_ASCII));
        String eml = "From: victim@example.jp\r\nSubject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nsee https://att.evil.example.com/x\r\n"
                + "--b1\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"typed.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + csv + "\r\n--b1--\r\n";
        IntakeResult r = submit(CaseFixtures.email(eml.getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.maskedCards()).containsExactly("411111******1111");
        StoredReport report = cases.find(tenant, r.caseId()).orElseThrow().reports().get(0);
        byte[] kept = cases.evidence(tenant, report.evidence().get(0).id()).orElseThrow();
        assertThat(new String(kept, StandardCharsets.US_ASCII)).contains("X-Mamori-Sanitized").doesNotContain(csv.strip());
        assertThat(scanForCardNumbers(db)).isEmpty();
    }

    @Test
    void listFiltersByHostNameOrIpAddress() {
        submit(CaseFixtures.url("http://203.0.113.9/login"));
        submit(CaseFixtures.url("https://b.evil.example.com/"));
        assertThat(cases.list(tenant, null, null, "203.0.113.9")).extracting(PhishingCase::host).containsExactly("203.0.113.9");
        assertThat(cases.list(tenant, null, null, "B.EVIL.example.com")).extracting(PhishingCase::host).containsExactly("b.evil.example.com");
        assertThatThrownBy(() -> cases.list(tenant, null, null, "not a host")).hasFieldOrPropertyWithValue("field", "host");
    }

    @Test
    void withoutAFingerprintFunctionCardsAreMaskedButNotKept() {
        IntakeResult r = cases.submit(tenant, CaseFixtures.sms("入力した番号 " + CaseFixtures.PAN + " https://evil.example.com/x"), null, "op");
        assertThat(r.maskedCards()).containsExactly("411111******1111");
        assertThat(cases.cards(tenant, r.caseId())).isEmpty();
    }

    @Test
    void markListedRecordsWhoSentWhichCards() {
        IntakeResult r = submit(CaseFixtures.sms(CaseFixtures.PAN + " https://evil.example.com/x"));
        String fp = CaseFixtures.hmac(tenant, CaseFixtures.PAN);
        List<CompromisedCard> after = cases.markListed(tenant, r.caseId(), List.of(fp), "alice");
        assertThat(after).singleElement().satisfies(c -> {
            assertThat(c.listedAt()).isEqualTo(NOW);
            assertThat(c.listedBy()).isEqualTo("alice");
        });
        assertThat(cases.find(tenant, r.caseId()).orElseThrow().events()).extracting(CaseEvent::kind).contains("card-found", "cards-listed");
    }

    @Test
    void urlsOnTheTenantsOwnDomainsDoNotOpenCases() {
        module.brandDomains().register(tenant, DomainName.of("mamori-card.example.jp"), true, "Mamori Card", "admin");
        IntakeResult r = submit(CaseFixtures.sms("正規: https://www.mamori-card.example.jp/faq 偽: https://mamori-card.evil.example.com/login"));
        assertThat(r.cases()).extracting(l -> l.url().host()).containsExactly("mamori-card.evil.example.com");
        assertThat(r.ownDomains()).containsExactly("https://www.mamori-card.example.jp/faq");
        assertThatThrownBy(() -> submit(CaseFixtures.url("https://www.mamori-card.example.jp/"))).hasFieldOrPropertyWithValue("rule", "contains-url");
    }

    @Test
    void badReportsNameTheFieldAndWriteNothing() throws SQLException {
        assertThatThrownBy(() -> submit(CaseFixtures.url("not a url"))).isInstanceOfSatisfying(InvalidReportException.class, e -> {
            assertThat(e.field()).isEqualTo("url");
            assertThat(e.rule()).isEqualTo("url");
        });
        assertThatThrownBy(() -> submit(CaseFixtures.sms("URLのないSMS " + CaseFixtures.PAN))).isInstanceOfSatisfying(InvalidReportException.class,
                e -> {
                    assertThat(e.field()).isEqualTo("text");
                    assertThat(e.rule()).isEqualTo("contains-url");
                    assertThat(e.getMessage()).doesNotContain(CaseFixtures.PAN);
                });
        assertThatThrownBy(() -> submit(CaseFixtures.email("garbage".getBytes(StandardCharsets.US_ASCII)))).hasFieldOrPropertyWithValue("field", "eml");
        assertThatThrownBy(() -> submit(new ReportSubmission(ReportType.URL, "https://e.example.com/", null, null, null, Reporter.STAFF, null,
                NOW.plusSeconds(3600), null, null))).hasFieldOrPropertyWithValue("field", "receivedAt");
        assertThatThrownBy(() -> submit(new ReportSubmission(ReportType.URL, "https://e.example.com/", null, null, null, null, null, null, null, null)))
                .hasFieldOrPropertyWithValue("field", "reporter");
        assertThat(rowCount("report_cases") + rowCount("reports") + rowCount("case_events") + rowCount("compromised_cards")).isZero();
    }

    @Test
    void anotherTenantSeesNothing() {
        CaseId id = submit(CaseFixtures.url("https://evil.example.com/a")).caseId();
        TenantId other = TenantId.random();
        assertThat(cases.find(other, id)).isEmpty();
        assertThat(cases.list(other, null, null, null)).isEmpty();
        assertThatThrownBy(() -> cases.changeStatus(other, id, CaseStatus.CONFIRMED, null, null, "x")).isInstanceOf(CaseNotFoundException.class);
        assertThatThrownBy(() -> cases.addNote(other, id, "n", "x")).isInstanceOf(CaseNotFoundException.class);
        // the same page reported in another tenant is that tenant's own case
        IntakeResult theirs = cases.submit(other, CaseFixtures.url("https://evil.example.com/a"), null, "x");
        assertThat(theirs.caseId()).isNotEqualTo(id);
        assertThat(theirs.cases().get(0).opened()).isTrue();
    }

    private long rowCount(String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from phishing." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every value of every column of the phishing schema, text and bytes, searched for the test card numbers in any spelling. */
    static List<String> scanForCardNumbers(DataSource db) throws SQLException {
        List<String> hits = new ArrayList<>();
        List<String> needles = List.of(CaseFixtures.PAN, CaseFixtures.PAN_SPACED, CaseFixtures.PAN2, "５５５５５５５５５５５５４４４４");
        try (Connection c = db.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, "phishing", "%", new String[] {"TABLE", "BASE TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("reports", "report_cases", "case_events", "report_evidence", "compromised_cards", "report_urls");
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from phishing." + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) + new String(bytes,
                                    StandardCharsets.ISO_8859_1) : String.valueOf(value);
                            for (String needle : needles) {
                                if (text.contains(needle)) {
                                    hits.add(table + "." + rs.getMetaData().getColumnName(i));
                                }
                            }
                        }
                    }
                }
            }
        }
        return hits;
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThat(cases.find(tenant, new CaseId(UUID.randomUUID()))).isEmpty();
        assertThatThrownBy(() -> CaseId.parse("nope")).hasFieldOrPropertyWithValue("rule", "uuid");
    }
}
