package dev.mamori.phishing.cases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A report as stored: every text masked, no card number.
 *
 * @param contentText the SMS text, or the mail's text, masked
 * @param urls the URLs found in it
 * @param evidence the files kept with it (mail, screenshot), without their bytes
 */
public record StoredReport(UUID id, CaseId caseId, ReportType type, Reporter reporter, String channel, Instant receivedAt,
                           Instant submittedAt, String submittedBy, String note, String contentText, String mailSubject,
                           String mailFrom, String mailDate, String messageId, List<ReportedUrl> urls, List<Evidence> evidence) {

    /** A stored file: a forwarded mail or a screenshot, identified by its SHA-256. */
    public record Evidence(UUID id, String contentType, int sizeBytes, String sha256) {
    }
}
