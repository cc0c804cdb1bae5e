package dev.mamori.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.dns.DnsJavaResolver;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BrandDomainsTest {
    final PhishingModule module = new PhishingModule(PhishingTestDatabase.create(), DnsJavaResolver.system(),
            Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));
    final BrandDomains domains = module.brandDomains();
    final TenantId card = TenantId.random();
    final TenantId shop = TenantId.random();

    @Test
    void registeringTwiceUpdatesAndTenantsSeeOnlyTheirOwnDomains() {
        domains.register(card, DomainName.of("Mamori.JP"), true, "Mamori Card", "alice");
        domains.register(card, DomainName.of("mamori.jp"), false, "  Mamori  ", "bob");
        domains.register(card, DomainName.of("parked.jp"), false, null, "alice");
        domains.register(shop, DomainName.of("shop.jp"), true, null, "carol");

        assertThat(domains.list(card)).extracting(d -> d.domain().ascii()).containsExactly("mamori.jp", "parked.jp");
        BrandDomain mamori = domains.find(card, DomainName.of("mamori.jp")).orElseThrow();
        assertThat(mamori.sendsMail()).isFalse();
        assertThat(mamori.label()).isEqualTo("Mamori");
        assertThat(mamori.createdBy()).isEqualTo("alice");
        assertThat(domains.find(shop, DomainName.of("mamori.jp"))).isEmpty();
        assertThat(domains.all()).hasSize(3);

        assertThat(domains.remove(shop, DomainName.of("mamori.jp"))).isFalse();
        assertThat(domains.remove(card, DomainName.of("mamori.jp"))).isTrue();
        assertThat(domains.list(card)).extracting(d -> d.domain().ascii()).containsExactly("parked.jp");
    }
}
