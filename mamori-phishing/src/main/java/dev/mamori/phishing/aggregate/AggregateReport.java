package dev.mamori.phishing.aggregate;

import dev.mamori.phishing.DomainName;
import java.time.Instant;
import java.util.List;

/**
 * One parsed DMARC aggregate report (RFC 7489 appendix C, RFC 9990 section 2.1).
 *
 * @param schemaVersion the {@code <version>} element (RFC 9990: {@code 1.0}), null when absent (RFC 7489)
 * @param namespace the XML namespace of {@code <feedback>}, empty for RFC 7489-style reports
 * @param metadata who reported and for which period
 * @param policy the DMARC policy the reporter found for the domain
 * @param records one row per (source IP, results, identifiers) tuple; never empty
 */
public record AggregateReport(String schemaVersion, String namespace, Metadata metadata, PolicyPublished policy,
        List<Record> records) {

    public AggregateReport {
        records = List.copyOf(records);
    }

    /** Total messages over all records. */
    public long messageCount() {
        long total = 0;
        for (Record r : records) {
            total += r.count();
        }
        return total;
    }

    /**
     * @param orgName the reporting organization, e.g. {@code google.com}
     * @param email its contact address
     * @param extraContactInfo optional further contact details
     * @param reportId the reporter's id, unique per reporter and domain (duplicates are detected with it)
     * @param begin start of the period covered (inclusive)
     * @param end end of the period covered
     * @param generator RFC 9990: the software that made the report, or null
     * @param errors reporter-side errors (e.g. a broken DMARC record), possibly empty
     */
    public record Metadata(String orgName, String email, String extraContactInfo, String reportId, Instant begin,
            Instant end, String generator, List<String> errors) {
        public Metadata {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The published policy as the reporter saw it. Absent optional tags keep their defaults as
     * stated here, so the analysis need not guess.
     *
     * @param domain the domain where the DMARC record was found
     * @param adkim DKIM alignment, {@code r} (default) or {@code s}
     * @param aspf SPF alignment, {@code r} (default) or {@code s}
     * @param p the domain's policy
     * @param sp the subdomain policy (defaults to {@code p} when the reporter left it out)
     * @param np RFC 9990: the non-existent subdomain policy, or null
     * @param pct RFC 7489: the percentage the policy applies to (0–100), or null (RFC 9990 dropped it)
     * @param fo failure-reporting options, or null
     * @param testing RFC 9990 {@code t} tag: whether the owner is testing the policy ({@code y}); false when absent
     * @param discoveryMethod RFC 9990: {@code psl} or {@code treewalk}, or null
     */
    public record PolicyPublished(DomainName domain, String adkim, String aspf, Policy p, Policy sp, Policy np,
            Integer pct, String fo, boolean testing, String discoveryMethod) {
    }

    /** A published policy ({@code p}, {@code sp}, {@code np}). */
    public enum Policy {
        NONE, QUARANTINE, REJECT
    }

    /** What the receiver did with the messages (RFC 9990 adds {@code pass}: passed under an enforcing policy). */
    public enum Disposition {
        NONE, PASS, QUARANTINE, REJECT
    }

    /**
     * One report row.
     *
     * @param sourceIp the connecting IP address, in canonical text form
     * @param count how many messages
     * @param disposition what the receiver did with them
     * @param dkimAligned policy_evaluated/dkim: whether DKIM passed <em>and</em> aligned with the From domain
     * @param spfAligned policy_evaluated/spf: whether SPF passed and aligned
     * @param reasons override reasons ({@code type} or {@code type: comment}), possibly empty
     * @param headerFrom the RFC 5322.From domain
     * @param envelopeFrom the RFC 5321.MailFrom domain, or null
     * @param envelopeTo the recipient domain, or null
     * @param dkim the DKIM signatures' raw (unaligned) results, possibly empty
     * @param spf the raw SPF results, possibly empty
     */
    public record Record(String sourceIp, long count, Disposition disposition, boolean dkimAligned, boolean spfAligned,
            List<String> reasons, String headerFrom, String envelopeFrom, String envelopeTo, List<DkimResult> dkim,
            List<SpfResult> spf) {

        public Record {
            reasons = List.copyOf(reasons);
            dkim = List.copyOf(dkim);
            spf = List.copyOf(spf);
        }

        /** DMARC passes when SPF or DKIM passed aligned. */
        public boolean dmarcPass() {
            return dkimAligned || spfAligned;
        }

        /** Whether any raw SPF or DKIM result passed, aligned or not: the sender authenticates as someone. */
        public boolean anyAuthenticationPassed() {
            return dkim.stream().anyMatch(d -> "pass".equals(d.result())) || spf.stream().anyMatch(s -> "pass".equals(s.result()));
        }
    }

    /** One DKIM signature's result: {@code d=} domain, {@code s=} selector, RFC 8601 result. */
    public record DkimResult(String domain, String selector, String result) {
    }

    /** One SPF result: the checked domain, scope ({@code mfrom} or {@code helo}, or null) and RFC 7208 result. */
    public record SpfResult(String domain, String scope, String result) {
    }
}
