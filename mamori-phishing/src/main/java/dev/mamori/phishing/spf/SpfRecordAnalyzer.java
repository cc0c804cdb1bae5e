package dev.mamori.phishing.spf;

import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import dev.mamori.phishing.dns.DnsResolver.Status;
import dev.mamori.phishing.spf.SpfAnalysis.Finding;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Lints a domain's SPF record for the posture checks of the anti-phishing module: {@code +all}, {@code ?all} or
 * no {@code all}, more than 10 DNS lookups (counted through includes and redirects), {@code ptr}, and whether
 * the record is the {@code v=spf1 -all} of a domain that sends no mail. Domain-specs with macros are counted
 * but not followed, since they depend on the message.
 */
public final class SpfRecordAnalyzer {

    private final DnsResolver dns;

    public SpfRecordAnalyzer(DnsResolver dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** Looks up {@code domain}'s record and analyses it. */
    public SpfAnalysis analyze(String domain) {
        Set<Finding> findings = EnumSet.noneOf(Finding.class);
        DnsAnswer<String> txt = dns.txt(domain);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            findings.add(Finding.DNS_ERROR);
            return new SpfAnalysis(domain, "", findings, 0);
        }
        List<String> records = txt.records().stream().filter(SpfRecord::isSpf1).toList();
        if (records.size() != 1) {
            findings.add(records.isEmpty() ? Finding.NO_RECORD : Finding.MULTIPLE_RECORDS);
            return new SpfAnalysis(domain, "", findings, 0);
        }
        return analyzeRecord(domain, records.get(0));
    }

    /** Analyses {@code record} as published at {@code domain}, following its includes and redirect. */
    public SpfAnalysis analyzeRecord(String domain, String record) {
        Set<Finding> findings = EnumSet.noneOf(Finding.class);
        SpfRecord parsed;
        try {
            parsed = SpfRecord.parse(record);
        } catch (SpfSyntaxException e) {
            findings.add(Finding.SYNTAX_ERROR);
            return new SpfAnalysis(domain, record, findings, 0);
        }
        SpfRecord.Mechanism all = parsed.mechanisms.stream()
                .filter(m -> m.kind() == SpfRecord.Kind.ALL).findFirst().orElse(null);
        if (all == null) {
            if (parsed.redirect == null) {
                findings.add(Finding.MISSING_ALL);
            }
        } else if (all.qualifier() == SpfRecord.Qualifier.PASS) {
            findings.add(Finding.PASS_ALL);
        } else if (all.qualifier() == SpfRecord.Qualifier.NEUTRAL) {
            findings.add(Finding.NEUTRAL_ALL);
        }
        // With an "all" mechanism any redirect is ignored (RFC 7208 section 6.1).
        if (parsed.mechanisms.size() == 1 && all != null && all.qualifier() == SpfRecord.Qualifier.FAIL) {
            findings.add(Finding.REJECTS_ALL);
        }
        Set<String> visited = new HashSet<>();
        visited.add(domain.toLowerCase(Locale.ROOT));
        int lookups = count(parsed, visited, findings, 0);
        if (lookups > SpfEvaluator.MAX_DNS_LOOKUPS) {
            findings.add(Finding.TOO_MANY_LOOKUPS);
        }
        return new SpfAnalysis(domain, record, findings, lookups);
    }

    /** Counts lookups of {@code record} and what it includes, stopping once over the limit. */
    private int count(SpfRecord record, Set<String> visited, Set<Finding> findings, int sofar) {
        int total = sofar;
        for (SpfRecord.Mechanism m : record.mechanisms) {
            if (total > SpfEvaluator.MAX_DNS_LOOKUPS) {
                return total;
            }
            switch (m.kind()) {
                case A, MX, EXISTS -> total++;
                case PTR -> {
                    total++;
                    findings.add(Finding.PTR_USED);
                }
                case INCLUDE -> total = follow(m.domainSpec(), visited, findings, total + 1);
                default -> { }
            }
        }
        boolean hasAll = record.mechanisms.stream().anyMatch(m -> m.kind() == SpfRecord.Kind.ALL);
        if (record.redirect != null && !hasAll && total <= SpfEvaluator.MAX_DNS_LOOKUPS) { // RFC 7208 section 6.1
            total = follow(record.redirect, visited, findings, total + 1);
        }
        return total;
    }

    private int follow(String domainSpec, Set<String> visited, Set<Finding> findings, int sofar) {
        if (domainSpec.indexOf('%') >= 0) {
            return sofar;
        }
        String target = domainSpec.endsWith(".") ? domainSpec.substring(0, domainSpec.length() - 1) : domainSpec;
        if (!visited.add(target.toLowerCase(Locale.ROOT))) {
            // A loop: the evaluator keeps counting until the limit, so say so.
            return SpfEvaluator.MAX_DNS_LOOKUPS + 1;
        }
        DnsAnswer<String> txt = dns.txt(target);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            visited.remove(target.toLowerCase(Locale.ROOT));
            findings.add(Finding.DNS_ERROR);
            return sofar;
        }
        List<String> records = txt.records().stream().filter(SpfRecord::isSpf1).toList();
        if (records.size() != 1) {
            visited.remove(target.toLowerCase(Locale.ROOT));
            return sofar;
        }
        try {
            return count(SpfRecord.parse(records.get(0)), visited, findings, sofar);
        } catch (SpfSyntaxException e) {
            findings.add(Finding.SYNTAX_ERROR);
            return sofar;
        } finally {
            // visited is the include path, so two includes of one domain side by side both count.
            visited.remove(target.toLowerCase(Locale.ROOT));
        }
    }
}
