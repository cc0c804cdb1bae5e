package dev.mamori.server.identity;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates console users and changes their roles; callers record the audit event. */
@Service
public class UserService {
    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    UserService(UserRepository users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** @throws ApiProblem when the password breaks the policy or the username is taken */
    public UserAccount create(TenantId tenant, String username, String password, Set<Role> roles) {
        List<FieldViolation> violations = PasswordPolicy.check(username, password);
        if (!violations.isEmpty()) {
            throw new ApiProblem(ProblemType.VALIDATION, violations.get(0).message(), violations);
        }
        if (users.usernameTaken(username)) {
            throw new ApiProblem(ProblemType.CONFLICT, "username is already taken",
                    List.of(new FieldViolation("username", "unique", "username is already taken")));
        }
        UserAccount account = new UserAccount(UUID.randomUUID(), tenant, username, passwords.encode(password), roles,
                null, false, 0, 0, null, true, clock.instant());
        users.insert(account);
        return account;
    }

    public List<UserAccount> list(TenantId tenant) {
        return users.list(tenant);
    }

    public Optional<UserAccount> find(TenantId tenant, UUID id) {
        return users.find(tenant, id);
    }

    /** The tenant's user with this name; another tenant's user is not found. */
    public Optional<UserAccount> findByUsername(TenantId tenant, String username) {
        return users.findByUsername(username).filter(u -> u.tenant().equals(tenant));
    }

    public boolean changeRoles(TenantId tenant, UUID id, Set<Role> roles) {
        return users.updateRoles(tenant, id, Roles.encode(roles)) == 1;
    }

    public boolean unlock(TenantId tenant, UUID id) {
        Optional<UserAccount> user = users.find(tenant, id);
        user.ifPresent(u -> users.resetFailures(u.id()));
        return user.isPresent();
    }
}
