package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for versioned rule sets. Status: draft, active (enforced), shadow (evaluated, logged), retired. */
public final class RuleSetStore {
    public record Row(TenantId tenant, int version, String source, String status, String note, String createdBy, Instant createdAt,
                      String activatedBy, Instant activatedAt) {
    }

    private final Jdbc jdbc;

    public RuleSetStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public int insert(TenantId tenant, String source, String note, String createdBy, Instant now) {
        return jdbc.inTransaction(c -> {
            int version;
            try (var ps = c.prepareStatement("select coalesce(max(version), 0) + 1 from risk.rule_sets where tenant_id = ?")) {
                ps.setObject(1, tenant.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            try (var ps = c.prepareStatement("insert into risk.rule_sets (tenant_id, version, source, status, note, created_by, created_at) "
                    + "values (?,?,?,'draft',?,?,?)")) {
                ps.setObject(1, tenant.value());
                ps.setInt(2, version);
                ps.setString(3, source);
                ps.setString(4, note);
                ps.setString(5, createdBy);
                ps.setObject(6, Jdbc.timestamp(now));
                ps.executeUpdate();
            }
            return version;
        });
    }

    /** Makes {@code version} the only one in {@code status} (active or shadow); the previous holder is retired. */
    public boolean promote(TenantId tenant, int version, String status, String by, Instant now) {
        return jdbc.inTransaction(c -> {
            // Serialise promotions of one tenant, so two concurrent ones cannot leave two active versions.
            try (var lock = c.prepareStatement("select version from risk.rule_sets where tenant_id = ? for update")) {
                lock.setObject(1, tenant.value());
                lock.executeQuery().close();
            }
            if ("active".equals(status)) {
                // Remember what was enforced before, so the circuit breaker can fall back to it.
                try (var previous = c.prepareStatement("update risk.rule_sets set previous_active = (select max(version) from "
                        + "risk.rule_sets where tenant_id = ? and status = 'active' and version <> ?) where tenant_id = ? and version = ?")) {
                    previous.setObject(1, tenant.value());
                    previous.setInt(2, version);
                    previous.setObject(3, tenant.value());
                    previous.setInt(4, version);
                    previous.executeUpdate();
                }
            }
            try (var retire = c.prepareStatement("update risk.rule_sets set status = 'retired' where tenant_id = ? and status = ? and version <> ?");
                 var promote = c.prepareStatement("update risk.rule_sets set status = ?, activated_by = ?, activated_at = ? "
                         + "where tenant_id = ? and version = ?")) {
                retire.setObject(1, tenant.value());
                retire.setString(2, status);
                retire.setInt(3, version);
                retire.executeUpdate();
                promote.setString(1, status);
                promote.setString(2, by);
                promote.setObject(3, Jdbc.timestamp(now));
                promote.setObject(4, tenant.value());
                promote.setInt(5, version);
                return promote.executeUpdate() == 1;
            }
        });
    }

    /**
     * The circuit breaker: stops {@code version} if it is still the active one and re-activates the
     * version active before it. @return the version now active, or empty when nothing was stopped
     */
    public Optional<Integer> stopAndFallBack(TenantId tenant, int version, String reason, Instant now) {
        return jdbc.inTransaction(c -> {
            try (var lock = c.prepareStatement("select version from risk.rule_sets where tenant_id = ? for update")) {
                lock.setObject(1, tenant.value());
                lock.executeQuery().close();
            }
            Integer previous = null;
            try (var ps = c.prepareStatement("select previous_active from risk.rule_sets where tenant_id = ? and version = ? "
                    + "and status = 'active'")) {
                ps.setObject(1, tenant.value());
                ps.setInt(2, version);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Integer>empty(); // no longer active: someone changed it meanwhile
                    }
                    int p = rs.getInt(1);
                    previous = rs.wasNull() ? null : p;
                }
            }
            if (previous == null) {
                return Optional.<Integer>empty(); // nothing to fall back to: better the rules than none
            }
            try (var ps = c.prepareStatement("select status from risk.rule_sets where tenant_id = ? and version = ?")) {
                ps.setObject(1, tenant.value());
                ps.setInt(2, previous);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next() || "stopped".equals(rs.getString(1))) {
                        // The breaker stopped that one earlier: never re-enable it; the current rules stay.
                        return Optional.<Integer>empty();
                    }
                }
            }
            try (var stop = c.prepareStatement("update risk.rule_sets set status = 'stopped', stopped_reason = ?, stopped_at = ? "
                    + "where tenant_id = ? and version = ?");
                 var back = c.prepareStatement("update risk.rule_sets set status = 'active', activated_by = 'circuit-breaker', "
                         + "activated_at = ? where tenant_id = ? and version = ?")) {
                stop.setString(1, reason.length() > 300 ? reason.substring(0, 300) : reason);
                stop.setObject(2, Jdbc.timestamp(now));
                stop.setObject(3, tenant.value());
                stop.setInt(4, version);
                stop.executeUpdate();
                back.setObject(1, Jdbc.timestamp(now));
                back.setObject(2, tenant.value());
                back.setInt(3, previous);
                back.executeUpdate();
            }
            return Optional.of(previous);
        });
    }

    public boolean clearShadow(TenantId tenant) {
        return jdbc.update("update risk.rule_sets set status = 'retired' where tenant_id = ? and status = 'shadow'",
                ps -> ps.setObject(1, tenant.value())) > 0;
    }

    public Optional<Row> version(TenantId tenant, int version) {
        return jdbc.queryOne("select * from risk.rule_sets where tenant_id = ? and version = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setInt(2, version);
        }, RuleSetStore::map);
    }

    public Optional<Row> withStatus(TenantId tenant, String status) {
        return jdbc.queryOne("select * from risk.rule_sets where tenant_id = ? and status = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, status);
        }, RuleSetStore::map);
    }

    public List<Row> list(TenantId tenant) {
        return jdbc.query("select * from risk.rule_sets where tenant_id = ? order by version desc", ps -> ps.setObject(1, tenant.value()),
                RuleSetStore::map);
    }

    /** "active:3,shadow:5" per tenant: what each tenant's decisions run, without the sources. */
    public java.util.Map<TenantId, String> liveStamps() {
        java.util.Map<TenantId, String> stamps = new java.util.HashMap<>();
        jdbc.query("select tenant_id, status, version from risk.rule_sets where status in ('active', 'shadow') order by status, version",
                ps -> { }, rs -> {
                    stamps.merge(new TenantId(rs.getObject(1, java.util.UUID.class)), rs.getString(2) + ":" + rs.getInt(3),
                            (a, b) -> a + "," + b);
                    return null;
                });
        return stamps;
    }

    private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(new TenantId(rs.getObject("tenant_id", java.util.UUID.class)), rs.getInt("version"), rs.getString("source"),
                rs.getString("status"), rs.getString("note"), rs.getString("created_by"), Jdbc.instant(rs, "created_at"),
                rs.getString("activated_by"), Jdbc.instant(rs, "activated_at"));
    }
}
