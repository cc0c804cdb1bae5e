package dev.mamori.phishing.dmarc;

import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of DMARC evaluation for one message.
 *
 * @param result the verdict, as {@code Authentication-Results} names it (RFC 7489 section 11.2)
 * @param authorDomain the RFC5322.From domain evaluated, normalized (lower case, no trailing dot)
 * @param requestedPolicy the owner's policy for this Author Domain ({@code p}, {@code sp} or {@code np}),
 *     or {@code null} when no record applies
 * @param disposition what the receiver should do: {@link Policy#NONE} on pass or without a record; on fail
 *     the requested policy, one level lower under {@code t=y} or when {@code pct} sampling left it out
 * @param spfAligned whether SPF passed for an identifier aligned with the Author Domain
 * @param dkimAlignedDomain the {@code d=} of the first passing, aligned DKIM signature, or {@code null}
 * @param record the applied record, or {@code null}
 * @param policyDomain the name the record was published at ({@code _dmarc.} omitted), or {@code null}
 * @param reason why, in words an operator can read
 */
public record DmarcResult(
        Result result,
        String authorDomain,
        Policy requestedPolicy,
        Policy disposition,
        boolean spfAligned,
        String dkimAlignedDomain,
        DmarcRecord record,
        String policyDomain,
        String reason) {

    public DmarcResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(authorDomain, "authorDomain");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(reason, "reason");
    }

    /** DMARC verdicts. */
    public enum Result {
        PASS, FAIL, NONE, TEMPERROR, PERMERROR;

        /** The lower-case word used in {@code Authentication-Results}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the disposition was lowered from the requested policy by {@code t=y} or {@code pct}. */
    public boolean downgraded() {
        return requestedPolicy != null && disposition != requestedPolicy && result == Result.FAIL;
    }
}
