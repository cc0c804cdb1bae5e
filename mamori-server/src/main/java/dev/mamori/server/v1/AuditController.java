package dev.mamori.server.v1;

import dev.mamori.server.audit.AuditEvent.Outcome;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.AuditRecord;
import dev.mamori.server.audit.AuditTrail;
import dev.mamori.server.audit.AuditVerification;
import dev.mamori.server.audit.AuditVerifier;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.RequestAudit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/audit-events")
@Tag(name = "Audit trail")
class AuditController {
    private final AuditTrail trail;
    private final AuditVerifier verifier;
    private final RequestAudit audit;

    AuditController(AuditTrail trail, AuditVerifier verifier, RequestAudit audit) {
        this.trail = trail;
        this.verifier = verifier;
        this.audit = audit;
    }

    record AuditEventView(long seq, Instant occurredAt, String actor, String actorType, String type, String outcome,
                          String origin, String resource, String detail, String prevHash, String hash) {
        static AuditEventView of(AuditRecord r) {
            return new AuditEventView(r.seq(), r.occurredAt(), r.actor(), lower(r.actorType()),
                    r.type(), lower(r.outcome()), r.origin(), r.resource(), r.detail(), r.prevHash(), r.hash());
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
    }

    record VerificationView(String tenant, boolean intact, long recordsChecked, Long firstBrokenSeq, String problem) {
        static VerificationView of(AuditVerification v) {
            return new VerificationView(v.tenant().toString(), v.intact(), v.recordsChecked(), v.firstBrokenSeq(), v.problem());
        }
    }

    @GetMapping
    @Operation(summary = "The tenant's audit events, newest first; page with before=<seq>")
    List<AuditEventView> list(@RequestParam(required = false) @Min(1) Long before,
                              @RequestParam(required = false) @Pattern(regexp = "[a-z_.]{1,64}") String type,
                              @RequestParam(required = false) @Pattern(regexp = "success|failure") String outcome,
                              @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        List<AuditEventView> page = trail.read(caller.tenant(), before, type,
                        outcome == null ? null : Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT)), limit).stream()
                .map(AuditEventView::of).toList();
        audit.success(AuditEventTypes.AUDIT_READ, "audit-trail", page.size() + " events read");
        return page;
    }

    @PostMapping("/verify")
    @Operation(summary = "Recompute the tenant's hash chain and report the first broken link")
    VerificationView verify() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        AuditVerification result = verifier.verify(caller.tenant());
        audit.verification(result);
        return VerificationView.of(result);
    }
}
