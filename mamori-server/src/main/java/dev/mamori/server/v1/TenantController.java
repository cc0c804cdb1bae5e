package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.server.api.Idempotency;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.identity.IssuedApiKey;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.tenant.Tenant;
import dev.mamori.server.tenant.TenantService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/tenants")
@Tag(name = "Tenants")
class TenantController {
    private final TenantService tenants;
    private final ApiKeyService keys;
    private final Idempotency idempotency;
    private final RequestAudit audit;

    TenantController(TenantService tenants, ApiKeyService keys, Idempotency idempotency, RequestAudit audit) {
        this.tenants = tenants;
        this.keys = keys;
        this.idempotency = idempotency;
        this.audit = audit;
    }

    record TenantView(String id, String name, boolean operator, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id().toString(), t.name(), t.operator(), t.createdAt());
        }
    }

    record CreateTenant(@NotBlank @Size(max = 200) @NoCardNumber String name) {}

    record CreatedTenant(TenantView tenant, ApiKeyController.CreatedApiKey adminApiKey) {}

    @GetMapping("/current")
    @Operation(summary = "The caller's tenant")
    TenantView current() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        return TenantView.of(tenants.find(caller.tenant()).orElseThrow());
    }

    @PostMapping
    @Operation(summary = "Create a tenant with a first admin API key (operator admins only); the key is shown once")
    ResponseEntity<?> create(@Valid @RequestBody CreateTenant request,
                             @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        return idempotency.run(caller, idempotencyKey, "POST /v1/tenants", request, () -> {
            Tenant tenant = tenants.create(request.name().trim(), false);
            IssuedApiKey key = keys.issue(tenant.id(), "initial admin key", EnumSet.of(Role.ADMIN), caller.subject());
            audit.success(AuditEventTypes.TENANT_CREATED, "tenant:" + tenant.id(), "tenant created with an initial admin API key");
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new CreatedTenant(TenantView.of(tenant), ApiKeyController.CreatedApiKey.of(key)));
        });
    }
}
