package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A normalised URL is stored in a varchar(2048): normalising must not make it longer than that. */
class UrlLengthTest {
    @Test
    void aUrlThatNormalisingMakesLongerThanTheLimitIsNotTaken() {
        String bare = "evil.example.com/" + "a".repeat(UrlExtractor.MAX_URL_LENGTH - "evil.example.com/".length());
        assertThat(bare).hasSize(UrlExtractor.MAX_URL_LENGTH);
        String idn = "https://" + "ドメイン".repeat(10) + ".example.com/" + "b".repeat(1900);
        for (String text : List.of(bare, idn)) {
            List<ReportedUrl> urls = UrlExtractor.fromText(text);
            assertThat(urls).allSatisfy(u -> assertThat(u.url().length()).isLessThanOrEqualTo(UrlExtractor.MAX_URL_LENGTH));
        }
    }

    @Test
    void suchAUrlReportIsRefusedNamingTheFieldNotFailedInTheDatabase() {
        PhishingCases cases = new dev.mamori.phishing.PhishingModule(dev.mamori.phishing.PhishingTestDatabase.create(),
                dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9", java.time.Duration.ofMillis(100)),
                java.time.Clock.systemUTC()).cases();
        String bare = "evil.example.com/" + "a".repeat(UrlExtractor.MAX_URL_LENGTH - "evil.example.com/".length());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cases.submit(dev.mamori.common.TenantId.random(), CaseFixtures.url(bare),
                null, "x")).isInstanceOfSatisfying(InvalidReportException.class, e -> assertThat(e.getMessage()).contains("url"));
    }
}
