package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.server.audit.AuditTrail;
import dev.mamori.server.audit.AuditVerification;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.config.MamoriProperties;
import java.time.Clock;
import dev.mamori.server.audit.AuditVerifier;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.identity.UserService;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.tenant.TenantService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** The console pages. Each shows only the caller's tenant, and only what its roles allow. */
@Controller
class ConsoleController {
    private final TenantService tenants;
    private final ApiKeyService keys;
    private final UserService users;
    private final AuditTrail trail;
    private final AuditVerifier verifier;
    private final RequestAudit audit;
    private final Clock clock;
    private final MamoriProperties.Security security;

    ConsoleController(TenantService tenants, ApiKeyService keys, UserService users, AuditTrail trail, AuditVerifier verifier,
                      RequestAudit audit, Clock clock, MamoriProperties properties) {
        this.audit = audit;
        this.security = properties.security();
        this.clock = clock;
        this.tenants = tenants;
        this.keys = keys;
        this.users = users;
        this.trail = trail;
        this.verifier = verifier;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/console/login")
    String login(Model model) {
        model.addAttribute("maxFailedLogins", security.maxFailedLogins());
        model.addAttribute("lockoutMinutes", security.lockoutDuration().toMinutes());
        return "console/login";
    }

    @GetMapping("/console")
    String dashboard(Model model) {
        MamoriPrincipal me = CurrentPrincipal.require();
        model.addAttribute("tenant", tenants.find(me.tenant()).orElseThrow());
        model.addAttribute("me", me);
        model.addAttribute("roles", me.roles().stream().sorted().map(Role::id).toList());
        if (me.has(Role.ADMIN)) {
            model.addAttribute("activeKeys", keys.list(me.tenant()).stream().filter(k -> k.active()).count());
            model.addAttribute("userCount", users.list(me.tenant()).size());
        }
        return "console/dashboard";
    }

    @GetMapping("/console/audit")
    String audit(Model model) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.AUDITOR)) {
            model.addAttribute("me", me);
            return "console/forbidden";
        }
        model.addAttribute("me", me);
        // The chain is verified on request (htmx button), not on every page view: it may be long.
        model.addAttribute("events", trail.read(me.tenant(), null, null, null, 100));
        return "console/audit";
    }

    /** htmx: re-runs the verification and swaps in the status fragment; recorded like the API's verify. */
    @PostMapping("/console/audit/verify")
    String verifyAudit(Model model) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.AUDITOR)) {
            model.addAttribute("me", me);
            return "console/forbidden";
        }
        AuditVerification result = verifier.verify(me.tenant());
        audit.verification(result);
        model.addAttribute("verification", result);
        model.addAttribute("verifiedAt", clock.instant());
        return "console/audit :: chainStatus";
    }
}
