package dev.mamori.risk.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.model.FraudModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** SQL for {@code risk.fraud_models}. The model's XGBoost JSON is stored gzip-compressed (a few MB of JSON). */
public final class FraudModelStore {
    private static final String META = "tenant_id, version, status, model_sha256, feature_names, tree_count, trained_from, trained_to, "
            + "training_source, metrics, baseline, decline_threshold, challenge_threshold, review_threshold, note, created_by, "
            + "created_at, promoted_by, promoted_at, previous_active, stopped_reason, stopped_at";

    private final Jdbc jdbc;

    public FraudModelStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public int insert(FraudModel m, byte[] modelJson) {
        byte[] gzip = gzip(modelJson);
        return jdbc.inTransaction(c -> {
            lock(c, m.tenant());
            int version;
            try (var ps = c.prepareStatement("select coalesce(max(version), 0) + 1 from risk.fraud_models where tenant_id = ?")) {
                ps.setObject(1, m.tenant().value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            try (var ps = c.prepareStatement("insert into risk.fraud_models (tenant_id, version, status, model_gzip, model_sha256, "
                    + "feature_names, tree_count, trained_from, trained_to, training_source, metrics, baseline, decline_threshold, "
                    + "challenge_threshold, review_threshold, note, created_by, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                int i = 1;
                ps.setObject(i++, m.tenant().value());
                ps.setInt(i++, version);
                ps.setString(i++, FraudModel.DRAFT);
                ps.setBytes(i++, gzip);
                ps.setString(i++, m.sha256());
                ps.setString(i++, String.join("\n", m.featureNames()));
                ps.setInt(i++, m.treeCount());
                ps.setObject(i++, Jdbc.timestamp(m.trainedFrom()));
                ps.setObject(i++, Jdbc.timestamp(m.trainedTo()));
                ps.setString(i++, m.trainingSource());
                ps.setString(i++, m.metrics());
                ps.setString(i++, m.baseline());
                setDouble(ps, i++, m.declineThreshold());
                setDouble(ps, i++, m.challengeThreshold());
                setDouble(ps, i++, m.reviewThreshold());
                ps.setString(i++, m.note());
                ps.setString(i++, m.createdBy());
                ps.setObject(i, Jdbc.timestamp(m.createdAt()));
                ps.executeUpdate();
            }
            return version;
        });
    }

    /** Serialises status changes of one tenant's models, so two promotions cannot leave two active versions. */
    public static void lock(Connection c, TenantId tenant) throws SQLException {
        try (var lock = c.prepareStatement("select version from risk.fraud_models where tenant_id = ? for update")) {
            lock.setObject(1, tenant.value());
            lock.executeQuery().close();
        }
    }

    /** Sets one version's status inside the caller's transaction; the other holder of an active or shadow status is retired. */
    public static void setStatus(Connection c, TenantId tenant, int version, String status) throws SQLException {
        if (FraudModel.ACTIVE.equals(status) || FraudModel.SHADOW.equals(status)) {
            try (var ps = c.prepareStatement("update risk.fraud_models set status = 'retired' where tenant_id = ? and status = ? "
                    + "and version <> ?")) {
                ps.setObject(1, tenant.value());
                ps.setString(2, status);
                ps.setInt(3, version);
                ps.executeUpdate();
            }
        }
        try (var ps = c.prepareStatement("update risk.fraud_models set status = ? where tenant_id = ? and version = ?")) {
            ps.setString(1, status);
            ps.setObject(2, tenant.value());
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    public static void recordPromotion(Connection c, TenantId tenant, int version, String by, Instant at, Integer previous)
            throws SQLException {
        try (var ps = c.prepareStatement("update risk.fraud_models set promoted_by = ?, promoted_at = ?, previous_active = ?, "
                + "stopped_reason = null, stopped_at = null where tenant_id = ? and version = ?")) {
            ps.setString(1, by);
            ps.setObject(2, Jdbc.timestamp(at));
            if (previous == null) {
                ps.setNull(3, Types.INTEGER);
            } else {
                ps.setInt(3, previous);
            }
            ps.setObject(4, tenant.value());
            ps.setInt(5, version);
            ps.executeUpdate();
        }
    }

    public static void recordStop(Connection c, TenantId tenant, int version, String reason, Instant at) throws SQLException {
        try (var ps = c.prepareStatement("update risk.fraud_models set status = 'stopped', stopped_reason = ?, stopped_at = ? "
                + "where tenant_id = ? and version = ?")) {
            ps.setString(1, reason.length() > 300 ? reason.substring(0, 300) : reason);
            ps.setObject(2, Jdbc.timestamp(at));
            ps.setObject(3, tenant.value());
            ps.setInt(4, version);
            ps.executeUpdate();
        }
    }

    public static Optional<FraudModel> version(Connection c, TenantId tenant, int version) throws SQLException {
        try (var ps = c.prepareStatement("select " + META + " from risk.fraud_models where tenant_id = ? and version = ?")) {
            ps.setObject(1, tenant.value());
            ps.setInt(2, version);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public static Optional<FraudModel> withStatus(Connection c, TenantId tenant, String status) throws SQLException {
        try (var ps = c.prepareStatement("select " + META + " from risk.fraud_models where tenant_id = ? and status = ?")) {
            ps.setObject(1, tenant.value());
            ps.setString(2, status);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public Optional<FraudModel> version(TenantId tenant, int version) {
        return jdbc.inTransaction(c -> version(c, tenant, version));
    }

    public Optional<FraudModel> withStatus(TenantId tenant, String status) {
        return jdbc.inTransaction(c -> withStatus(c, tenant, status));
    }

    public List<FraudModel> list(TenantId tenant) {
        return jdbc.query("select " + META + " from risk.fraud_models where tenant_id = ? order by version desc",
                ps -> ps.setObject(1, tenant.value()), FraudModelStore::map);
    }

    /** The model's XGBoost JSON, or empty when there is no such version. */
    public Optional<byte[]> modelJson(TenantId tenant, int version) {
        return jdbc.queryOne("select model_gzip from risk.fraud_models where tenant_id = ? and version = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setInt(2, version);
        }, rs -> gunzip(rs.getBytes(1)));
    }

    /** Per tenant, a stamp of its active and shadow versions: changes when either does. */
    public java.util.Map<TenantId, String> liveStamps() {
        java.util.Map<TenantId, String> stamps = new java.util.HashMap<>();
        jdbc.query("select tenant_id, status, version from risk.fraud_models where status in ('active', 'shadow') "
                + "order by tenant_id, status", ps -> { }, rs -> {
                    TenantId tenant = new TenantId(rs.getObject(1, java.util.UUID.class));
                    stamps.merge(tenant, rs.getString(2) + ":" + rs.getInt(3), (a, b) -> a + "," + b);
                    return null;
                });
        return stamps;
    }

    private static FraudModel map(ResultSet rs) throws SQLException {
        String names = rs.getString("feature_names");
        return new FraudModel(new TenantId(rs.getObject("tenant_id", java.util.UUID.class)), rs.getInt("version"), rs.getString("status"),
                rs.getString("model_sha256"), names.isEmpty() ? List.of() : Arrays.asList(names.split("\n")), rs.getInt("tree_count"),
                Jdbc.instant(rs, "trained_from"), Jdbc.instant(rs, "trained_to"), rs.getString("training_source"), rs.getString("metrics"),
                rs.getString("baseline"), getDouble(rs, "decline_threshold"), getDouble(rs, "challenge_threshold"),
                getDouble(rs, "review_threshold"), rs.getString("note"), rs.getString("created_by"), Jdbc.instant(rs, "created_at"),
                rs.getString("promoted_by"), Jdbc.instant(rs, "promoted_at"), getInt(rs, "previous_active"),
                rs.getString("stopped_reason"), Jdbc.instant(rs, "stopped_at"));
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer getInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setDouble(java.sql.PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
