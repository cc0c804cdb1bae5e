package dev.mamori.phishing.mail;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcResult;
import dev.mamori.phishing.spf.SpfResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What the receiving side concludes about one message.
 *
 * @param envelope the SMTP values it was checked with
 * @param fromDomain the RFC5322.From domain
 * @param spf SPF for the MAIL FROM domain, or the HELO name for a bounce
 * @param dkim one result per DKIM-Signature (a single {@code none} when unsigned)
 * @param dmarc DMARC: alignment of SPF and DKIM with the From domain, and the domain's policy
 * @param authenticationResults the value of an RFC 8601 {@code Authentication-Results} header
 */
public record MessageAuthentication(SmtpEnvelope envelope, String fromDomain, SpfResult spf, List<DkimResult> dkim,
                                    DmarcResult dmarc, String authenticationResults) {

    public MessageAuthentication {
        dkim = List.copyOf(dkim);
    }

    /** Whether DMARC failed: the receiver should apply the disposition ({@code dmarc().disposition()}). */
    public boolean dmarcFailed() {
        return dmarc.result() == DmarcResult.Result.FAIL;
    }

    /** Why, in words an operator can read: one line for SPF, each signature, and DMARC. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        String identity = envelope.spfChecksHelo() ? "HELO " + envelope.helo() : "MAIL FROM " + envelope.spfDomain();
        reasons.add("spf=" + spf.result().keyword() + " for " + identity + " from " + envelope.ip().getHostAddress()
                + (spf.mechanism().isEmpty() ? "" : " (matched " + spf.mechanism() + ")")
                + (spf.explanation().isEmpty() ? "" : ": " + spf.explanation()));
        for (DkimResult r : dkim) {
            reasons.add("dkim=" + r.result().word() + (r.domain() == null ? "" : " d=" + r.domain() + " s=" + r.selector()) + ": "
                    + r.reason());
        }
        reasons.add("dmarc=" + dmarc.result().keyword() + " for " + fromDomain + ": " + dmarc.reason());
        return reasons;
    }
}
