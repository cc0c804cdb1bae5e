package dev.mamori.phishing.aggregate;

import dev.mamori.phishing.aggregate.AggregateReport.PolicyPublished;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A report as stored for a tenant (without its records).
 *
 * @param id Mamori's id of the stored report
 * @param orgName the reporter
 * @param orgEmail the reporter's contact, possibly empty
 * @param reportId the reporter's id of the report
 * @param begin start of the period covered
 * @param end end of the period covered
 * @param policy the policy published, as the reporter saw it (its domain is the report's domain)
 * @param domainRegistered whether the domain was one of the tenant's brand domains (or a subdomain of one) at upload
 * @param schemaVersion {@code <version>}, null for RFC 7489 reports
 * @param generator RFC 9990 generator, or null
 * @param reporterErrors the reporter's {@code <error>} elements
 * @param recordCount how many records
 * @param messageCount how many messages over all records
 * @param format how the file was packed
 * @param fileName the uploaded file's name, or null
 * @param receivedAt when it was uploaded
 * @param receivedBy who uploaded it
 */
public record StoredReport(UUID id, String orgName, String orgEmail, String reportId, Instant begin, Instant end,
        PolicyPublished policy, boolean domainRegistered, String schemaVersion, String generator, List<String> reporterErrors,
        int recordCount, long messageCount, ReportFormat format, String fileName, Instant receivedAt, String receivedBy) {

    public StoredReport {
        reporterErrors = List.copyOf(reporterErrors);
    }
}
