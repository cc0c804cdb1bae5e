package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code risk.backtests}: each backtest's report, kept whole as JSON. */
public final class BacktestStore {
    /** One stored backtest; {@code report} is the JSON the service wrote. */
    public record Row(UUID id, TenantId tenant, Instant from, Instant to, String candidateKind, Integer candidateVersion,
                      String candidateSource, Integer baselineVersion, long decisions, String report, String createdBy,
                      Instant createdAt) {
        @Override
        public String toString() {
            return "BacktestStore.Row[" + id + "]";
        }
    }

    private static final String COLUMNS = "id, tenant_id, period_from, period_to, candidate_kind, candidate_version, candidate_source, "
            + "baseline_version, decisions, report, created_by, created_at";

    private final Jdbc jdbc;

    public BacktestStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row r) {
        jdbc.update("insert into risk.backtests (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?)", ps -> {
            ps.setObject(1, r.id());
            ps.setObject(2, r.tenant().value());
            ps.setObject(3, Jdbc.timestamp(r.from()));
            ps.setObject(4, Jdbc.timestamp(r.to()));
            ps.setString(5, r.candidateKind());
            if (r.candidateVersion() == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, r.candidateVersion());
            }
            ps.setString(7, r.candidateSource());
            if (r.baselineVersion() == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, r.baselineVersion());
            }
            ps.setLong(9, r.decisions());
            ps.setString(10, r.report());
            ps.setString(11, r.createdBy());
            ps.setObject(12, Jdbc.timestamp(r.createdAt()));
        });
    }

    public Optional<Row> byId(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.backtests where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, BacktestStore::map);
    }

    /** Newest first. */
    public List<Row> list(TenantId tenant, int limit) {
        return jdbc.query("select " + COLUMNS + " from risk.backtests where tenant_id = ? order by created_at desc, id limit "
                + Math.max(1, Math.min(limit, 1000)), ps -> ps.setObject(1, tenant.value()), BacktestStore::map);
    }

    /** The newest backtest of a saved rule set version whose period ends at or after {@code endingFrom}. */
    public Optional<Row> latestOfVersion(TenantId tenant, int version, Instant endingFrom) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.backtests where tenant_id = ? and candidate_kind = 'rules' "
                + "and candidate_version = ? and period_to >= ? order by created_at desc, id limit 1", ps -> {
            ps.setObject(1, tenant.value());
            ps.setInt(2, version);
            ps.setObject(3, Jdbc.timestamp(endingFrom));
        }, BacktestStore::map);
    }

    private static Row map(java.sql.ResultSet rs) throws java.sql.SQLException {
        int candidateVersion = rs.getInt("candidate_version");
        boolean noCandidateVersion = rs.wasNull();
        int baselineVersion = rs.getInt("baseline_version");
        boolean noBaselineVersion = rs.wasNull();
        return new Row(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)),
                Jdbc.instant(rs, "period_from"), Jdbc.instant(rs, "period_to"), rs.getString("candidate_kind"),
                noCandidateVersion ? null : candidateVersion, rs.getString("candidate_source"),
                noBaselineVersion ? null : baselineVersion, rs.getLong("decisions"), rs.getString("report"),
                rs.getString("created_by"), Jdbc.instant(rs, "created_at"));
    }
}
