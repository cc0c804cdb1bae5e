package dev.mamori.phishing.lookalike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.dns.DnsJavaResolver;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LookalikesTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    final PhishingModule module = new PhishingModule(PhishingTestDatabase.create(), DnsJavaResolver.system(), clock);
    final Lookalikes lookalikes = module.lookalikes();
    final TenantId card = TenantId.random();
    final TenantId shop = TenantId.random();

    private static BufferedReader text(String text) {
        return new BufferedReader(new StringReader(text));
    }

    @Test
    void scanStoresMatchesAndReportsBadLines() {
        module.brandDomains().register(card, DomainName.of("mamori.jp"), true, "Mamori", "alice");
        Lookalikes.ScanResult result = lookalikes.scan(card, text("mmaori.jp\nwww.mamori.jp\nexample.com\nnot a domain\nmamori-login.com\nmmaori.jp\n"),
                ScanSource.UPLOAD);

        assertThat(result.outcome().scanned()).isEqualTo(5);
        assertThat(result.outcome().rejected()).extracting(RejectedLine::line).containsExactly(4L);
        assertThat(result.matches()).extracting(m -> m.match().observed()).containsExactly("mmaori.jp", "mamori-login.com");
        assertThat(result.matches()).allMatch(m -> m.status() == MatchStatus.NEW && m.source() == ScanSource.UPLOAD);

        assertThat(lookalikes.matches(card, null, null, 0, 100)).extracting(m -> m.match().observed())
                .containsExactly("mmaori.jp", "mamori-login.com"); // best score first
        assertThat(lookalikes.matches(card, null, null, 0.88, 100)).extracting(m -> m.match().observed()).containsExactly("mmaori.jp");
        assertThat(lookalikes.matches(card, DomainName.of("other.jp"), null, 0, 100)).isEmpty();
    }

    @Test
    void rescanKeepsStatusAndFirstSeenAndMovesLastSeen() {
        module.brandDomains().register(card, DomainName.of("mamori.jp"), true, null, "alice");
        StoredMatch first = lookalikes.scan(card, text("mamori-login.com\n"), ScanSource.UPLOAD).matches().get(0);
        assertThat(lookalikes.setStatus(card, first.id(), MatchStatus.CONFIRMED, "bob")).get()
                .extracting(StoredMatch::status).isEqualTo(MatchStatus.CONFIRMED);

        now.set(Instant.parse("2026-11-27T00:00:00Z"));
        StoredMatch again = lookalikes.scan(card, text("{\"all_domains\":[\"mamori-login.com\"]}\n"), ScanSource.CT).matches().get(0);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.status()).isEqualTo(MatchStatus.CONFIRMED);
        StoredMatch stored = lookalikes.find(card, first.id()).orElseThrow();
        assertThat(stored.firstSeen()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(stored.lastSeen()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(stored.source()).isEqualTo(ScanSource.CT);
        assertThat(lookalikes.matches(card, null, MatchStatus.CONFIRMED, 0, 10)).hasSize(1);
        assertThat(lookalikes.matches(card, null, MatchStatus.NEW, 0, 10)).isEmpty();
    }

    @Test
    void tenantsSeeOnlyTheirOwnBrandsAndMatches() {
        module.brandDomains().register(card, DomainName.of("mamori.jp"), true, null, "alice");
        module.brandDomains().register(shop, DomainName.of("sakuracard.co.jp"), true, null, "carol");
        StoredMatch cards = lookalikes.scan(card, text("mmaori.jp\nsakuracrad.co.jp\n"), ScanSource.UPLOAD).matches().get(0);
        assertThat(lookalikes.scan(shop, text("mmaori.jp\nsakuracrad.co.jp\n"), ScanSource.UPLOAD).matches())
                .extracting(m -> m.match().observed()).containsExactly("sakuracrad.co.jp");

        assertThat(lookalikes.matches(card, null, null, 0, 10)).extracting(m -> m.match().observed()).containsExactly("mmaori.jp");
        assertThat(lookalikes.find(shop, cards.id())).isEmpty();
        assertThat(lookalikes.setStatus(shop, cards.id(), MatchStatus.IGNORED, "carol")).isEmpty();
        assertThat(lookalikes.find(card, cards.id()).orElseThrow().status()).isEqualTo(MatchStatus.NEW);
    }

    @Test
    void scanWithoutBrandsIsRefused() {
        assertThatThrownBy(() -> lookalikes.scan(card, text("mmaori.jp\n"), ScanSource.UPLOAD)).isInstanceOf(Lookalikes.NoBrandsException.class);
    }

    @Test
    void candidatesAreCapped() {
        assertThat(lookalikes.candidates(DomainName.of("mamori.jp"), 10)).hasSize(10);
        assertThat(lookalikes.candidates(DomainName.of("mamori.jp"), 100_000).size()).isLessThanOrEqualTo(Lookalikes.MAX_CANDIDATES);
    }
}
