package dev.mamori.phishing;

import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.cases.PhishingCases;
import dev.mamori.phishing.aggregate.DmarcReports;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.internal.BrandDomainStore;
import dev.mamori.phishing.internal.PostureStore;
import dev.mamori.phishing.posture.DomainPosture;
import dev.mamori.phishing.posture.HttpsMtaStsFetcher;
import dev.mamori.phishing.posture.PostureChecker;
import dev.mamori.phishing.internal.ReportCaseStore;
import dev.mamori.phishing.lookalike.Lookalikes;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Builds the anti-phishing services over one data source (schema {@code phishing}, migrated from
 * {@code db/migration/phishing}) and one DNS resolver (the system's, or {@code --dns HOST:PORT}).
 */
public final class PhishingModule {
    private final DnsResolver dns;
    private final Clock clock;
    private final BrandDomains brandDomains;
    private final DomainPosture domainPosture;
    private final PhishingCases cases;
    private final DmarcReports dmarcReports;
    private final Lookalikes lookalikes;

    public PhishingModule(DataSource dataSource, DnsResolver dns, Clock clock) {
        Jdbc jdbc = new Jdbc(dataSource);
        this.dns = dns;
        this.clock = clock;
        this.brandDomains = new BrandDomains(new BrandDomainStore(jdbc), clock);
        this.domainPosture = new DomainPosture(brandDomains, new PostureStore(jdbc),
                new PostureChecker(dns, HttpsMtaStsFetcher.standard(Duration.ofSeconds(10)), clock));
        this.cases = new PhishingCases(new ReportCaseStore(jdbc), brandDomains, clock);
        this.dmarcReports = new DmarcReports(jdbc, brandDomains, dns, clock);
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

    /** Posture checks of the brand domains (SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI), their history and alerts. */
    public DomainPosture domainPosture() {
        return domainPosture;
    }

    /** Phishing reports, cases, takedown tracking. */
    public PhishingCases cases() {
        return cases;
    }

    /** DMARC aggregate (RUA) reports: ingestion, storage, who sends in each domain's name. */
    public DmarcReports dmarcReports() {
        return dmarcReports;
    }

    /** Lookalike domains of the brand domains: candidates, scans of observed names, matches. */
    public Lookalikes lookalikes() {
        return lookalikes;
    }
}
