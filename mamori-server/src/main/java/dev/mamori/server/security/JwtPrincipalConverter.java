package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.tenant.Tenant;
import dev.mamori.server.tenant.TenantRepository;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Maps a verified JWT to a Mamori principal. The token must name an existing tenant in
 * {@code tenant_id} and its roles in {@code roles} (a list, or a space-separated string);
 * unknown roles are ignored, so an identity provider cannot invent new powers.
 */
public class JwtPrincipalConverter implements Converter<Jwt, AbstractAuthenticationToken> {
    public static final String TENANT_CLAIM = "tenant_id";
    public static final String ROLES_CLAIM = "roles";

    private final TenantRepository tenants;

    public JwtPrincipalConverter(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Optional<Tenant> tenant = parseTenant(jwt.getClaimAsString(TENANT_CLAIM)).flatMap(tenants::find);
        if (tenant.isEmpty()) {
            throw new InvalidBearerTokenException("token does not name a known tenant");
        }
        Set<Role> roles = roles(jwt.getClaim(ROLES_CLAIM));
        MamoriPrincipal principal = new MamoriPrincipal(tenant.get().id(), "jwt:" + jwt.getSubject(), ActorType.JWT, roles, null);
        return new MamoriAuthentication(principal, Authorities.of(roles, tenant.get().operator()));
    }

    private static Optional<TenantId> parseTenant(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(TenantId.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Collection<?> values = claim instanceof Collection<?> list ? list
                : claim instanceof String text ? List.of(text.split(" ")) : List.of();
        for (Object value : values) {
            Role.fromId(String.valueOf(value)).ifPresent(roles::add);
        }
        return roles;
    }
}
