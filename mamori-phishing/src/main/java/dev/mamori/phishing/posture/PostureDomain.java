package dev.mamori.phishing.posture;

import dev.mamori.phishing.BrandDomain;
import java.time.Instant;
import java.util.List;

/**
 * A registered brand domain as the posture checks see it.
 *
 * @param domain the brand domain
 * @param selectors its DKIM selectors (the defaults are always tried as well)
 * @param latestGrade the grade of the latest check, or null before the first check
 * @param latestScore its score, or null
 * @param latestCheckAt when it ran, or null
 * @param latestComplete whether it was complete (no DNS failure), or null
 */
public record PostureDomain(BrandDomain domain, List<String> selectors, Grade latestGrade, Integer latestScore,
                            Instant latestCheckAt, Boolean latestComplete) {
    public PostureDomain {
        selectors = List.copyOf(selectors);
    }
}
