package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.PhishingTestDatabase;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.internal.PostureStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DomainPosture} on H2: stored checks, the history of changes, alerts, tenants, the scheduled re-check. */
class DomainPostureTest {
    static LocalDnsServer before;
    static LocalDnsServer after;
    static PostureFixtures.PolicyServer https;

    final SwitchDns dns = new SwitchDns();
    DomainPosture posture;
    final TenantId card = TenantId.random();
    final TenantId shop = TenantId.random();
    final DomainName brand = DomainName.of("brand.test");

    @BeforeAll
    static void start() {
        before = LocalDnsServer.start(Map.of("brand.test", """
                @ IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@brand.test"
                s1._domainkey IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                """, "other.test", """
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@other.test"
                """));
        after = LocalDnsServer.start(Map.of("brand.test", """
                @ IN TXT "v=spf1 +all"
                _dmarc IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@brand.test"
                s1._domainkey IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                """, "other.test", """
                @ IN TXT "v=spf1 -all"
                _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@other.test"
                """));
        https = new PostureFixtures.PolicyServer();
    }

    @AfterAll
    static void stop() {
        https.close();
        before.close();
        after.close();
    }

    @BeforeEach
    void setUp() {
        DataSource db = PhishingTestDatabase.create();
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        PhishingModule module = new PhishingModule(db, dns, clock);
        posture = new DomainPosture(module.brandDomains(), new PostureStore(new Jdbc(db)), new PostureChecker(dns, https.fetcher(), clock));
        dns.to(before.resolver());
    }

    @Test
    void aCheckIsStoredAndTheListShowsTheLatestGrade() {
        PostureDomain registered = posture.register(card, brand, true, "Brand", List.of("S1", "s1"), "alice");
        assertThat(registered.selectors()).containsExactly("s1");
        assertThat(registered.latestGrade()).isNull();

        PostureCheck check = posture.check(card, brand, "alice");

        assertThat(check.report().grade()).isEqualTo(Grade.A);
        PostureCheck latest = posture.latest(card, brand).orElseThrow();
        assertThat(latest.id()).isEqualTo(check.id());
        assertThat(latest.checkedBy()).isEqualTo("alice");
        assertThat(latest.report().findings()).isEqualTo(check.report().findings());
        assertThat(latest.report().records()).isEqualTo(check.report().records());
        assertThat(latest.report().dkim()).extracting(DkimKeyStatus::selector, DkimKeyStatus::keyType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", "ed25519"));
        assertThat(posture.list(card)).singleElement().satisfies(d -> {
            assertThat(d.latestGrade()).isEqualTo(Grade.A);
            assertThat(d.latestScore()).isEqualTo(100);
            assertThat(d.latestComplete()).isTrue();
        });
    }

    @Test
    void theHistorySaysWhatChangedAndAWorsePostureRaisesAnAlert() {
        posture.register(card, brand, true, null, List.of("s1"), "alice");
        posture.check(card, brand, "alice");
        dns.to(after.resolver());
        PostureCheck worse = posture.check(card, brand, "scheduler");

        List<PostureChange> history = posture.history(card, brand, 10);
        assertThat(history).hasSize(2);
        PostureChange change = history.get(0);
        assertThat(change.check().id()).isEqualTo(worse.id());
        assertThat(change.previousGrade()).isEqualTo(Grade.A);
        assertThat(change.newFindings()).extracting(PostureFinding::code)
                .containsExactlyInAnyOrder(PostureCode.SPF_PASS_ALL, PostureCode.DMARC_POLICY_NONE);
        assertThat(change.resolvedFindings()).isEmpty();
        assertThat(change.changedRecords()).extracting(PostureChange.RecordChange::name)
                .containsExactlyInAnyOrder("brand.test", "_dmarc.brand.test");
        assertThat(change.changedRecords()).filteredOn(r -> r.name().equals("_dmarc.brand.test")).singleElement().satisfies(r -> {
            assertThat(r.before().values()).containsExactly("v=DMARC1; p=reject; rua=mailto:dmarc@brand.test");
            assertThat(r.after().values()).containsExactly("v=DMARC1; p=none; rua=mailto:dmarc@brand.test");
        });
        assertThat(history.get(1).previousGrade()).isNull();

        assertThat(posture.alerts(card, null, 10)).singleElement().satisfies(alert -> {
            assertThat(alert.domain()).isEqualTo(brand);
            assertThat(alert.checkId()).isEqualTo(worse.id());
            assertThat(alert.previousGrade()).isEqualTo(Grade.A);
            assertThat(alert.grade()).isEqualTo(Grade.F);
            assertThat(alert.newCodes()).containsExactlyInAnyOrder(PostureCode.SPF_PASS_ALL, PostureCode.DMARC_POLICY_NONE);
        });

        // Fixing it resolves the findings and raises nothing.
        dns.to(before.resolver());
        posture.check(card, brand, "alice");
        PostureChange fixed = posture.history(card, brand, 1).get(0);
        assertThat(fixed.resolvedFindings()).extracting(PostureFinding::code)
                .containsExactlyInAnyOrder(PostureCode.SPF_PASS_ALL, PostureCode.DMARC_POLICY_NONE);
        assertThat(posture.alerts(card, brand, 10)).hasSize(1);
    }

    @Test
    void aDnsOutageIsHistoryNotAnAlertAndTheNextCheckComparesWithTheLastCompleteOne() {
        posture.register(card, brand, true, null, List.of(), "alice");
        posture.check(card, brand, "alice");
        // Nothing listens there: every lookup fails (port unreachable or timeout).
        dns.to(dev.mamori.phishing.dns.DnsJavaResolver.forServer("127.0.0.1:9", java.time.Duration.ofMillis(300)));
        PostureCheck outage = posture.check(card, brand, "scheduler");
        assertThat(outage.report().complete()).isFalse();
        assertThat(outage.report().has(PostureCode.DNS_TEMPORARY_FAILURE)).isTrue();
        assertThat(posture.alerts(card, null, 10)).isEmpty();
        assertThat(posture.list(card).get(0).latestComplete()).isFalse();

        dns.to(before.resolver());
        posture.check(card, brand, "scheduler");
        assertThat(posture.alerts(card, null, 10)).isEmpty();
        assertThat(posture.history(card, brand, 10)).hasSize(3);
    }

    @Test
    void tenantsSeeOnlyTheirOwnDomainsAndRemovingADomainRemovesItsHistory() {
        posture.register(card, brand, true, null, List.of("s1"), "alice");
        posture.check(card, brand, "alice");

        assertThat(posture.find(shop, brand)).isEmpty();
        assertThat(posture.list(shop)).isEmpty();
        assertThat(posture.history(shop, brand, 10)).isEmpty();
        assertThatThrownBy(() -> posture.check(shop, brand, "mallory")).isInstanceOf(NoSuchElementException.class);

        assertThat(posture.remove(card, brand)).isTrue();
        posture.register(card, brand, true, null, List.of(), "alice");
        assertThat(posture.history(card, brand, 10)).isEmpty();
        assertThat(posture.find(card, brand).orElseThrow().selectors()).isEmpty();
    }

    @Test
    void badSelectorsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> posture.register(card, brand, true, null, List.of("ok", "not ok"), "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DNS labels");
        assertThat(posture.list(card)).isEmpty();
    }

