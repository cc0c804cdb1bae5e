package dev.mamori.vault;

import dev.mamori.common.Role;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A tenant's rules for its cards.
 *
 * @param detokenizeRoles the roles that may see card numbers in clear; everyone else gets metadata
 * @param defaultTtl how long tokens live when tokenize names no TTL; {@code null}: until deleted
 */
public record VaultPolicy(Set<Role> detokenizeRoles, Duration defaultTtl) {
    /** Merchants never: keeping card numbers out of shops is the point (非保持化). */
    public static final VaultPolicy DEFAULT = new VaultPolicy(EnumSet.of(Role.PSP, Role.ACQUIRER, Role.ISSUER), null);

    public VaultPolicy {
        detokenizeRoles = detokenizeRoles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(detokenizeRoles);
        if (defaultTtl != null && (defaultTtl.compareTo(TokenizeOptions.MIN_TTL) < 0 || defaultTtl.compareTo(TokenizeOptions.MAX_TTL) > 0)) {
            throw new InvalidCardException("defaultTokenTtlSeconds", "range", "defaultTokenTtlSeconds must be 60 to 316224000 (ten years)");
        }
    }

    public boolean mayDetokenize(Set<Role> roles) {
        for (Role role : roles) {
            if (detokenizeRoles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
