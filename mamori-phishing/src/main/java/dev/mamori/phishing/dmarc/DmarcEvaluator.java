package dev.mamori.phishing.dmarc;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import dev.mamori.phishing.dmarc.DnsTreeWalk.OrganizationalDomain;
import dev.mamori.phishing.dmarc.DnsTreeWalk.Outcome;
import dev.mamori.phishing.dmarc.DnsTreeWalk.PolicyDiscovery;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.spf.SpfResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * DMARC evaluation (RFC 7489, RFC 9989): finds the Author Domain's policy with the DNS Tree Walk, checks
 * whether a passing SPF or DKIM identifier is aligned with it, and says what the owner asks the receiver
 * to do with a failing message.
 *
 * <p>Security guarantees: a {@link DmarcResult.Result#PASS} means SPF or DKIM authenticated a domain that
 * is the Author Domain (strict) or shares its Organizational Domain (relaxed). It says nothing about
 * whether the message is wanted. DKIM passes from keys in testing mode ({@code t=y} in the key record) are
 * not counted, since RFC 6376 section 3.6.1 asks verifiers to treat such mail as unsigned.
 *
 * <p>Thread-safe; each call makes its own {@link DnsTreeWalk}.
 */
public final class DmarcEvaluator {

    private final DnsResolver dns;
    private final RandomGenerator random;

    /** An evaluator that samples {@code pct} with {@link ThreadLocalRandom}. */
    public DmarcEvaluator(DnsResolver dns) {
        this(dns, null);
    }

    /**
     * An evaluator with its own sampling source for {@code pct} ({@code null}: {@link ThreadLocalRandom});
     * a message is "selected" when {@code random.nextInt(100) < pct}.
     */
    public DmarcEvaluator(DnsResolver dns, RandomGenerator random) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.random = random;
    }

    /**
     * Evaluates DMARC for one message.
     *
     * @param fromDomain the RFC5322.From domain
     * @param spf the SPF result for {@code spfDomain}
     * @param spfDomain the domain SPF checked: the MAIL FROM domain, or the HELO name for a null reverse-path;
     *     {@code null} when SPF was not checked
     * @param dkim the DKIM results, one per signature (may be empty)
     */
    public DmarcResult evaluate(String fromDomain, SpfResult spf, String spfDomain, List<DkimResult> dkim) {
        Objects.requireNonNull(dkim, "dkim");
        String author;
        try {
            author = DnsTreeWalk.normalize(fromDomain);
        } catch (IllegalArgumentException e) {
            return new DmarcResult(DmarcResult.Result.PERMERROR, String.valueOf(fromDomain), null, Policy.NONE,
                    false, null, null, null, "the From domain is not a domain name");
        }
        DnsTreeWalk walk = new DnsTreeWalk(dns);
        PolicyDiscovery found = walk.discoverPolicy(author);
        switch (found.status()) {
            case TEMPERROR -> {
                return new DmarcResult(DmarcResult.Result.TEMPERROR, author, null, Policy.NONE, false, null, null,
                        null, found.reason());
            }
            case NONE -> {
                return new DmarcResult(DmarcResult.Result.NONE, author, null, Policy.NONE, false, null, null, null,
                        found.reason());
            }
            case FOUND -> { }
        }
        DmarcRecord record = found.record();
        boolean actAsNone = false;
        if (record.policyInvalid()) {
            if (record.aggregateReports().isEmpty()) {
                // RFC 9989 section 4.10.1: no DMARC processing; reported as permerror
                return new DmarcResult(DmarcResult.Result.PERMERROR, author, null, Policy.NONE, false, null, record,
                        found.policyDomain(), "invalid policy tag in the record at _dmarc." + found.policyDomain()
                        + " and no valid rua");
            }
            actAsNone = true;
        }
        Policy requested = actAsNone ? Policy.NONE : requestedPolicy(author, found.policyDomain(), record);

        boolean tempError = false;
        boolean spfAligned = false;
        if (spf != null && spf.result() == SpfResult.Result.PASS && spfDomain != null && !spfDomain.isBlank()) {
            Aligned a = aligned(walk, author, spfDomain, record.spfAlignment());
            spfAligned = a == Aligned.YES;
            tempError |= a == Aligned.TEMPERROR;
        }
        String dkimDomain = null;
        for (DkimResult r : dkim) {
            if (r.passed() && !r.testing() && r.domain() != null) {
                Aligned a = aligned(walk, author, r.domain(), record.dkimAlignment());
                if (a == Aligned.YES) {
                    dkimDomain = DnsTreeWalk.normalize(r.domain());
                    break;
                }
                tempError |= a == Aligned.TEMPERROR;
            }
        }
        if (spfAligned || dkimDomain != null) {
            return new DmarcResult(DmarcResult.Result.PASS, author, requested, Policy.NONE, spfAligned, dkimDomain,
                    record, found.policyDomain(), spfAligned && dkimDomain != null ? "SPF and DKIM aligned"
                    : spfAligned ? "SPF aligned" : "DKIM aligned");
        }
        if (tempError) {
            return new DmarcResult(DmarcResult.Result.TEMPERROR, author, requested, Policy.NONE, false, null, record,
                    found.policyDomain(), "temporary DNS failure while finding an Organizational Domain");
        }
        Policy disposition = requested;
        String reason = "no aligned SPF or DKIM pass";
        if (requested != Policy.NONE) {
            if (record.has("t")) {
                if (record.testing()) {
                    disposition = requested.downgrade();
                    reason += "; t=y lowers the policy one level";
                }
            } else if (record.percent() < 100 && sample() >= record.percent()) {
                disposition = requested.downgrade();
                reason += "; not selected by pct=" + record.percent() + ", policy lowered one level";
            }
        }
        return new DmarcResult(DmarcResult.Result.FAIL, author, requested, disposition, false, null, record,
                found.policyDomain(), reason);
    }

    private int sample() {
        return (random != null ? random : ThreadLocalRandom.current()).nextInt(100);
    }

    /** RFC 9989 section 4.10.1: p at the Author Domain; else np for a non-existent one, else sp, else p. */
    private Policy requestedPolicy(String author, String policyDomain, DmarcRecord record) {
        if (author.equals(policyDomain)) {
            return record.policy();
        }
        if (record.nonExistentPolicy() != null && dns.a(author).status() == DnsResolver.Status.NO_SUCH_NAME) {
            return record.nonExistentPolicy();
        }
        return record.subdomainPolicy() != null ? record.subdomainPolicy() : record.policy();
    }

    private static Aligned aligned(DnsTreeWalk walk, String author, String identifier, DmarcRecord.Alignment mode) {
        String id;
        try {
            id = DnsTreeWalk.normalize(identifier);
        } catch (IllegalArgumentException e) {
            return Aligned.NO;
        }
        if (id.equals(author)) {
            return Aligned.YES;
        }
        if (mode == DmarcRecord.Alignment.STRICT) {
            return Aligned.NO;
        }
        OrganizationalDomain a = walk.organizationalDomain(author);
        OrganizationalDomain b = walk.organizationalDomain(id);
        if (a.status() != Outcome.FOUND || b.status() != Outcome.FOUND) {
            return Aligned.TEMPERROR;
        }
        return a.domain().equals(b.domain()) ? Aligned.YES : Aligned.NO;
    }

    private enum Aligned { YES, NO, TEMPERROR }
}
