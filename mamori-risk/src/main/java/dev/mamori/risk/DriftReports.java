package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stored drift reports and the alert a major one raises. The check itself is computed by the lab
 * (it replays the decision log through the feature code); this only keeps its results.
 */
public final class DriftReports {
    private static final String COLUMNS = "id, tenant_id, model_version, period_from, period_to, created_at, created_by, score_psi, "
            + "score_rows, decisions, drift_level, features";

    private final Jdbc jdbc;
    private final Clock clock;

    DriftReports(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores a report; at level {@code major} also a {@code model-drift} alert with {@code alertDetail},
     * both or neither.
     *
     * @return whether an alert was raised
     */
    public boolean save(DriftReport r, String alertDetail) {
        boolean alert = DriftReport.MAJOR.equals(r.level());
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into risk.drift_reports (" + COLUMNS
                    + ") values (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setObject(1, r.id());
                ps.setObject(2, r.tenant().value());
                ps.setInt(3, r.modelVersion());
                ps.setObject(4, Jdbc.timestamp(r.periodFrom()));
                ps.setObject(5, Jdbc.timestamp(r.periodTo()));
                ps.setObject(6, Jdbc.timestamp(r.createdAt()));
                ps.setString(7, r.createdBy().length() > 200 ? r.createdBy().substring(0, 200) : r.createdBy());
                if (r.scorePsi() == null) {
                    ps.setNull(8, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(8, r.scorePsi());
                }
                ps.setLong(9, r.scoreRows());
                ps.setLong(10, r.decisions());
                ps.setString(11, r.level());
                ps.setString(12, r.features());
                ps.executeUpdate();
            }
            if (alert) {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into risk.alerts (id, tenant_id, kind, detail, created_at) values (?,?,?,?,?)")) {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, r.tenant().value());
                    ps.setString(3, DriftReport.ALERT_KIND);
                    ps.setString(4, alertDetail.length() > 1000 ? alertDetail.substring(0, 1000) : alertDetail);
                    ps.setObject(5, Jdbc.timestamp(clock.instant()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return alert;
    }

    /** A tenant's reports, newest first. */
    public List<DriftReport> recent(TenantId tenant, int limit) {
        return jdbc.query("select " + COLUMNS + " from risk.drift_reports where tenant_id = ? order by created_at desc, id limit "
                + Math.max(1, Math.min(limit, 1000)), ps -> ps.setObject(1, tenant.value()), DriftReports::read);
    }

    public Optional<DriftReport> get(TenantId tenant, UUID id) {
        return jdbc.queryOne("select " + COLUMNS + " from risk.drift_reports where tenant_id = ? and id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setObject(2, id);
        }, DriftReports::read);
    }

    /** The tenants that have an active model: what the periodic check runs for. */
    public List<TenantId> tenantsWithActiveModel() {
        return jdbc.query("select distinct tenant_id from risk.fraud_models where status = 'active'", ps -> {
        }, rs -> new TenantId(rs.getObject(1, UUID.class)));
    }

    private static DriftReport read(ResultSet rs) throws SQLException {
        double psi = rs.getDouble("score_psi");
        Double scorePsi = rs.wasNull() ? null : psi;
        return new DriftReport(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getInt("model_version"),
                Jdbc.instant(rs, "period_from"), Jdbc.instant(rs, "period_to"), Jdbc.instant(rs, "created_at"), rs.getString("created_by"),
                scorePsi, rs.getLong("score_rows"), rs.getLong("decisions"), rs.getString("drift_level"), rs.getString("features"));
    }
}
