package dev.mamori.risk.model;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * One stored version of a tenant's fraud model: what it reads, what it was trained on and how it
 * measured, what its score makes the host do, and who created and who promoted it.
 *
 * @param status draft, shadow (scored and logged, never acting), active, retired, or stopped (by the
 *     circuit breaker)
 * @param trainingSource where the training data came from, e.g. {@code decision-log}, {@code csv:history.csv}
 * @param metrics the training run's measures as JSON (validation and test periods)
 * @param baseline the score and feature distributions on the training data as JSON: what the drift
 *     monitors compare live traffic with
 * @param declineThreshold a score at or above it declines (59, suspected fraud); null: never
 * @param challengeThreshold a score at or above it asks for 3-D Secure (1A); null: never
 * @param reviewThreshold a score at or above it approves for review; null: never
 * @param previousActive the version that was active when this one was promoted: where a rollback goes
 */
public record FraudModel(TenantId tenant, int version, String status, String sha256, List<String> featureNames, int treeCount,
                         Instant trainedFrom, Instant trainedTo, String trainingSource, String metrics, String baseline,
                         Double declineThreshold, Double challengeThreshold, Double reviewThreshold, String note, String createdBy,
                         Instant createdAt, String promotedBy, Instant promotedAt, Integer previousActive, String stoppedReason,
                         Instant stoppedAt) {

    public static final String DRAFT = "draft";
    public static final String SHADOW = "shadow";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";
    public static final String STOPPED = "stopped";

    public FraudModel {
        featureNames = List.copyOf(featureNames);
    }
}