    @Test
    void theScheduledRecheckChecksEveryTenantsDomainsAndOneFailureStopsNoOther() {
        posture.register(card, brand, true, null, List.of(), "alice");
        posture.register(card, DomainName.of("broken.test"), true, null, List.of(), "alice");
        posture.register(shop, DomainName.of("other.test"), false, null, List.of(), "carol");
        dns.failOn("broken.test");

        DomainPosture.RecheckResult result = posture.recheckAll("scheduler");

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.failures()).singleElement().asString().startsWith("broken.test");
        assertThat(posture.latest(card, brand)).isPresent();
        assertThat(posture.latest(shop, DomainName.of("other.test")).orElseThrow().report().findings()).isEmpty();
        assertThat(posture.latest(card, DomainName.of("broken.test"))).isEmpty();

        dns.to(after.resolver());
        assertThat(posture.recheckAll("scheduler").alerts()).isEqualTo(1);
    }

    /** Sends lookups to one of the test servers; a name can be made to throw, as a resolver bug would. */
    static final class SwitchDns implements DnsResolver {
        private volatile DnsResolver current;
        private volatile String failing = "\u0000";

        void to(DnsResolver resolver) {
            current = resolver;
        }

        void failOn(String domain) {
            failing = domain;
        }

        private DnsResolver pick(String name) {
            if (name.equals(failing) || name.endsWith("." + failing)) {
                throw new IllegalStateException("resolver bug");
            }
            return current;
        }

        @Override
        public DnsAnswer<String> txt(String name) {
            return pick(name).txt(name);
        }

        @Override
        public DnsAnswer<InetAddress> a(String name) {
            return pick(name).a(name);
        }

        @Override
        public DnsAnswer<InetAddress> aaaa(String name) {
            return pick(name).aaaa(name);
        }

        @Override
        public DnsAnswer<String> mx(String name) {
            return pick(name).mx(name);
        }

        @Override
        public DnsAnswer<String> ptr(InetAddress address) {
            return current.ptr(address);
        }
    }
}
