package dev.mamori.server.v1;

import dev.mamori.common.Role;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.Idempotency;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.identity.UserAccount;
import dev.mamori.server.identity.UserService;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.RequestAudit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/users")
@Tag(name = "Console users")
class UserController {
    private final UserService users;
    private final Idempotency idempotency;
    private final RequestAudit audit;
    private final Clock clock;

    UserController(UserService users, Idempotency idempotency, RequestAudit audit, Clock clock) {
        this.users = users;
        this.idempotency = idempotency;
        this.audit = audit;
        this.clock = clock;
    }

    record CreateUser(@NotBlank @Size(min = 3, max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+",
                              message = "may contain letters, digits and . _ @ - only") @NoCardNumber String username,
                      @NotBlank String password,
                      @NotEmpty @Size(max = 7) List<@NotBlank String> roles) {
        @Override
        public String toString() {
            return "CreateUser[" + username + "]";
        }
    }

    record ChangeRoles(@NotEmpty @Size(max = 7) List<@NotBlank String> roles) {}

    record UserView(String id, String username, List<String> roles, boolean mfaEnrolled, boolean locked, Instant createdAt) {
        static UserView of(UserAccount u, Instant now) {
            return new UserView(u.id().toString(), u.username(), RoleIds.ids(u.roles()), u.totpEnabled(), u.lockedAt(now),
                    u.createdAt());
        }
    }

    @PostMapping
    @Operation(summary = "Create a console user in the caller's tenant; TOTP is enrolled at first login")
    ResponseEntity<?> create(@Valid @RequestBody CreateUser request,
                             @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Set<Role> roles = RoleIds.parse(request.roles(), "roles");
        return idempotency.run(caller, idempotencyKey, "POST /v1/users", request, () -> {
            UserAccount user = users.create(caller.tenant(), request.username(), request.password(), roles);
            audit.success(AuditEventTypes.USER_CREATED, "user:" + user.id(), user.username() + " with roles " + RoleIds.ids(roles));
            return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(user, clock.instant()));
        });
    }

    @GetMapping
    @Operation(summary = "List the tenant's console users")
    List<UserView> list() {
        Instant now = clock.instant();
        return users.list(CurrentPrincipal.require().tenant()).stream().map(u -> UserView.of(u, now)).toList();
    }

    // The change and its audit record commit together; a refusal (ApiProblem) still records its failure.
    @Transactional(noRollbackFor = ApiProblem.class)
    @PutMapping("/{id}/roles")
    @Operation(summary = "Replace a user's roles")
    UserView changeRoles(@PathVariable UUID id, @Valid @RequestBody ChangeRoles request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Set<Role> roles = RoleIds.parse(request.roles(), "roles");
        UserAccount before = users.find(caller.tenant(), id).orElse(null);
        if (before == null) {
            throw ApiProblem.notFoundRecorded(audit, AuditEventTypes.USER_ROLES_CHANGED, "user:" + id,
                    "no user with this id in the tenant", "User");
        }
        users.changeRoles(caller.tenant(), id, roles);
        audit.success(AuditEventTypes.USER_ROLES_CHANGED, "user:" + id,
                before.username() + ": " + RoleIds.ids(before.roles()) + " -> " + RoleIds.ids(roles));
        return UserView.of(users.find(caller.tenant(), id).orElseThrow(), clock.instant());
    }

    // The change and its audit record commit together; a refusal (ApiProblem) still records its failure.
    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{id}/unlock")
    @Operation(summary = "Unlock a user locked out after failed logins")
    ResponseEntity<Void> unlock(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!users.unlock(caller.tenant(), id)) {
            throw ApiProblem.notFoundRecorded(audit, AuditEventTypes.USER_UNLOCKED, "user:" + id,
                    "no user with this id in the tenant", "User");
        }
        audit.success(AuditEventTypes.USER_UNLOCKED, "user:" + id, "unlocked by an admin");
        return ResponseEntity.noContent().build();
    }
}
