package dev.mamori.phishing.aggregate;

import java.util.UUID;

/**
 * What became of one uploaded file.
 *
 * @param fileName the file's name as uploaded, or null
 * @param status stored, duplicate or rejected
 * @param reportId the stored report's id (for a duplicate: the one stored before), null when rejected
 * @param domain the report's domain, null when rejected
 * @param domainRegistered whether that domain is one of the tenant's brand domains (or a subdomain)
 * @param format how the file was packed, null when it could not be told
 * @param errorElement for a rejected file: the element or container that broke
 * @param errorRule for a rejected file: the broken rule's code
 * @param errorMessage for a rejected file: what is wrong, in words
 */
public record IngestResult(String fileName, Status status, UUID reportId, String domain, boolean domainRegistered,
        ReportFormat format, String errorElement, String errorRule, String errorMessage) {

    /** The outcome of one file. */
    public enum Status {
        STORED, DUPLICATE, REJECTED
    }

    static IngestResult rejected(String fileName, ReportFormatException e) {
        return new IngestResult(fileName, Status.REJECTED, null, null, false, null, e.element(), e.rule(), e.getMessage());
    }
}
