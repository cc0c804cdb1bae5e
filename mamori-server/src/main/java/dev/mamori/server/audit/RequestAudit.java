package dev.mamori.server.audit;

import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.AuditEvent;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.audit.AuditEvent.Outcome;
import dev.mamori.server.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Records audit events for the current request: actor and tenant from the principal, origin from the client address. */
@Component
public class RequestAudit {
    private final AuditTrail trail;

    RequestAudit(AuditTrail trail) {
        this.trail = trail;
    }

    public void success(String type, String resource, String detail) {
        record(type, Outcome.SUCCESS, resource, detail);
    }

    public void failure(String type, String resource, String detail) {
        record(type, Outcome.FAILURE, resource, detail);
    }

    public void record(String type, Outcome outcome, String resource, String detail) {
        Optional<MamoriPrincipal> principal = CurrentPrincipal.get();
        trail.record(new AuditEvent(
                principal.map(MamoriPrincipal::tenant).orElse(null),
                principal.map(MamoriPrincipal::subject).orElse("anonymous"),
                principal.map(MamoriPrincipal::type).orElse(ActorType.ANONYMOUS),
                type, outcome, origin(), resource, detail));
    }

    /** Records that someone checked the chain, and what they found. */
    public void verification(AuditVerification result) {
        record(AuditEventTypes.AUDIT_VERIFIED, result.intact() ? Outcome.SUCCESS : Outcome.FAILURE, "audit-trail",
                result.intact() ? result.recordsChecked() + " records intact"
                        : "broken at record " + result.firstBrokenSeq() + ": " + result.problem());
    }

    /** The client address (behind a proxy, set server.forward-headers-strategy). */
    public static String origin() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return origin(attributes.getRequest());
        }
        return null;
    }

    public static String origin(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
