package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.RiskAlert;
import dev.mamori.risk.ScoringFallback;
import dev.mamori.risk.SourceBlock;
import dev.mamori.risk.TenantRiskPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for tenant policies, BIN routes, card-testing blocks and alerts: the host's small tables. */
public final class PolicyStore {
    private final Jdbc jdbc;

    public PolicyStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TenantRiskPolicy> policy(TenantId tenant) {
        return jdbc.queryOne("select scoring_fallback, scoring_budget_micros, issuer_country from risk.tenant_policies where tenant_id = ?",
                ps -> ps.setObject(1, tenant.value()),
                rs -> new TenantRiskPolicy(ScoringFallback.fromId(rs.getString(1)), rs.getInt(2), rs.getString(3)));
    }

    public void savePolicy(TenantId tenant, TenantRiskPolicy policy, Instant now) {
        jdbc.inTransaction(c -> {
            try (var delete = c.prepareStatement("delete from risk.tenant_policies where tenant_id = ?");
                 var insert = c.prepareStatement("insert into risk.tenant_policies (tenant_id, scoring_fallback, scoring_budget_micros, "
                         + "issuer_country, updated_at) values (?,?,?,?,?)")) {
                delete.setObject(1, tenant.value());
                delete.executeUpdate();
                insert.setObject(1, tenant.value());
                insert.setString(2, policy.scoringFallback().id());
                insert.setInt(3, policy.scoringBudgetMicros());
                insert.setString(4, policy.issuerCountry());
                insert.setObject(5, Jdbc.timestamp(now));
                return insert.executeUpdate();
            }
        });
    }

    /** A registered card-number prefix and its issuer tenant. */
    public record BinRoute(String prefix, TenantId tenant) {
    }

    public List<BinRoute> binRoutes() {
        return jdbc.query("select prefix, tenant_id from risk.bin_routes order by prefix", ps -> { },
                rs -> new BinRoute(rs.getString(1), new TenantId(rs.getObject(2, UUID.class))));
    }

    /**
     * @return false when the prefix is taken, or overlaps a prefix of another tenant (is one of
     *     its prefixes or extends one): otherwise a tenant could claim a longer prefix inside
     *     another issuer's range and receive that issuer's authorizations
     */
    public boolean addBinRoute(String prefix, TenantId tenant, Instant now) {
        try {
            return jdbc.inTransaction(c -> {
                try (var overlap = c.prepareStatement("select 1 from risk.bin_routes where tenant_id <> ? "
                        + "and (prefix like ? or ? like prefix || '%')")) {
                    overlap.setObject(1, tenant.value());
                    overlap.setString(2, prefix + "%");
                    overlap.setString(3, prefix);
                    try (var rs = overlap.executeQuery()) {
                        if (rs.next()) {
                            return false;
                        }
                    }
                }
                try (var ps = c.prepareStatement("insert into risk.bin_routes (prefix, tenant_id, created_at) values (?,?,?)")) {
                    ps.setString(1, prefix);
                    ps.setObject(2, tenant.value());
                    ps.setObject(3, Jdbc.timestamp(now));
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public boolean removeBinRoute(String prefix, TenantId tenant) {
        return jdbc.update("delete from risk.bin_routes where prefix = ? and tenant_id = ?", ps -> {
            ps.setString(1, prefix);
            ps.setObject(2, tenant.value());
        }) == 1;
    }

    /** Stores a block; a concurrent block of the same source (two probes at once) keeps the first. */
    public void block(SourceBlock block) {
        try {
            storeBlock(block);
        } catch (RuntimeException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    private void storeBlock(SourceBlock block) {
        jdbc.inTransaction(c -> {
            try (var delete = c.prepareStatement("delete from risk.card_testing_blocks where tenant_id = ? and source_kind = ? and source_value = ?");
                 var insert = c.prepareStatement("insert into risk.card_testing_blocks (tenant_id, source_kind, source_value, reason, "
                         + "blocked_until, created_at) values (?,?,?,?,?,?)")) {
                delete.setObject(1, block.tenant().value());
                delete.setString(2, block.kind());
                delete.setString(3, block.value());
                delete.executeUpdate();
                insert.setObject(1, block.tenant().value());
                insert.setString(2, block.kind());
                insert.setString(3, block.value());
                insert.setString(4, block.reason());
                insert.setObject(5, Jdbc.timestamp(block.blockedUntil()));
                insert.setObject(6, Jdbc.timestamp(block.createdAt()));
                return insert.executeUpdate();
            }
        });
    }

    public List<SourceBlock> activeBlocks(Instant now) {
        return jdbc.query("select tenant_id, source_kind, source_value, reason, blocked_until, created_at from risk.card_testing_blocks "
                + "where blocked_until > ? order by created_at", ps -> ps.setObject(1, Jdbc.timestamp(now)),
                rs -> new SourceBlock(new TenantId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, "blocked_until"), Jdbc.instant(rs, "created_at")));
    }

    public boolean unblock(TenantId tenant, String kind, String value) {
        return jdbc.update("delete from risk.card_testing_blocks where tenant_id = ? and source_kind = ? and source_value = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, kind);
            ps.setString(3, value);
        }) == 1;
    }

    public void alert(RiskAlert alert) {
        jdbc.update("insert into risk.alerts (id, tenant_id, kind, detail, created_at) values (?,?,?,?,?)", ps -> {
            ps.setObject(1, alert.id());
            ps.setObject(2, alert.tenant().value());
            ps.setString(3, alert.kind());
            ps.setString(4, alert.detail().length() > 1000 ? alert.detail().substring(0, 1000) : alert.detail());
            ps.setObject(5, Jdbc.timestamp(alert.createdAt()));
        });
    }

    public List<RiskAlert> alerts(TenantId tenant, int limit) {
        return jdbc.query("select id, tenant_id, kind, detail, created_at from risk.alerts where tenant_id = ? order by created_at desc limit "
                + Math.max(1, Math.min(limit, 1000)), ps -> ps.setObject(1, tenant.value()),
                rs -> new RiskAlert(rs.getObject(1, UUID.class), new TenantId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, "created_at")));
    }
}
