package dev.mamori.server.identity;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A person who uses the console. Not a record: its password hash and TOTP secret must not appear
 * in a generated {@code toString}.
 */
public final class UserAccount {
    private final UUID id;
    private final TenantId tenant;
    private final String username;
    private final String passwordHash;
    private final Set<Role> roles;
    private final String totpSecret;
    private final boolean totpEnabled;
    private final long totpLastStep;
    private final int failedAttempts;
    private final Instant lockedUntil;
    private final boolean enabled;
    private final Instant createdAt;

    UserAccount(UUID id, TenantId tenant, String username, String passwordHash, Set<Role> roles, String totpSecret,
                boolean totpEnabled, long totpLastStep, int failedAttempts, Instant lockedUntil, boolean enabled,
                Instant createdAt) {
        this.id = id;
        this.tenant = tenant;
        this.username = username;
        this.passwordHash = passwordHash;
        this.roles = Set.copyOf(roles);
        this.totpSecret = totpSecret;
        this.totpEnabled = totpEnabled;
        this.totpLastStep = totpLastStep;
        this.failedAttempts = failedAttempts;
        this.lockedUntil = lockedUntil;
        this.enabled = enabled;
        this.createdAt = createdAt;
    }

    public UUID id() { return id; }
    public TenantId tenant() { return tenant; }
    public String username() { return username; }
    String passwordHash() { return passwordHash; }
    public Set<Role> roles() { return roles; }
    String totpSecret() { return totpSecret; }
    public boolean totpEnabled() { return totpEnabled; }
    long totpLastStep() { return totpLastStep; }
    public int failedAttempts() { return failedAttempts; }
    public Instant lockedUntil() { return lockedUntil; }
    public boolean enabled() { return enabled; }
    public Instant createdAt() { return createdAt; }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + ", tenant " + tenant + ", roles " + roles + "]";
    }
}
