package dev.mamori.phishing.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.dns.DnsJavaResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Whatever a reporter writes, a report is stored or rejected with a clear error: values fit their columns. */
class DmarcReportStorageLimitsTest {
    @Test
    void aLongVersionIsStoredShortened() {
        PhishingModule module = new PhishingModule(PhishingTestDatabase.create(), DnsJavaResolver.forServer("127.0.0.1:9",
                Duration.ofMillis(100)), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));
        String xml = ReportFiles.minimal("r1", "mamori-card.test", null)
                .replace("<feedback>", "<feedback><version>1.0-generated-by-a-very-long-reporter-build-name</version>");
        IngestResult result = module.dmarcReports().ingest(TenantId.random(), new UploadedFile("long.xml", ReportFiles.utf8(xml)), "alice");
        assertThat(result.status()).isEqualTo(IngestResult.Status.STORED);
    }
}
