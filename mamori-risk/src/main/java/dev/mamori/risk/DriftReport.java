package dev.mamori.risk;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored drift check of a tenant's model version over a period (see the lab's {@code DriftCheck}).
 *
 * @param scorePsi the population stability index of the logged scores against the baseline; null when none were logged
 * @param scoreRows how many logged scores of the version were compared
 * @param decisions how many decisions of the period were replayed for the inputs
 * @param level the worst level: {@code insufficient-data}, {@code stable}, {@code moderate} or {@code major}
 * @param features the per-input results as JSON, worst first: {@code [{"name", "psi", "rows", "level"}]}
 * @param createdBy who ran it ({@code scheduler} for the periodic job)
 */
public record DriftReport(UUID id, TenantId tenant, int modelVersion, Instant periodFrom, Instant periodTo, Instant createdAt,
                          String createdBy, Double scorePsi, long scoreRows, long decisions, String level, String features) {
    public static final String MAJOR = "major";
    /** The alert kind a major report raises. */
    public static final String ALERT_KIND = "model-drift";
}
