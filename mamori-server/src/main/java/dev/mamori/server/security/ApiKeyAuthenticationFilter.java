package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.principal.ActorType;
import dev.mamori.common.TenantId;
import dev.mamori.server.identity.ApiKey;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.tenant.TenantRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code X-API-Key}; a key that is unknown or revoked ends the request with 401. */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-API-Key";

    private final ApiKeyService keys;
    private final TenantRepository tenants;
    private final AuthenticationEntryPoint entryPoint;

    public ApiKeyAuthenticationFilter(ApiKeyService keys, TenantRepository tenants, AuthenticationEntryPoint entryPoint) {
        this.keys = keys;
        this.tenants = tenants;
        this.entryPoint = entryPoint;
    }

    /** Carries the tenant of a revoked key (null when the key is unknown) to the audit record. */
    static final class InvalidApiKeyException extends AuthenticationException {
        private final transient TenantId tenant;

        InvalidApiKeyException(TenantId tenant, String reason) {
            super(reason);
            this.tenant = tenant;
        }

        TenantId tenant() {
            return tenant;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getHeader("Authorization") != null) {
            // Two credentials: which one acts would be a guess, so neither does.
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new InvalidApiKeyException(null, "both X-API-Key and Authorization sent"));
            return;
        }
        Optional<ApiKey> key = keys.lookup(presented.trim());
        if (key.isEmpty() || !key.get().active()) {
            SecurityContextHolder.clearContext();
            // A revoked key is recorded in its own tenant's trail, so that tenant's auditor sees its use.
            entryPoint.commence(request, response, key.isEmpty() ? new InvalidApiKeyException(null, "unknown API key")
                    : new InvalidApiKeyException(key.get().tenant(), "revoked API key " + key.get().id()));
            return;
        }
        ApiKey apiKey = key.get();
        boolean operator = tenants.find(apiKey.tenant()).map(t -> t.operator()).orElse(false);
        MamoriPrincipal principal = new MamoriPrincipal(apiKey.tenant(), "api-key:" + apiKey.id(), ActorType.API_KEY,
                apiKey.roles(), null);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new MamoriAuthentication(principal, Authorities.of(apiKey.roles(), operator)));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
