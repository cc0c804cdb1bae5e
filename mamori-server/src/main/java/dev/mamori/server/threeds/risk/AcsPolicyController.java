package dev.mamori.server.threeds.risk;

import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.threeds.risk.AcsPolicies;
import dev.mamori.threeds.risk.AcsPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The issuer's ACS policy: risk-score bands, exemptions, challenge limits (admins only; changes audited). */
@RestController
@RequestMapping("/v1/threeds/acs/policy")
@Tag(name = "3-D Secure ACS policy")
class AcsPolicyController {
    private final AcsPolicies policies;
    private final RequestAudit audit;

    AcsPolicyController(AcsPolicies policies, RequestAudit audit) {
        this.policies = policies;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The tenant's ACS policy (the defaults until one is saved)")
    AcsPolicyForm policy() {
        return AcsPolicyForm.of(policies.get(CurrentPrincipal.require().tenant()));
    }

    @Transactional
    @PutMapping
    @Operation(summary = "Replace the tenant's ACS policy whole: every field is required; limits are minor units by ISO 4217 code")
    AcsPolicyForm update(@RequestBody AcsPolicyForm body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        AcsPolicy policy = body.toPolicyOrProblem();
        policies.save(caller.tenant(), policy, caller.subject());
        audit.success("threeds.acs-policy-changed", "threeds-acs-policy", summary(policy));
        return AcsPolicyForm.of(policy);
    }

    static String summary(AcsPolicy p) {
        return "frictionless<" + p.frictionlessBelow() + " refuse>=" + p.refuseAt() + " tra<" + p.traBelow() + " maxChallenges="
                + p.maxChallengesPerDay();
    }
}
