package dev.mamori.phishing.aggregate;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.aggregate.AggregateReport.Disposition;
import dev.mamori.phishing.aggregate.DmarcSummary.Classification;
import dev.mamori.phishing.aggregate.DmarcSummary.DayVolume;
import dev.mamori.phishing.aggregate.DmarcSummary.Readiness;
import dev.mamori.phishing.aggregate.DmarcSummary.Source;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.internal.DmarcReportStore;
import dev.mamori.phishing.internal.DmarcReportStore.AnalysisRow;
import dev.mamori.phishing.internal.ReverseNames;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A tenant's DMARC aggregate reports: ingest uploaded files (each file on its own: one bad file
 * never stops a batch), list and read them, and summarize a domain over a period.
 *
 * <p>Reports for any domain are accepted, not only the tenant's registered brand domains: a domain
 * owner often starts collecting reports before registering the domain here, and refusing them would
 * lose data that cannot be asked for again. Each report records whether its domain was registered
 * (or a subdomain of a registered one) when it arrived, and the API and console show it.
 *
 * <p>The same report (same reporter organization, case-insensitively, and same report id) uploaded
 * twice is answered as a duplicate and not stored again.
 */
public final class DmarcReports {
    /** Longest period a summary covers. */
    public static final int MAX_SUMMARY_DAYS = 366;
    /** Most reports one list answers. */
    public static final int MAX_LIST = 500;
    private static final Duration REVERSE_DNS_WAIT = Duration.ofSeconds(2);

    private final AggregateReportParser parser;
    private final DmarcReportStore store;
    private final BrandDomains brandDomains;
    private final ReverseNames reverseNames;
    private final Clock clock;

    public DmarcReports(Jdbc jdbc, BrandDomains brandDomains, DnsResolver dns, Clock clock) {
        this(new AggregateReportParser(), jdbc, brandDomains, dns, clock);
    }

    public DmarcReports(AggregateReportParser parser, Jdbc jdbc, BrandDomains brandDomains, DnsResolver dns, Clock clock) {
        this.parser = parser;
        this.store = new DmarcReportStore(jdbc);
        this.brandDomains = brandDomains;
        this.reverseNames = new ReverseNames(dns, clock);
        this.clock = clock;
    }

    /** Ingests each file independently and answers one result per file, in order. */
    public List<IngestResult> ingest(TenantId tenant, List<UploadedFile> files, String actor) {
        List<IngestResult> results = new ArrayList<>(files.size());
        for (UploadedFile file : files) {
            results.add(ingest(tenant, file, actor));
        }
        return results;
    }

    public IngestResult ingest(TenantId tenant, UploadedFile file, String actor) {
        AggregateReportParser.Parsed parsed;
        try {
            parsed = parser.parse(file.content());
        } catch (ReportFormatException e) {
            return IngestResult.rejected(file.name(), e);
        }
        AggregateReport report = parsed.report();
        DomainName domain = report.policy().domain();
        boolean registered = isRegistered(tenant, domain);
        Optional<UUID> existing = store.findId(tenant, report.metadata().orgName(), report.metadata().reportId());
        if (existing.isPresent()) {
            return duplicate(file, existing.get(), domain, registered, parsed.format());
        }
        UUID id;
        try {
            id = store.insert(tenant, report, registered, parsed.format(), file.name(), clock.instant(), actor);
        } catch (RuntimeException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            // A concurrent upload of the same report won the race.
            UUID winner = store.findId(tenant, report.metadata().orgName(), report.metadata().reportId()).orElseThrow(() -> e);
            return duplicate(file, winner, domain, registered, parsed.format());
        }
        reverseNames.prefetch(SenderAnalysis.sources(report.records(), Map.of()).stream().map(Source::ip).toList());
        return new IngestResult(file.name(), IngestResult.Status.STORED, id, domain.ascii(), registered, parsed.format(), null, null, null);
    }

