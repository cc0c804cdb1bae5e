package dev.mamori.phishing.aggregate;

import static dev.mamori.phishing.aggregate.ReportFiles.email;
import static dev.mamori.phishing.aggregate.ReportFiles.gzip;
import static dev.mamori.phishing.aggregate.ReportFiles.minimal;
import static dev.mamori.phishing.aggregate.ReportFiles.resource;
import static dev.mamori.phishing.aggregate.ReportFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.aggregate.AggregateReport.Disposition;
import dev.mamori.phishing.aggregate.DmarcSummary.Classification;
import dev.mamori.phishing.aggregate.DmarcSummary.DayVolume;
import dev.mamori.phishing.aggregate.DmarcSummary.Source;
import dev.mamori.phishing.aggregate.IngestResult.Status;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.NoSuchNames;
import dev.mamori.phishing.dns.LocalDnsServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DmarcReportsTest {
    static LocalDnsServer dns;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    static final LocalDate NOV_5 = LocalDate.of(2026, 11, 5);
    static final LocalDate NOV_7 = LocalDate.of(2026, 11, 7);

    final DataSource dataSource = PhishingTestDatabase.create();
    final PhishingModule module = new PhishingModule(dataSource, dns.resolver(), CLOCK);
    final DmarcReports reports = module.dmarcReports();
    final BrandDomains brands = module.brandDomains();
    final TenantId card = TenantId.random();
    final TenantId shop = TenantId.random();
    final DomainName mamori = DomainName.of("mamori-card.test");

    @BeforeAll
    static void startDns() {
        dns = LocalDnsServer.start(Map.of("2.0.192.in-addr.arpa", "10 IN PTR mail.mamori-card.test."));
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @Test
    void storesEachFileOfABatchAndReportsDuplicatesAndRejectsWithoutStoppingTheBatch() {
        brands.register(card, mamori, true, "Mamori Card", "alice");
        List<IngestResult> results = reports.ingest(card, List.of(
                new UploadedFile("google.xml.gz", gzip(resource("google-mamori.xml"))),
                new UploadedFile("broken.xml", utf8(minimal("r", "mamori-card.test", null).replace("<count>3</count>", "<count>-1</count>"))),
                new UploadedFile("again.eml", email("application/gzip", "google.xml.gz", gzip(resource("google-mamori.xml")))),
                new UploadedFile("microsoft.xml", resource("microsoft-mamori.xml"))), "alice");

        assertThat(results).extracting(IngestResult::status).containsExactly(Status.STORED, Status.REJECTED, Status.DUPLICATE, Status.STORED);
        assertThat(results.get(0).format()).isEqualTo(ReportFormat.GZIP);
        assertThat(results.get(0).domainRegistered()).isTrue();
        assertThat(results.get(1).errorElement()).isEqualTo("feedback/record[1]/row/count");
        assertThat(results.get(1).errorRule()).isEqualTo("not-negative");
        assertThat(results.get(1).reportId()).isNull();
        assertThat(results.get(2).reportId()).isEqualTo(results.get(0).reportId());
        assertThat(reports.list(card, null, null, null, 100)).hasSize(2);
        assertThat(count("select count(*) from phishing.dmarc_report_records")).isEqualTo(4);
        assertThat(count("select count(*) from phishing.dmarc_record_auth")).isEqualTo(7);
    }

    @Test
    void theSameReportIdFromAnotherReporterOrTenantIsNotADuplicate() {
        String a = minimal("same-id", "mamori-card.test", null);
        String b = a.replace("rep.example</org_name>", "other.example</org_name>");

        assertThat(reports.ingest(card, new UploadedFile("a", utf8(a)), "alice").status()).isEqualTo(Status.STORED);
        assertThat(reports.ingest(card, new UploadedFile("b", utf8(b)), "alice").status()).isEqualTo(Status.STORED);
        assertThat(reports.ingest(card, new UploadedFile("a2", utf8(a.replace("rep.example</org_name>", "REP.example</org_name>"))), "alice")
                .status()).isEqualTo(Status.DUPLICATE);
        assertThat(reports.ingest(shop, new UploadedFile("a", utf8(a)), "carol").status()).isEqualTo(Status.STORED);
    }

    @Test
    void acceptsReportsForUnregisteredDomainsAndSaysSo() {
        brands.register(card, DomainName.of("card.test"), true, null, "alice");
        IngestResult sub = reports.ingest(card, new UploadedFile(null, utf8(minimal("1", "news.card.test", null))), "alice");
        IngestResult other = reports.ingest(card, new UploadedFile(null, utf8(minimal("2", "unrelated.test", null))), "alice");

        assertThat(sub.status()).isEqualTo(Status.STORED);
        assertThat(sub.domainRegistered()).isTrue();
        assertThat(other.status()).isEqualTo(Status.STORED);
        assertThat(other.domainRegistered()).isFalse();
        assertThat(reports.find(card, other.reportId()).orElseThrow().report().domainRegistered()).isFalse();
    }

    @Test
    void findReturnsTheRecordsAsUploadedAndNothingForAnotherTenant() throws Exception {
        IngestResult stored = reports.ingest(card, new UploadedFile("rfc9990.xml", resource("rfc9990-mamori.xml")), "alice");

        DmarcReports.ReportDetail detail = reports.find(card, stored.reportId()).orElseThrow();
        AggregateReport parsed = new AggregateReportParser().parse(resource("rfc9990-mamori.xml")).report();
        assertThat(detail.records()).isEqualTo(parsed.records());
        assertThat(detail.report().policy()).isEqualTo(parsed.policy());
        assertThat(detail.report().reportId()).isEqualTo("<2026-11-02.mamori-card.test@mail.receiver.example>");
        assertThat(detail.report().generator()).isEqualTo("Receiver DMARC 3.1");
        assertThat(detail.report().receivedBy()).isEqualTo("alice");
        assertThat(detail.report().messageCount()).isEqualTo(520);
        assertThat(reports.find(shop, stored.reportId())).isEmpty();
        assertThat(reports.list(shop, null, null, null, 100)).isEmpty();
    }

    @Test
    void listFiltersByDomainAndPeriod() {
        reports.ingest(card, List.of(new UploadedFile("g", resource("google-mamori.xml")), new UploadedFile("r", resource("rfc9990-mamori.xml")),
                new UploadedFile("o", utf8(minimal("x", "other.test", null)))), "alice");

        assertThat(reports.list(card, mamori, null, null, 100)).extracting(StoredReport::orgName)
                .containsExactly("mail.receiver.example", "google.com");
        assertThat(reports.list(card, mamori, NOV_7, NOV_7, 100)).extracting(StoredReport::orgName).containsExactly("mail.receiver.example");
        assertThat(reports.list(card, null, NOV_5, NOV_5, 100)).hasSize(2);
        assertThat(reports.domains(card)).containsExactly("mamori-card.test", "other.test");
    }

    @Test
    void summaryGroupsSourcesClassifiesThemAndCountsDailyVolume() {
        brands.register(card, mamori, true, null, "alice");
        reports.ingest(card, List.of(new UploadedFile("g", resource("google-mamori.xml")), new UploadedFile("m", resource("microsoft-mamori.xml")),
                new UploadedFile("r", resource("rfc9990-mamori.xml"))), "alice");

        DmarcSummary summary = reports.summary(card, mamori, LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 8));

        assertThat(summary.reportCount()).isEqualTo(3);
        assertThat(summary.messages()).isEqualTo(1200 + 300 + 45 + 80 + 500 + 20);
        assertThat(summary.dmarcPass()).isEqualTo(1200 + 80 + 500);
        assertThat(summary.dmarcFail()).isEqualTo(300 + 45 + 20);
        assertThat(summary.dkimAligned()).isEqualTo(1200 + 80 + 500);
        assertThat(summary.spfAligned()).isEqualTo(1200 + 500);
        assertThat(summary.dispositions()).containsEntry(Disposition.NONE, 1625L).containsEntry(Disposition.PASS, 500L)
                .containsEntry(Disposition.QUARANTINE, 20L);
        assertThat(summary.daily()).containsExactly(new DayVolume(LocalDate.of(2026, 11, 4), 0, 0), new DayVolume(NOV_5, 1280, 345),
                new DayVolume(LocalDate.of(2026, 11, 6), 0, 0), new DayVolume(NOV_7, 500, 20), new DayVolume(LocalDate.of(2026, 11, 8), 0, 0));
        assertThat(summary.sources()).extracting(Source::ip).containsExactly("192.0.2.10", "198.51.100.25", "2001:db8::25",
                "203.0.113.66");
        Source authorized = summary.sources().get(0);
        assertThat(authorized.messages()).isEqualTo(1700);
        assertThat(authorized.classification()).isEqualTo(Classification.AUTHORIZED);
        assertThat(authorized.hostName()).isEqualTo("mail.mamori-card.test");
        Source forgotten = summary.sources().get(1);
        assertThat(forgotten.classification()).isEqualTo(Classification.FORGOTTEN_SENDER);
        assertThat(forgotten.authenticatedAs()).containsExactly("bounce.mailer.example", "mailer.example");
        assertThat(forgotten.hostName()).isNull();
        Source spoofer = summary.sources().get(3);
        assertThat(spoofer.classification()).isEqualTo(Classification.SPOOFING);
        assertThat(spoofer.messages()).isEqualTo(65);
        assertThat(spoofer.dmarcFail()).isEqualTo(65);
        assertThat(summary.readiness().legitimateAtRisk()).isEqualTo(300);
        assertThat(summary.readiness().spoofingBlocked()).isEqualTo(65);
        assertThat(summary.readiness().rejectShare()).isEqualTo(365.0 / 2145);
        assertThat(summary.readiness().ready()).isFalse();
        assertThat(summary.domainRegistered()).isTrue();

        assertThat(reports.summary(shop, mamori, LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 8)).messages()).isZero();
        assertThat(reports.summary(card, mamori, NOV_7, NOV_7).messages()).isEqualTo(520);
    }

    @Test
    void summaryRefusesReversedOrOverlongPeriods() {
        assertThatThrownBy(() -> reports.summary(card, mamori, NOV_7, NOV_5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reports.summary(card, mamori, NOV_5, NOV_5.plusDays(366))).isInstanceOf(IllegalArgumentException.class);
        assertThat(reports.summary(card, mamori, NOV_5, NOV_5.plusDays(365)).daily()).hasSize(366);
    }

    @Test
    void slowReverseDnsBlocksNeitherIngestionNorTheSummaryForLong() {
        DnsResolver slow = new SlowPtrResolver();
        DmarcReports withSlowDns = new DmarcReports(new Jdbc(dataSource), brands, slow, CLOCK);

        long start = System.nanoTime();
        IngestResult stored = withSlowDns.ingest(card, new UploadedFile("g", resource("google-mamori.xml")), "alice");
        long ingestMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        DmarcSummary summary = withSlowDns.summary(card, mamori, NOV_5, NOV_5);
        long summaryMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(stored.status()).isEqualTo(Status.STORED);
        assertThat(ingestMillis).isLessThan(5_000);
        assertThat(summaryMillis).isLessThan(9_000);
        assertThat(summary.sources()).allSatisfy(s -> assertThat(s.hostName()).isNull());
        assertThat(summary.messages()).isEqualTo(1545);
    }

    private long count(String sql) {
        return new Jdbc(dataSource).queryOne(sql, ps -> { }, rs -> rs.getLong(1)).orElseThrow();
    }

    /** A resolver whose reverse lookups take ten seconds, as a broken upstream would. */
    static final class SlowPtrResolver extends NoSuchNames {
        @Override
        public DnsAnswer<String> ptr(InetAddress address) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DnsAnswer.found(List.of("late.example.test"));
        }
    }
}
