package dev.mamori.server.tenant;

import dev.mamori.common.TenantId;
import java.time.Instant;

/** A card company, PSP or shop using Mamori with its own isolated data. */
public record Tenant(TenantId id, String name, boolean operator, Instant createdAt) {}
