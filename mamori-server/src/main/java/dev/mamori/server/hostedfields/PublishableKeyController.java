package dev.mamori.server.hostedfields;

import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.Idempotency;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's publishable keys for hosted payment fields; role {@code admin} (see SecurityConfig). */
@RestController
@RequestMapping("/v1/publishable-keys")
@Tag(name = "Publishable keys (hosted payment fields)")
class PublishableKeyController {
    private final PublishableKeyService keys;
    private final Idempotency idempotency;
    private final RequestAudit audit;

    PublishableKeyController(PublishableKeyService keys, Idempotency idempotency, RequestAudit audit) {
        this.keys = keys;
        this.idempotency = idempotency;
        this.audit = audit;
    }

    record CreatePublishableKey(@NotBlank @Size(max = 100) @NoCardNumber String name,
                                @Size(max = AllowedOrigins.MAX_ORIGINS) List<String> allowedOrigins) {}

    /** The key is not a secret, so every view carries it. */
    record PublishableKeyView(String id, String name, String key, List<String> allowedOrigins, String createdBy,
                              Instant createdAt, Instant revokedAt, boolean active) {
        static PublishableKeyView of(PublishableKey k) {
            return new PublishableKeyView(k.id().toString(), k.name(), k.key(), k.allowedOrigins(), k.createdBy(),
                    k.createdAt(), k.revokedAt(), k.active());
        }
    }

    @PostMapping
    @Operation(summary = "Create a publishable key for hosted payment fields, bound to the tenant and to the origins allowed to embed them")
    ResponseEntity<?> create(@Valid @RequestBody CreatePublishableKey request,
                             @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        List<String> origins = AllowedOrigins.validate(request.allowedOrigins());
        return idempotency.run(caller, idempotencyKey, "POST /v1/publishable-keys", request, () -> {
            PublishableKey key = keys.create(caller.tenant(), request.name().trim(), origins, caller.subject());
            audit.success(AuditEventTypes.PUBLISHABLE_KEY_CREATED, "publishable-key:" + key.id(),
                    "allowed origins " + key.allowedOrigins());
            return ResponseEntity.status(HttpStatus.CREATED).body(PublishableKeyView.of(key));
        });
    }

    @GetMapping
    @Operation(summary = "List the tenant's publishable keys, revoked ones included")
    List<PublishableKeyView> list() {
        return keys.list(CurrentPrincipal.require().tenant()).stream().map(PublishableKeyView::of).toList();
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a publishable key: its frames stop loading and tokenizing at once")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!keys.revoke(caller.tenant(), id)) {
            throw ApiProblem.notFoundRecorded(audit, AuditEventTypes.PUBLISHABLE_KEY_REVOKED, "publishable-key:" + id,
                    "no active key with this id in the tenant", "Publishable key");
        }
        audit.success(AuditEventTypes.PUBLISHABLE_KEY_REVOKED, "publishable-key:" + id, "revoked");
        return ResponseEntity.noContent().build();
    }
}
