package dev.mamori.phishing.posture;

import dev.mamori.phishing.DomainName;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one posture check of one domain.
 *
 * @param domain the domain checked
 * @param sendsMail whether it was checked as a domain that sends mail
 * @param checkedAt when
 * @param findings the findings, most severe first
 * @param records the records seen (the history compares them between checks)
 * @param dkim each DKIM selector's key, for the selectors registered, and the default selectors that had one
 * @param complete false when a DNS lookup failed temporarily, so part of the posture is unknown
 */
public record PostureReport(DomainName domain, boolean sendsMail, Instant checkedAt, List<PostureFinding> findings,
                            List<SeenRecord> records, List<DkimKeyStatus> dkim, boolean complete) {

    public PostureReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(checkedAt, "checkedAt");
        findings = findings.stream().sorted(Comparator.comparing(PostureFinding::severity)).toList();
        records = List.copyOf(records);
        dkim = List.copyOf(dkim);
    }

    public Grade grade() {
        return Grade.of(findings);
    }

    public int score() {
        return Grade.score(findings);
    }

    /** The most severe finding's severity, or {@link Severity#INFO} when there is none. */
    public Severity worstSeverity() {
        return findings.isEmpty() ? Severity.INFO : findings.get(0).severity();
    }

    public boolean has(PostureCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }
}
