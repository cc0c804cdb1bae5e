package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.security.Authorities;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
    static final Duration CEREMONY_TIMEOUT = Duration.ofHours(1);

    private final Vault vault;
    private final RequestAudit audit;

    VaultController(Vault vault, RequestAudit audit) {
        this.vault = vault;
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

    @Transactional
    @PutMapping("/policy")
    @Operation(summary = "Change the tenant's vault policy")
    PolicyView updatePolicy(@Valid @RequestBody PolicyUpdate request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Set<Role> roles = request.detokenizeRoles().isEmpty() ? Set.of() : RoleIds.parse(request.detokenizeRoles(), "detokenizeRoles");
        if (roles.contains(Role.MERCHANT)) {
            throw new ApiProblem(ProblemType.VALIDATION, "Merchants may not see card numbers (非保持化)",
                    List.of(new FieldViolation("detokenizeRoles", "merchant-forbidden", "merchants may not detokenize: shops hold no card numbers")));
        }
        VaultPolicy policy = new VaultPolicy(roles, request.defaultTokenTtlSeconds() == null ? null
                : Duration.ofSeconds(request.defaultTokenTtlSeconds()));
        vault.updatePolicy(caller.tenant(), policy);
        audit.success(AuditEventTypes.VAULT_POLICY_CHANGED, "vault-policy", "detokenize roles " + RoleIds.ids(policy.detokenizeRoles())
                + ", default TTL " + request.defaultTokenTtlSeconds());
        return PolicyView.of(policy);
    }

    // --- keys ----------------------------------------------------------------------------------

    @GetMapping("/keys")
    @Operation(summary = "Master key versions, every tenant's key versions and recent rotations (no key material)")
    KeyManagement.Status keys() {
        return vault.keys().status();
    }

    @Transactional
    @PostMapping("/keys/tenant/rotate")
    @Operation(summary = "Rotate the caller's tenant keys: new KEK and data key now, cards re-encrypted in the background")
    ResponseEntity<KeyManagement.Rotation> rotateTenant() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        KeyManagement.Rotation rotation = vault.keys().rotateTenantKeys(caller.tenant(), caller.subject());
        audit.success(AuditEventTypes.KEY_ROTATION_STARTED, "rotation:" + rotation.id(),
                "tenant data key v" + rotation.fromVersion() + " -> v" + rotation.toVersion() + ", " + rotation.total() + " cards to re-encrypt");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rotation);
    }

    @Transactional
    @PostMapping("/keys/master/rotate")
    @Operation(summary = "Generate a new master key version; every tenant KEK is re-wrapped under it in the background")
    ResponseEntity<KeyManagement.Rotation> rotateMaster() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        KeyManagement.Rotation rotation = vault.keys().rotateMasterKey(caller.subject());
        audit.success(AuditEventTypes.KEY_ROTATION_STARTED, "rotation:" + rotation.id(),
                "master key v" + rotation.fromVersion() + " -> v" + rotation.toVersion());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rotation);
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

    @Transactional
    @PostMapping("/ceremonies")
    @Operation(summary = "Open a key ceremony: N custodians will each submit one component of a new master key")
    ResponseEntity<KeyCeremony.View> startCeremony(@Valid @RequestBody StartCeremony request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        KeyCeremony.View view = vault.keys().startCeremony(request.components(), caller.subject(), CEREMONY_TIMEOUT);
        audit.success(AuditEventTypes.KEY_CEREMONY_STARTED, "ceremony:" + view.id(), request.components() + " custodians required");
        return ResponseEntity.status(HttpStatus.CREATED).body(view);
    }

    @GetMapping("/ceremonies/{id}")
    @Operation(summary = "A key ceremony's state: custodians so far and their components' check values")
    KeyCeremony.View ceremony(@PathVariable UUID id) {
        return vault.keys().ceremony(id).orElseThrow(() -> ApiProblem.notFound("Key ceremony"));
    }

    @Transactional(noRollbackFor = RuntimeException.class)
    @PostMapping("/ceremonies/{id}/components")
    @Operation(summary = "Submit one custodian's component (64 hex digits) and its check value; people only, one each")
    KeyCeremony.View submitComponent(@PathVariable UUID id, @Valid @RequestBody Component request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (caller.type() == ActorType.API_KEY) {
            audit.failure(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "refused: an API key is not a person");
            throw new ApiProblem(ProblemType.FORBIDDEN, "A key custodian must be a person signed in as themself, not an API key",
                    List.of(new FieldViolation("custodian", "person", "submit components as a user (console or JWT), not with an API key")));
        }
        byte[] component = parseComponent(request.component());
        try {
            KeyCeremony.View view = vault.keys().submitComponent(id, caller.subject(), component, request.checkValue());
            String index = view.custodians().size() + " of " + view.required();
            audit.success(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "component " + index + ", check value "
                    + view.componentCheckValues().get(view.componentCheckValues().size() - 1)
                    + (view.result() == null ? "" : "; master key v" + view.result().version() + " imported, check value " + view.result().checkValue()));
            return view;
        } catch (RuntimeException e) {
            audit.failure(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "refused: " + e.getMessage());
            throw e;
        }
    }

    private static byte[] parseComponent(String hex) {
        String clean = hex.replace(" ", "").replace("-", "");
        if (clean.length() != 64 || !clean.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ApiProblem(ProblemType.VALIDATION, "A component is 64 hex digits (32 bytes)",
                    List.of(new FieldViolation("component", "hex-32-bytes", "a component is 64 hex digits (32 bytes)")));
        }
        return HexFormat.of().parseHex(clean);
    }

    // --- crypto-shredding ---------------------------------------------------------------------------

    @Transactional
    @PostMapping("/tenants/{tenantId}/shred")
    @Operation(summary = "Crypto-shred a tenant: destroy its keys and delete its cards; backups become unreadable")
    ShredResult shred(@PathVariable UUID tenantId, @Valid @RequestBody ShredRequest request) {
        if (!request.confirmTenantId().equals(tenantId.toString())) {
            throw new ApiProblem(ProblemType.VALIDATION, "confirmTenantId must repeat the tenant id",
                    List.of(new FieldViolation("confirmTenantId", "confirm", "repeat the tenant id to confirm the destruction")));
        }
        long cards = vault.keys().shredTenant(new TenantId(tenantId));
        audit.success(AuditEventTypes.TENANT_SHREDDED, "tenant:" + tenantId, "keys destroyed, " + cards + " cards deleted");
        return new ShredResult(tenantId.toString(), cards, Instant.now());
    }
}
