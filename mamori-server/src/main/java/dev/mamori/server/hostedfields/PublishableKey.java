package dev.mamori.server.hostedfields;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A publishable key as stored. The key itself is not a secret (it sits in a shop's page); what
 * protects the tenant is that only {@link #allowedOrigins()} can embed the form it opens.
 */
public record PublishableKey(UUID id, TenantId tenant, String name, String key, List<String> allowedOrigins,
                             String createdBy, Instant createdAt, Instant revokedAt) {
    public static final String PREFIX = "pk_";

    public PublishableKey {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean active() {
        return revokedAt == null;
    }

    public boolean allows(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }
}
