package dev.mamori.risk;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.UUID;

/** Something the tenant's fraud team should look at now (e.g. a card-testing attack). */
public record RiskAlert(UUID id, TenantId tenant, String kind, String detail, Instant createdAt) {
}
