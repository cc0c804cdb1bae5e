package dev.mamori.server.principal;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import java.util.Set;
import java.util.UUID;

/**
 * An authenticated caller: always bound to one tenant, whose data is all it can reach.
 *
 * @param subject  how the audit trail names it: {@code user:alice}, {@code api-key:<id>}, {@code jwt:<sub>}
 * @param userId   the console user's id, null for machine clients
 */
public record MamoriPrincipal(TenantId tenant, String subject, ActorType type, Set<Role> roles, UUID userId) {
    public MamoriPrincipal {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
