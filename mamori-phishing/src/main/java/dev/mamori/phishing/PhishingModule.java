package dev.mamori.phishing;

import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.internal.BrandDomainStore;
import dev.mamori.phishing.lookalike.Lookalikes;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Builds the anti-phishing services over one data source (schema {@code phishing}, migrated from
 * {@code db/migration/phishing}) and one DNS resolver (the system's, or {@code --dns HOST:PORT}).
 */
public final class PhishingModule {
    private final DnsResolver dns;
    private final Clock clock;
    private final BrandDomains brandDomains;
    private final Lookalikes lookalikes;

    public PhishingModule(DataSource dataSource, DnsResolver dns, Clock clock) {
        Jdbc jdbc = new Jdbc(dataSource);
        this.dns = dns;
        this.clock = clock;
        this.brandDomains = new BrandDomains(new BrandDomainStore(jdbc), clock);
        this.lookalikes = new Lookalikes(jdbc, brandDomains, clock);
    }

    public DnsResolver dns() {
        return dns;
    }

    public Clock clock() {
        return clock;
    }

    public BrandDomains brandDomains() {
        return brandDomains;
    }

    public Lookalikes lookalikes() {
        return lookalikes;
    }
}
