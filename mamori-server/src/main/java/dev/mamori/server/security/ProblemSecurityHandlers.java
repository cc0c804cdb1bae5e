package dev.mamori.server.security;

import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.common.TenantId;
import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.api.Problems;
import dev.mamori.server.audit.AuditEvent;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.audit.AuditEvent.Outcome;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 for the API, as problem+json, each recorded in the audit trail with the method
 * and path. Reasons are ours, never the exception's message.
 */
@Component
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final ProblemResponses responses;
    private final AuditTrail audit;
    private final AnonymousFailureThrottle throttle;

    ProblemSecurityHandlers(ProblemResponses responses, AuditTrail audit, AnonymousFailureThrottle throttle) {
        this.responses = responses;
        this.audit = audit;
        this.throttle = throttle;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        TenantId tenant = null;
        String reason;
        if (e instanceof ApiKeyAuthenticationFilter.InvalidApiKeyException invalidKey) {
            tenant = invalidKey.tenant();
            reason = invalidKey.getMessage(); // written by us: names no secret
        } else if (e instanceof org.springframework.security.authentication.InsufficientAuthenticationException) {
            reason = "no credentials";
        } else {
            reason = "invalid bearer token";
        }
        String origin = RequestAudit.origin(request);
        int suppressedBefore = throttle.admit(origin);
        if (suppressedBefore >= 0) {
            String detail = suppressedBefore == 0 ? reason
                    : reason + " (and " + suppressedBefore + " more failures from this address in the previous minute, not recorded one by one)";
            audit.record(new AuditEvent(tenant, "anonymous", ActorType.ANONYMOUS, AuditEventTypes.API_AUTHENTICATION,
                    Outcome.FAILURE, origin, request.getMethod() + " " + request.getRequestURI(), detail));
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"mamori\", ApiKey header=\"X-API-Key\"");
        responses.write(response, Problems.of(ProblemType.UNAUTHENTICATED,
                "Send one credential: an API key in X-API-Key or an OAuth2 bearer token"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        MamoriPrincipal principal = CurrentPrincipal.get().orElse(null);
        audit.record(new AuditEvent(principal == null ? null : principal.tenant(),
                principal == null ? "anonymous" : principal.subject(),
                principal == null ? ActorType.ANONYMOUS : principal.type(), AuditEventTypes.ACCESS_DENIED,
                Outcome.FAILURE, RequestAudit.origin(request), request.getMethod() + " " + request.getRequestURI(),
                "role not allowed"));
        responses.write(response, Problems.of(ProblemType.FORBIDDEN, "Your roles do not allow "
                + request.getMethod() + " on this resource"));
    }
}
