package dev.mamori.phishing.posture;

import dev.mamori.phishing.DomainName;
import java.time.Instant;
import java.util.List;

/**
 * Raised when a domain's posture got worse between two complete checks: a new finding of high or critical
 * severity, or a lower grade.
 *
 * @param id the alert's id
 * @param domain the domain
 * @param raisedAt when
 * @param checkId the check that found it
 * @param previousGrade the grade before
 * @param grade the grade now
 * @param newCodes the new high and critical findings (possibly none, when only the grade dropped)
 */
public record PostureAlert(long id, DomainName domain, Instant raisedAt, long checkId, Grade previousGrade, Grade grade,
                           List<PostureCode> newCodes) {
    public PostureAlert {
        newCodes = List.copyOf(newCodes);
    }
}
