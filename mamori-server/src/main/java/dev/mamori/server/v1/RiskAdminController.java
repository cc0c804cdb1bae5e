package dev.mamori.server.v1;

import dev.mamori.risk.BinRoutes;
import dev.mamori.risk.RiskAlert;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.ScoringFallback;
import dev.mamori.risk.SourceBlock;
import dev.mamori.risk.TenantRiskPolicy;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.vault.keys.CardVerificationKeyExistsException;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.VaultKeyException;
import dev.mamori.vault.KeyUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The host's settings per tenant: policy, BIN routes, card verification keys; card-testing blocks and alerts. */
@RestController
@RequestMapping("/v1/risk")
@Tag(name = "Authorization host settings")
class RiskAdminController {
    private final RiskModule risk;
    private final MasterKeyProvider keys;
    private final RequestAudit audit;

    RiskAdminController(RiskModule risk, MasterKeyProvider keys, RequestAudit audit) {
        this.risk = risk;
        this.keys = keys;
        this.audit = audit;
    }

    record PolicyView(String scoringFallback, int scoringBudgetMicros, String issuerCountry) {
        static PolicyView of(TenantRiskPolicy p) {
            return new PolicyView(p.scoringFallback().id(), p.scoringBudgetMicros(), p.issuerCountry());
        }
    }

    record PolicyUpdate(@NotNull String scoringFallback, @NotNull Integer scoringBudgetMicros, @NotNull String issuerCountry) {
    }

    record BinRouteRequest(@NotNull @Pattern(regexp = "[0-9]{6,11}", message = "must be 6 to 11 digits") String prefix) {
    }

    record CvkRequest(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1 to 32 lower-case letters, digits, _ . -")
                      String name) {
    }

    record CvkView(String name, String checkValue) {
    }

    @GetMapping("/policy")
    @Operation(summary = "The tenant's host policy: scoring fallback and time budget, issuer country")
    PolicyView policy() {
        return PolicyView.of(risk.policies().policy(CurrentPrincipal.require().tenant()));
    }

    @Transactional
    @PutMapping("/policy")
    @Operation(summary = "Change the tenant's host policy")
    PolicyView updatePolicy(@Valid @RequestBody PolicyUpdate body) {
        ScoringFallback fallback = ScoringFallback.fromId(body.scoringFallback());
        if (fallback == null) {
            throw AuthorizationRequests.invalid("scoringFallback", "one-of", "scoringFallback must be rules-only, approve or decline");
        }
        TenantRiskPolicy policy;
        try {
            policy = new TenantRiskPolicy(fallback, body.scoringBudgetMicros(), body.issuerCountry());
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("issuerCountry") ? "issuerCountry" : "scoringBudgetMicros";
            throw AuthorizationRequests.invalid(field, "range", e.getMessage());
        }
        risk.policies().save(CurrentPrincipal.require().tenant(), policy);
        audit.success("risk.policy-changed", "risk-policy", fallback.id() + " " + body.scoringBudgetMicros() + "us");
        return PolicyView.of(policy);
    }

    @GetMapping("/bin-routes")
    @Operation(summary = "The card-number prefixes routed to this tenant")
    List<BinRoutes.Route> binRoutes() {
        return risk.binRoutes().list(CurrentPrincipal.require().tenant());
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/bin-routes")
    @Operation(summary = "Route a card-number prefix (6–11 digits) to this tenant; 409 when any tenant holds it")
    ResponseEntity<BinRoutes.Route> addBinRoute(@Valid @RequestBody BinRouteRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!risk.binRoutes().add(caller.tenant(), body.prefix())) {
            audit.failure("risk.bin-route-added", "bin-route:" + body.prefix(), "prefix taken or overlapping another issuer's");
            throw new ApiProblem(ProblemType.CONFLICT, "the prefix " + body.prefix()
                    + " is already routed, or overlaps a prefix routed to another issuer");
        }
        audit.success("risk.bin-route-added", "bin-route:" + body.prefix(), "");
        refreshRoutesAfterCommit();
        return ResponseEntity.status(HttpStatus.CREATED).body(new BinRoutes.Route(body.prefix(), caller.tenant()));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/bin-routes/{prefix}")
    @Operation(summary = "Stop routing a prefix to this tenant")
    ResponseEntity<Void> removeBinRoute(@PathVariable String prefix) {
        if (!risk.binRoutes().remove(CurrentPrincipal.require().tenant(), prefix)) {
            throw ApiProblem.notFoundRecorded(audit, "risk.bin-route-removed", "bin-route:" + prefix, "not routed to this tenant", "BIN route");
        }
        audit.success("risk.bin-route-removed", "bin-route:" + prefix, "");
        refreshRoutesAfterCommit();
        return ResponseEntity.noContent().build();
    }

    /**
     * The routes are re-read once more after the change commits: a periodic refresh that read the
     * table just before the commit would otherwise put the old routes back for a refresh interval,
     * and an ISO message for the new prefix would be answered "no such issuer".
     */
    private void refreshRoutesAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    risk.binRoutes().refresh();
                }
            });
        }
    }

    @GetMapping("/cvks")
    @Operation(summary = "The tenant's card verification keys (names and check values; the keys never leave the key provider)")
    List<CvkView> cvks() {
        String tenant = CurrentPrincipal.require().tenant().value().toString();
        try {
            return keys.cardVerificationKeys(tenant).stream().map(name -> new CvkView(name, checkValue(tenant, name))).toList();
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    @Transactional
    @PostMapping("/cvks")
    @Operation(summary = "Generate a card verification key inside the key provider; answers its check value")
    ResponseEntity<CvkView> createCvk(@Valid @RequestBody CvkRequest body) {
        String tenant = CurrentPrincipal.require().tenant().value().toString();
        try {
            String checkValue = keys.createCardVerificationKey(tenant, body.name());
            audit.success("risk.cvk-created", "cvk:" + body.name(), "kcv " + checkValue);
            return ResponseEntity.status(HttpStatus.CREATED).body(new CvkView(body.name(), checkValue));
        } catch (CardVerificationKeyExistsException e) {
            throw new ApiProblem(ProblemType.CONFLICT, "a card verification key named " + body.name() + " exists");
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    private String checkValue(String tenant, String name) {
        try {
            return keys.cardVerificationKeyCheckValue(tenant, name);
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    @GetMapping("/blocks")
    @Operation(summary = "Sources currently declined for card testing")
    List<SourceBlock> blocks() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        return risk.cardTesting().activeBlocks().stream().filter(b -> b.tenant().equals(caller.tenant())).toList();
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/blocks")
    @Operation(summary = "Lift a card-testing block early")
    ResponseEntity<Void> unblock(@RequestParam String kind, @RequestParam String value) {
        if (!risk.cardTesting().unblock(CurrentPrincipal.require().tenant(), kind, value)) {
            throw ApiProblem.notFoundRecorded(audit, "risk.block-lifted", "block:" + kind, "no such block in this tenant", "block");
        }
        audit.success("risk.block-lifted", "block:" + kind, "");
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/alerts")
    @Operation(summary = "Recent alerts (card-testing attacks)")
    List<RiskAlert> alerts(@RequestParam(defaultValue = "100") int limit) {
        return risk.decisionLog().alerts(CurrentPrincipal.require().tenant(), limit);
    }
}
