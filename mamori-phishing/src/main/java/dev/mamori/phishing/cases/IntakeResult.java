package dev.mamori.phishing.cases;

import java.util.List;
import java.util.UUID;

/**
 * What became of a report.
 *
 * @param caseId the case the report joined (its first URL's)
 * @param cases every URL found and the case it joined or opened
 * @param related other cases on the same hosts (another page of the same site)
 * @param ownDomains URLs left out because they are on the tenant's registered brand domains
 * @param maskedCards card numbers found in the report, masked (first six, last four)
 */
public record IntakeResult(UUID reportId, CaseId caseId, List<CaseLink> cases, List<PhishingCase> related, List<String> ownDomains,
                           List<String> maskedCards) {

    /** One URL of the report and its case. */
    public record CaseLink(ReportedUrl url, PhishingCase phishingCase, boolean opened) {
    }
}
