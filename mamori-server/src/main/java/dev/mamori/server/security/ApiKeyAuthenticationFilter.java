package dev.mamori.server.security;

import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.principal.ActorType;
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

    static final class InvalidApiKeyException extends AuthenticationException {
        InvalidApiKeyException() {
            super("invalid API key");
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
        Optional<ApiKey> key = keys.authenticate(presented.trim());
        if (key.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new InvalidApiKeyException());
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
