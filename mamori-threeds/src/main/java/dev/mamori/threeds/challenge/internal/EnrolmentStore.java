package dev.mamori.threeds.challenge.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.challenge.Enrolment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@code threeds.challenge_enrolments}: one row per tenant and card. */
public final class EnrolmentStore {
    /** A row with the sealed TOTP secret, which never leaves the module. */
    public record Row(Enrolment enrolment, String sealedTotpSecret, Long totpLastStep) {
        @Override
        public String toString() {
            return "EnrolmentStore.Row[" + enrolment + "]";
        }
    }

    private static final String COLUMNS = "tenant_id, card_fingerprint, last4, email, phone, totp_secret, totp_last_step, oob_device, created_at, updated_at";
    private final Jdbc jdbc;

    public EnrolmentStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<Row> find(TenantId tenant, String fingerprint) {
        return jdbc.queryOne("select " + COLUMNS + " from threeds.challenge_enrolments where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        }, EnrolmentStore::map);
    }

    public void insert(Enrolment e, String sealedTotp) {
        updateInSavepoint("insert into threeds.challenge_enrolments (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, null, ?, ?, ?)", ps -> {
            ps.setObject(1, e.tenant().value());
            ps.setString(2, e.cardFingerprint());
            ps.setString(3, e.last4());
            ps.setString(4, e.email());
            ps.setString(5, e.phone());
            ps.setString(6, sealedTotp);
            ps.setString(7, e.oobDevice());
            ps.setObject(8, Jdbc.timestamp(e.createdAt()));
            ps.setObject(9, Jdbc.timestamp(e.updatedAt()));
        });
    }

    /** Replaces the row's values; a new TOTP secret also forgets the last used step. */
    public boolean update(Enrolment e, String sealedTotp, boolean newTotpSecret) {
        return jdbc.update("update threeds.challenge_enrolments set last4 = ?, email = ?, phone = ?, totp_secret = ?, oob_device = ?, updated_at = ?"
                + (newTotpSecret ? ", totp_last_step = null" : "") + " where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setString(1, e.last4());
            ps.setString(2, e.email());
            ps.setString(3, e.phone());
            ps.setString(4, sealedTotp);
            ps.setString(5, e.oobDevice());
            ps.setObject(6, Jdbc.timestamp(e.updatedAt()));
            ps.setObject(7, e.tenant().value());
            ps.setString(8, e.cardFingerprint());
        }) == 1;
    }

    public boolean delete(TenantId tenant, String fingerprint) {
        return jdbc.update("delete from threeds.challenge_enrolments where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        }) == 1;
    }

    /**
     * Records that a TOTP time step was used, if it is later than every step used before.
     *
     * @return false when the step (or a later one) was already used: a replayed code
     */
    public boolean useTotpStep(TenantId tenant, String fingerprint, long step) {
        return jdbc.update("update threeds.challenge_enrolments set totp_last_step = ? where tenant_id = ? and card_fingerprint = ?"
                + " and (totp_last_step is null or totp_last_step < ?)", ps -> {
            ps.setLong(1, step);
            ps.setObject(2, tenant.value());
            ps.setString(3, fingerprint);
            ps.setLong(4, step);
        }) == 1;
    }

    private static Row map(ResultSet rs) throws SQLException {
        String sealed = rs.getString("totp_secret");
        long lastStep = rs.getLong("totp_last_step");
        Long step = rs.wasNull() ? null : lastStep;
        Instant created = Jdbc.instant(rs, "created_at");
        return new Row(new Enrolment(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("card_fingerprint"), rs.getString("last4"),
                rs.getString("email"), rs.getString("phone"), sealed != null, rs.getString("oob_device"), created,
                Jdbc.instant(rs, "updated_at")), sealed, step);
    }

    /** In a savepoint of the caller's transaction (or a transaction of its own): a lost insert race leaves the caller's transaction usable. */
    private void updateInSavepoint(String sql, Jdbc.Binder binder) {
        jdbc.inTransaction(c -> {
            try (var ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }
}
