package dev.mamori.risk.labels;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * One label on one logged decision. Holds no card data: the card is its account id.
 *
 * @param fraud true for fraud, false for "the cardholder made it" (a non-fraud dispute, an analyst's "legitimate")
 * @param network the card network of a chargeback, else null
 * @param reasonCode the chargeback's reason code, else null
 * @param knownAt when the label became known (what {@link LabelView#known} compares with its cut-off)
 * @param retractedAt when it was retracted, or null while it stands
 */
public record FraudLabel(UUID id, TenantId tenant, UUID decisionId, UUID cardAccountId, LabelSource source, boolean fraud,
                         CardNetwork network, String reasonCode, Instant knownAt, String recordedBy, String note, Instant createdAt,
                         Instant retractedAt, String retractedBy) {

    /** Whether the label counts for someone looking at {@code asOf}: known by then and not yet retracted. */
    public boolean standsAt(Instant asOf) {
        return !knownAt.isAfter(asOf) && (retractedAt == null || retractedAt.isAfter(asOf));
    }
}
