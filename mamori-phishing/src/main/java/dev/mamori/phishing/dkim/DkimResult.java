package dev.mamori.phishing.dkim;

import java.util.Objects;

/**
 * The outcome of one {@code DKIM-Signature} header.
 *
 * @param result the verdict, as RFC 8601 names it in {@code Authentication-Results}
 * @param domain the signing domain ({@code d=}), or {@code null} when the signature was too
 *     broken to tell
 * @param selector the selector ({@code s=}), or {@code null}
 * @param algorithm the signature algorithm as written ({@code a=}), or {@code null}
 * @param reason why, in words an operator can read (never message content beyond tag values)
 * @param bodyLengthLimited whether the signature had {@code l=}: then only the first {@code l}
 *     octets of the canonicalized body are signed and anything appended after them still passes
 * @param identity the agent or user identifier ({@code i=}, default {@code @d}), reported as
 *     {@code header.i}; {@code null} when unknown
 * @param testing whether the key record says {@code t=y}: the domain is testing DKIM and, per
 *     RFC 6376 section 3.6.1, its mail must not be treated differently from unsigned mail
 */
public record DkimResult(
        Result result,
        String domain,
        String selector,
        String algorithm,
        String reason,
        boolean bodyLengthLimited,
        String identity,
        boolean testing) {

    public DkimResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
    }

    /** The single result for a message that carries no {@code DKIM-Signature} at all. */
    static DkimResult none() {
        return new DkimResult(Result.NONE, null, null, null, "message has no DKIM-Signature", false, null, false);
    }

    /** Whether the signature verified. */
    public boolean passed() {
        return result == Result.PASS;
    }

    /** The verdicts of RFC 8601 section 2.7.1. */
    public enum Result {
        /** The signature verified. */
        PASS,
        /** The signature or body hash did not verify, or the signature is not yet valid. */
        FAIL,
        /** Neither a pass nor a fail; RFC 8601 defines it, this verifier does not produce it today. */
        NEUTRAL,
        /** A temporary failure, such as a DNS timeout: trying later may give another answer. */
        TEMPERROR,
        /** A permanent error: bad syntax, no or revoked key, unacceptable algorithm or expiry. */
        PERMERROR,
        /** The message was not signed. */
        NONE;

        /** The lower-case word used in {@code Authentication-Results}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
