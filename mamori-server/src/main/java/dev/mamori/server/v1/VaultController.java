package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.security.Authorities;
import dev.mamori.server.vault.VaultOperations;
import dev.mamori.vault.KeyCeremony;
import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.Vault;
import dev.mamori.vault.VaultPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vault's policy and keys. Tenant admins set their tenant's policy and rotate its keys; the
 * operator's admins manage master keys, run key ceremonies and crypto-shred tenants.
 */
@RestController
@RequestMapping("/v1/vault")
@Tag(name = "Vault keys and policy")
class VaultController {
    private final Vault vault;
    private final VaultOperations operations;
    private final RequestAudit audit;

    VaultController(Vault vault, VaultOperations operations, RequestAudit audit) {
        this.vault = vault;
        this.operations = operations;
        this.audit = audit;
    }

    record PolicyView(List<String> detokenizeRoles, Long defaultTokenTtlSeconds) {
        static PolicyView of(VaultPolicy p) {
            return new PolicyView(RoleIds.ids(p.detokenizeRoles()), p.defaultTtl() == null ? null : p.defaultTtl().toSeconds());
        }
    }

    record PolicyUpdate(@NotNull @Size(max = 7) List<@NotBlank String> detokenizeRoles, Long defaultTokenTtlSeconds) {}

    record StartCeremony(@NotNull @Min(KeyCeremony.MIN_COMPONENTS) @Max(KeyCeremony.MAX_COMPONENTS) Integer components) {}

    /** A custodian's component: 64 hex digits. Not a record, so it never prints the component. */
    static final class Component {
        @NotBlank
        private final String component;
        @NotBlank
        private final String checkValue;

        @com.fasterxml.jackson.annotation.JsonCreator
        Component(@com.fasterxml.jackson.annotation.JsonProperty("component") String component,
                  @com.fasterxml.jackson.annotation.JsonProperty("checkValue") String checkValue) {
            this.component = component;
            this.checkValue = checkValue;
        }

        String component() {
            return component;
        }

        String checkValue() {
            return checkValue;
        }

        @Override
        public String toString() {
            return "Component[***]";
        }
    }

    record ShredRequest(@NotBlank String confirmTenantId) {}

    record ShredResult(String tenantId, long cardsDeleted, Instant shreddedAt) {}

    // --- policy --------------------------------------------------------------------------------

    @GetMapping("/policy")
    @Operation(summary = "The tenant's vault policy: who may detokenize, default token lifetime")
    PolicyView policy() {
        return PolicyView.of(vault.policy(CurrentPrincipal.require().tenant()));
    }

    @PutMapping("/policy")
    @Operation(summary = "Change the tenant's vault policy")
    PolicyView updatePolicy(@Valid @RequestBody PolicyUpdate request) {
        Set<Role> roles = request.detokenizeRoles().isEmpty() ? Set.of() : RoleIds.parse(request.detokenizeRoles(), "detokenizeRoles");
        return PolicyView.of(operations.updatePolicy(CurrentPrincipal.require(), roles, request.defaultTokenTtlSeconds()));
    }

    // --- keys ----------------------------------------------------------------------------------

    @GetMapping("/keys")
    @Operation(summary = "Master key versions, every tenant's key versions and recent rotations (no key material)")
    KeyManagement.Status keys() {
        return vault.keys().status();
    }

    @PostMapping("/keys/tenant/rotate")
    @Operation(summary = "Rotate the caller's tenant keys: new KEK and data key now, cards re-encrypted in the background")
    ResponseEntity<KeyManagement.Rotation> rotateTenant() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.rotateTenantKeys(caller, caller.tenant()));
    }

    @PostMapping("/keys/master/rotate")
    @Operation(summary = "Generate a new master key version; every tenant KEK is re-wrapped under it in the background")
    ResponseEntity<KeyManagement.Rotation> rotateMaster() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.rotateMasterKey(CurrentPrincipal.require()));
    }

    @Transactional(noRollbackFor = RuntimeException.class)
    @DeleteMapping("/keys/master/{version}")
    @Operation(summary = "Destroy a master key version that no longer wraps any tenant key")
    ResponseEntity<Void> destroyMaster(@PathVariable int version) {
        vault.keys().destroyMasterKey(version);
        audit.success(AuditEventTypes.MASTER_KEY_DESTROYED, "master-key:" + version, "destroyed");
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rotations/{id}")
    @Operation(summary = "A rotation's progress")
    KeyManagement.Rotation rotation(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        boolean operatorAdmin = SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .anyMatch(a -> Authorities.OPERATOR_ADMIN.equals(a.getAuthority()));
        return vault.keys().rotation(id)
                .filter(r -> operatorAdmin || caller.tenant().equals(r.tenant()))
                .orElseThrow(() -> ApiProblem.notFound("Rotation"));
    }

    // --- key ceremony ---------------------------------------------------------------------------

    @PostMapping("/ceremonies")
    @Operation(summary = "Open a key ceremony: N custodians will each submit one component of a new master key")
    ResponseEntity<KeyCeremony.View> startCeremony(@Valid @RequestBody StartCeremony request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(operations.startCeremony(CurrentPrincipal.require(), request.components()));
    }

    @GetMapping("/ceremonies/{id}")
    @Operation(summary = "A key ceremony's state: custodians so far and their components' check values")
    KeyCeremony.View ceremony(@PathVariable UUID id) {
        return vault.keys().ceremony(id).orElseThrow(() -> ApiProblem.notFound("Key ceremony"));
    }

    @PostMapping("/ceremonies/{id}/components")
    @Operation(summary = "Submit one custodian's component (64 hex digits) and its check value; people only, one each")
    KeyCeremony.View submitComponent(@PathVariable UUID id, @Valid @RequestBody Component request) {
        return operations.submitComponent(CurrentPrincipal.require(), id, request.component(), request.checkValue());
    }

    // --- crypto-shredding ---------------------------------------------------------------------------

    @PostMapping("/tenants/{tenantId}/shred")
    @Operation(summary = "Crypto-shred a tenant: destroy its keys and delete its cards; backups become unreadable")
    ShredResult shred(@PathVariable UUID tenantId, @Valid @RequestBody ShredRequest request) {
        if (!request.confirmTenantId().equals(tenantId.toString())) {
            throw new ApiProblem(ProblemType.VALIDATION, "confirmTenantId must repeat the tenant id",
                    List.of(new FieldViolation("confirmTenantId", "confirm", "repeat the tenant id to confirm the destruction")));
        }
        long cards = operations.shredTenant(CurrentPrincipal.require(), new TenantId(tenantId));
        return new ShredResult(tenantId.toString(), cards, Instant.now());
    }
}
