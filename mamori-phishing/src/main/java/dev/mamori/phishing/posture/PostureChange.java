package dev.mamori.phishing.posture;

import java.util.List;

/**
 * One check in a domain's history, with what changed since the check before it.
 *
 * @param check the check
 * @param previousGrade the grade of the check before, or null for the first check
 * @param newFindings findings (by code) this check has and the one before did not; all findings for the first check
 * @param resolvedFindings findings (by code) the check before had and this one does not
 * @param changedRecords the records that differ (added, removed or changed) from the check before; none for the first
 */
public record PostureChange(PostureCheck check, Grade previousGrade, List<PostureFinding> newFindings,
                            List<PostureFinding> resolvedFindings, List<RecordChange> changedRecords) {
    public PostureChange {
        newFindings = List.copyOf(newFindings);
        resolvedFindings = List.copyOf(resolvedFindings);
        changedRecords = List.copyOf(changedRecords);
    }

    /** Whether anything changed: a finding came or went, a record changed, or the grade moved. */
    public boolean changed() {
        return previousGrade == null || previousGrade != check.report().grade() || !newFindings.isEmpty()
                || !resolvedFindings.isEmpty() || !changedRecords.isEmpty();
    }

    /**
     * A record that differs between two checks.
     *
     * @param type {@code TXT}, {@code MX} or {@code HTTPS}
     * @param name the DNS name or URL
     * @param before what the earlier check saw (status and values), or null when it did not look
     * @param after what the later check saw, or null when it did not look
     */
    public record RecordChange(String type, String name, SeenRecord before, SeenRecord after) {
    }
}
