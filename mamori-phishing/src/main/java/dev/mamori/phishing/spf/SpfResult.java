package dev.mamori.phishing.spf;

import java.util.Objects;

/**
 * The outcome of an SPF check (RFC 7208 section 2.6).
 *
 * @param result the SPF result
 * @param explanation for {@link Result#FAIL}, the domain's explanation (exp=) or
 *     {@link SpfEvaluator#DEFAULT_EXPLANATION}; for {@link Result#PERMERROR} and {@link Result#TEMPERROR}, why;
 *     otherwise empty
 * @param mechanism the matched mechanism as written in the record, {@code "default"} when none matched and the
 *     record's default (neutral) applied, empty when no record was evaluated or an error ended the check
 * @param dnsLookups how many mechanisms and modifiers that count towards the limit of 10 were evaluated
 */
public record SpfResult(Result result, String explanation, String mechanism, int dnsLookups) {

    public SpfResult {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /** RFC 7208 section 2.6 results. */
    public enum Result {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        /** The lower-case name used in Received-SPF and Authentication-Results headers. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
