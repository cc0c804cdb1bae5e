package dev.mamori.phishing.spf;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link SpfRecordAnalyzer} found about one domain's SPF posture.
 *
 * @param domain the domain analysed
 * @param record its v=spf1 record, or empty when it has none (or several)
 * @param findings the findings, possibly none
 * @param dnsLookups the DNS-querying mechanisms and modifiers counted through includes and redirects (capped
 *     just above {@link SpfEvaluator#MAX_DNS_LOOKUPS})
 */
public record SpfAnalysis(String domain, String record, Set<Finding> findings, int dnsLookups) {

    public SpfAnalysis {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(record, "record");
        findings = Collections.unmodifiableSet(findings.isEmpty() ? EnumSet.noneOf(Finding.class)
                : EnumSet.copyOf(findings));
    }

    public boolean has(Finding finding) {
        return findings.contains(finding);
    }

    /** One observation; the Javadoc says why it matters. */
    public enum Finding {
        /** No v=spf1 record: anyone may send as this domain as far as SPF goes. */
        NO_RECORD,
        /** More than one v=spf1 record: every check is a permerror. */
        MULTIPLE_RECORDS,
        /** The record (or one it includes) breaks the grammar: every check is a permerror. */
        SYNTAX_ERROR,
        /** A DNS failure stopped the analysis. */
        DNS_ERROR,
        /** {@code +all} (or {@code all}): every host on the internet passes. */
        PASS_ALL,
        /** {@code ?all}: unlisted hosts are neutral, which receivers treat like no policy. */
        NEUTRAL_ALL,
        /** Neither an {@code all} mechanism nor {@code redirect=}: unlisted hosts are neutral. */
        MISSING_ALL,
        /** More than 10 DNS-querying mechanisms and modifiers: checks end in permerror. */
        TOO_MANY_LOOKUPS,
        /** {@code ptr} is used (RFC 7208 section 5.5: SHOULD NOT; slow and unreliable). */
        PTR_USED,
        /** Exactly {@code v=spf1 -all}: the right record for a domain that sends no mail. */
        REJECTS_ALL
    }
}