    private static IngestResult duplicate(UploadedFile file, UUID id, DomainName domain, boolean registered, ReportFormat format) {
        return new IngestResult(file.name(), IngestResult.Status.DUPLICATE, id, domain.ascii(), registered, format, "report_id", "duplicate",
                "report_id: this reporter's report was stored before");
    }

    private boolean isRegistered(TenantId tenant, DomainName domain) {
        for (BrandDomain brand : brandDomains.list(tenant)) {
            if (domain.isWithin(brand.domain())) {
                return true;
            }
        }
        return false;
    }

    /** Reports, newest period first, optionally for one domain and with the period beginning within [from, to] (UTC days). */
    public List<StoredReport> list(TenantId tenant, DomainName domain, LocalDate from, LocalDate to, int limit) {
        return store.list(tenant, domain, from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Math.max(1, Math.min(limit, MAX_LIST)));
    }

    /** One report with its records; empty for an unknown id or another tenant's report. */
    public Optional<ReportDetail> find(TenantId tenant, UUID id) {
        return store.find(tenant, id).map(report -> new ReportDetail(report, store.records(tenant, id)));
    }

    /** A stored report and its records. */
    public record ReportDetail(StoredReport report, List<AggregateReport.Record> records) {
        public ReportDetail {
            records = List.copyOf(records);
        }
    }

    /** The domains the tenant has reports for. */
    public List<String> domains(TenantId tenant) {
        return store.domains(tenant);
    }

    /**
     * The summary of {@code domain}'s reports whose period begins on a day in [from, to] (UTC).
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from} or the period is longer than {@link #MAX_SUMMARY_DAYS}
     */
    public DmarcSummary summary(TenantId tenant, DomainName domain, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is not before from");
        }
        if (from.plusDays(MAX_SUMMARY_DAYS).isBefore(to.plusDays(1))) {
            throw new IllegalArgumentException("a summary covers at most " + MAX_SUMMARY_DAYS + " days");
        }
        List<AnalysisRow> rows = store.analysisRows(tenant, domain, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d, new long[2]);
        }
        Map<Disposition, Long> dispositions = new EnumMap<>(Disposition.class);
        List<AggregateReport.Record> records = new ArrayList<>(rows.size());
        long messages = 0;
        long pass = 0;
        long dkim = 0;
        long spf = 0;
        for (AnalysisRow row : rows) {
            AggregateReport.Record r = row.record();
            long n = r.count();
            messages += n;
            if (r.dmarcPass()) {
                pass += n;
            }
            dkim += r.dkimAligned() ? n : 0;
            spf += r.spfAligned() ? n : 0;
            dispositions.merge(r.disposition(), n, Long::sum);
            days.get(LocalDate.ofInstant(row.periodBegin(), ZoneOffset.UTC))[r.dmarcPass() ? 0 : 1] += n;
            records.add(r);
        }
        // Names for the biggest senders first: the lookups per summary are bounded.
        List<String> byVolume = SenderAnalysis.sources(records, Map.of()).stream().map(Source::ip).toList();
        List<Source> sourceList = SenderAnalysis.sources(records, reverseNames.names(byVolume, REVERSE_DNS_WAIT));
        long atRisk = 0;
        long spoofing = 0;
        for (Source source : sourceList) {
            if (source.classification() == Classification.FORGOTTEN_SENDER) {
                atRisk += source.dmarcFail();
            } else if (source.classification() == Classification.SPOOFING) {
                spoofing += source.dmarcFail();
            }
        }
        List<DayVolume> daily = new ArrayList<>();
        days.forEach((day, v) -> daily.add(new DayVolume(day, v[0], v[1])));
        long fail = messages - pass;
        Readiness readiness = new Readiness(messages == 0 ? 0 : (double) fail / messages, atRisk, spoofing, messages > 0 && atRisk == 0);
        int reportCount = store.list(tenant, domain, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Integer.MAX_VALUE).size();
        return new DmarcSummary(domain.ascii(), isRegistered(tenant, domain), from, to, reportCount, messages, pass, fail, dkim, spf,
                dispositions, daily, sourceList, readiness);
    }
}
