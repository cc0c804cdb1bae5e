package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.Idempotency;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.identity.ApiKey;
import dev.mamori.server.identity.ApiKeyService;
import dev.mamori.server.identity.IssuedApiKey;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.RequestAudit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys")
class ApiKeyController {
    private final ApiKeyService keys;
    private final Idempotency idempotency;
    private final RequestAudit audit;

    ApiKeyController(ApiKeyService keys, Idempotency idempotency, RequestAudit audit) {
        this.keys = keys;
        this.idempotency = idempotency;
        this.audit = audit;
    }

    record CreateApiKey(@NotBlank @Size(max = 100) @NoCardNumber String name,
                        @NotEmpty @Size(max = 7) List<@NotBlank String> roles) {}

    record ApiKeyView(String id, String name, String prefix, List<String> roles, String createdBy, Instant createdAt,
                      Instant revokedAt, boolean active) {
        static ApiKeyView of(ApiKey k) {
            return new ApiKeyView(k.id().toString(), k.name(), k.prefix(), RoleIds.ids(k.roles()), k.createdBy(),
                    k.createdAt(), k.revokedAt(), k.active());
        }
    }

    /** The only response that ever carries the key itself. */
    record CreatedApiKey(ApiKeyView apiKey, String key) {
        static CreatedApiKey of(IssuedApiKey issued) {
            return new CreatedApiKey(ApiKeyView.of(issued.key()), issued.secret());
        }

        @Override
        public String toString() {
            return "CreatedApiKey[" + apiKey.id() + "]";
        }
    }

    @PostMapping
    @Operation(summary = "Create an API key bound to the caller's tenant; the key is in the response once")
    ResponseEntity<?> create(@Valid @RequestBody CreateApiKey request,
                             @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Set<Role> roles = RoleIds.parse(request.roles(), "roles");
        return idempotency.run(caller, idempotencyKey, "POST /v1/api-keys", request, () -> {
            IssuedApiKey issued = keys.issue(caller.tenant(), request.name().trim(), roles, caller.subject());
            audit.success(AuditEventTypes.API_KEY_CREATED, "api-key:" + issued.key().id(),
                    "roles " + RoleIds.ids(roles));
            return ResponseEntity.status(HttpStatus.CREATED).body(CreatedApiKey.of(issued));
        });
    }

    @GetMapping
    @Operation(summary = "List the tenant's API keys (never the keys themselves)")
    List<ApiKeyView> list() {
        return keys.list(CurrentPrincipal.require().tenant()).stream().map(ApiKeyView::of).toList();
    }

    // The change and its audit record commit together; a refusal (ApiProblem) still records its failure.
    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key; it stops working at once")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!keys.revoke(caller.tenant(), id)) {
            throw ApiProblem.notFoundRecorded(audit, AuditEventTypes.API_KEY_REVOKED, "api-key:" + id,
                    "no active key with this id in the tenant", "API key");
        }
        audit.success(AuditEventTypes.API_KEY_REVOKED, "api-key:" + id, "revoked");
        return ResponseEntity.noContent().build();
    }
}
