package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.internal.PostureStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Whatever a domain publishes, its check is stored: the texts taken from records fit their columns. */
class PostureStorageLimitsTest {
    @Test
    void aKeyRecordMissingASemicolonAfterKIsReportedAndStored() {
        // A semicolon missing after k=: the notes that follow become part of the key type.
        String record = "v=DKIM1; k=rsa n=" + "Newsletter key managed by the marketing team, rotated yearly. ".repeat(6) + "; p="
                + PostureFixtures.rsaKey(2048);
        try (LocalDnsServer dns = LocalDnsServer.start(Map.of("typo.test", """
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@typo.test"
                s1._domainkey IN TXT %s
                """.formatted(PostureFixtures.txt(record))))) {
            DataSource db = PhishingTestDatabase.create();
            Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
            PhishingModule module = new PhishingModule(db, dns.resolver(), clock);
            MtaStsFetcher none = domain -> {
                throw new IOException("not used");
            };
            DomainPosture posture = new DomainPosture(module.brandDomains(), new PostureStore(new Jdbc(db)),
                    new PostureChecker(dns.resolver(), none, clock));
            TenantId tenant = TenantId.random();
            DomainName domain = DomainName.of("typo.test");
            posture.register(tenant, domain, true, null, List.of("s1"), "alice");

            PostureCheck check = posture.check(tenant, domain, "alice");

            assertThat(check.report().findings()).extracting(PostureFinding::code).contains(PostureCode.DKIM_INVALID);
            PostureCheck stored = posture.latest(tenant, domain).orElseThrow();
            assertThat(stored.report().dkim()).singleElement().satisfies(k -> {
                assertThat(k.state()).isEqualTo(DkimKeyStatus.State.INVALID);
                assertThat(k.problem()).startsWith("unknown key type k=rsan=Newsletter").hasSizeLessThanOrEqualTo(DkimKeyStatus.MAX_PROBLEM);
            });
        }
    }
}
