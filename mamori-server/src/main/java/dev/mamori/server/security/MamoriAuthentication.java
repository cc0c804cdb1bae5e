package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/** The authentication every Mamori filter chain produces; it holds no credentials. */
public final class MamoriAuthentication extends AbstractAuthenticationToken {
    private final MamoriPrincipal principal;

    public MamoriAuthentication(MamoriPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public MamoriPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.subject();
    }
}
