package dev.mamori.server.identity;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class UserRepository {
    private static final RowMapper<UserAccount> MAPPER = (rs, row) -> new UserAccount(
            rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
            rs.getString("username"), rs.getString("password_hash"), Roles.decode(rs.getString("roles")),
            rs.getString("totp_secret"), rs.getBoolean("totp_enabled"), rs.getLong("totp_last_step"),
            rs.getInt("failed_attempts"), Db.instant(rs, "locked_until"), rs.getBoolean("enabled"),
            Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UserAccount u) {
        jdbc.sql("""
                insert into platform.users (id, tenant_id, username, password_hash, roles, totp_enabled,
                    totp_last_step, failed_attempts, enabled, created_at)
                values (?, ?, ?, ?, ?, false, 0, 0, true, ?)""")
                .params(u.id(), u.tenant().value(), u.username(), u.passwordHash(), Roles.encode(u.roles()),
                        Db.timestamp(u.createdAt()))
                .update();
    }

    /** Login looks users up by name across tenants: usernames are unique on the instance. */
    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql("select * from platform.users where username = ?").param(username).query(MAPPER).optional();
    }

    /** For the second login step, where the user id comes from the first step's session. */
    Optional<UserAccount> findById(UUID id) {
        return jdbc.sql("select * from platform.users where id = ?").param(id).query(MAPPER).optional();
    }

    Optional<UserAccount> find(TenantId tenant, UUID id) {
        return jdbc.sql("select * from platform.users where tenant_id = ? and id = ?")
                .params(tenant.value(), id).query(MAPPER).optional();
    }

    List<UserAccount> list(TenantId tenant) {
        return jdbc.sql("select * from platform.users where tenant_id = ? order by username")
                .param(tenant.value()).query(MAPPER).list();
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("select count(*) from platform.users where username = ?").param(username)
                .query(Long.class).single() > 0;
    }

    /**
     * Counts one failed attempt with the user's row locked, so parallel guesses cannot overwrite
     * each other's count or both see the locking attempt; a lock that has run out starts the
     * count again. Returns the new count.
     */
    @Transactional
    int countFailure(UUID id, Instant now, int maxAttempts, Instant lockUntil) {
        record Counter(int attempts, Instant lockedUntil) {}
        Counter current = jdbc.sql("select failed_attempts, locked_until from platform.users where id = ? for update")
                .param(id).query((rs, row) -> new Counter(rs.getInt(1), Db.instant(rs, "locked_until"))).single();
        boolean lockRanOut = current.lockedUntil() != null && !current.lockedUntil().isAfter(now);
        int attempts = lockRanOut ? 1 : current.attempts() + 1;
        Instant lockedUntil = attempts >= maxAttempts ? lockUntil : lockRanOut ? null : current.lockedUntil();
        jdbc.sql("update platform.users set failed_attempts = ?, locked_until = ? where id = ?")
                .params(attempts, Db.timestamp(lockedUntil), id).update();
        return attempts;
    }

    void resetFailures(UUID id) {
        jdbc.sql("update platform.users set failed_attempts = 0, locked_until = null where id = ?").param(id).update();
    }

    /** Sets the enrolment secret unless one is already pending (two tabs opening the page at once). */
    void setPendingTotpSecret(UUID id, String secret) {
        jdbc.sql("update platform.users set totp_secret = ? where id = ? and totp_enabled = false and totp_secret is null")
                .params(secret, id).update();
    }

    /**
     * Records a used TOTP time step; returns false when that step (or a later one) was already
     * used, which makes a replayed code fail even under concurrent logins.
     */
    boolean useTotpStep(UUID id, long step) {
        return jdbc.sql("update platform.users set totp_last_step = ?, totp_enabled = true where id = ? and totp_last_step < ?")
                .params(step, id, step).update() == 1;
    }

    int updateRoles(TenantId tenant, UUID id, String roles) {
        return jdbc.sql("update platform.users set roles = ? where tenant_id = ? and id = ?")
                .params(roles, tenant.value(), id).update();
    }
}
