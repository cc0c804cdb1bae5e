package dev.mamori.phishing.cases;

import java.time.Instant;

/**
 * One phishing page (host and path) and everything reported about it.
 *
 * @param url the first normalised URL reported
 * @param brand the brand impersonated, when known
 * @param reportCount how many reports named this page
 */
public record PhishingCase(CaseId id, String url, String host, String brand, CaseStatus status, int reportCount, Instant createdAt,
                           Instant updatedAt) {

    /** The URL written so that nobody follows it by accident. */
    public String defangedUrl() {
        return Defang.of(url);
    }
}
