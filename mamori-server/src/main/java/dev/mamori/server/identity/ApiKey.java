package dev.mamori.server.identity;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An API key as stored: metadata only, the key itself is never kept. */
public record ApiKey(UUID id, TenantId tenant, String name, String prefix, Set<Role> roles, String createdBy,
                     Instant createdAt, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
