package dev.mamori.threeds.challenge.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.ChallengeMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code threeds.challenges}, {@code challenge_failures} and {@code challenge_lockouts}. Every change
 * of a challenge is one conditional update, so two answers at once cannot both use one code or
 * one attempt.
 */
public final class ChallengeStore {
    /** Outcomes stored once a challenge is over; an open challenge has none. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String DECLINED = "declined";
    public static final String APPROVED = "approved";

    /** One challenge; {@code codeMac} is the keyed hash of the current code (null once used, or for TOTP and out of band). */
    public record Row(String acsTransId, TenantId tenant, String cardFingerprint, ChallengeMethod method, String codeMac, Instant expiresAt,
                      int attemptsLeft, int resendsLeft, Instant lastSentAt, String oobVerdict, String outcome) {
        @Override
        public String toString() {
            return "ChallengeStore.Row[" + acsTransId + " " + method + " " + outcome + "]";
        }
    }

    private static final String COLUMNS = "acs_trans_id, tenant_id, card_fingerprint, method, code_mac, expires_at, attempts_left, resends_left,"
            + " last_sent_at, oob_verdict, outcome";
    private final Jdbc jdbc;

    public ChallengeStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public void insert(Row r, Instant now) {
        updateInSavepoint("insert into threeds.challenges (" + COLUMNS + ", created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?)",
                ps -> {
                    ps.setString(1, r.acsTransId());
                    ps.setObject(2, r.tenant().value());
                    ps.setString(3, r.cardFingerprint());
                    ps.setString(4, r.method().name());
                    ps.setString(5, r.codeMac());
                    ps.setObject(6, Jdbc.timestamp(r.expiresAt()));
                    ps.setInt(7, r.attemptsLeft());
                    ps.setInt(8, r.resendsLeft());
                    ps.setObject(9, Jdbc.timestamp(r.lastSentAt()));
                    ps.setObject(10, Jdbc.timestamp(now));
                    ps.setObject(11, Jdbc.timestamp(now));
                });
    }

    public void delete(String acsTransId) {
        jdbc.update("delete from threeds.challenges where acs_trans_id = ?", ps -> ps.setString(1, acsTransId));
    }

    public Optional<Row> find(TenantId tenant, String acsTransId) {
        return jdbc.queryOne("select " + COLUMNS + " from threeds.challenges where tenant_id = ? and acs_trans_id = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, acsTransId);
        }, ChallengeStore::map);
    }

    /** Uses the code: succeeds only while the challenge is open and still holds this code. */
    public boolean succeedWithCode(String acsTransId, String codeMac, Instant now) {
        return jdbc.update("update threeds.challenges set outcome = ?, code_mac = null, updated_at = ? where acs_trans_id = ? and outcome is null"
                + " and code_mac = ?", ps -> {
            ps.setString(1, SUCCEEDED);
            ps.setObject(2, Jdbc.timestamp(now));
            ps.setString(3, acsTransId);
            ps.setString(4, codeMac);
        }) == 1;
    }

    /** Ends an open challenge with {@code outcome}; false when it was already over. */
    public boolean close(String acsTransId, String outcome, Instant now) {
        return jdbc.update("update threeds.challenges set outcome = ?, code_mac = null, updated_at = ? where acs_trans_id = ? and outcome is null",
                ps -> {
                    ps.setString(1, outcome);
                    ps.setObject(2, Jdbc.timestamp(now));
                    ps.setString(3, acsTransId);
                }) == 1;
    }

    /** Takes one attempt of an open challenge; false when none was left. */
    public boolean spendAttempt(String acsTransId, Instant now) {
        return jdbc.update("update threeds.challenges set attempts_left = attempts_left - 1, updated_at = ? where acs_trans_id = ?"
                + " and outcome is null and attempts_left > 0", ps -> {
            ps.setObject(1, Jdbc.timestamp(now));
            ps.setString(2, acsTransId);
        }) == 1;
    }

    /** Forgets the code of an expired challenge, so it cannot work even if the clock were turned back. */
    public void forgetCode(String acsTransId) {
        jdbc.update("update threeds.challenges set code_mac = null where acs_trans_id = ? and outcome is null", ps -> ps.setString(1, acsTransId));
    }

    /** Replaces the code, if no one else resent in between (the row still has {@code resendsLeft}). */
    public boolean replaceCode(String acsTransId, int resendsLeft, String codeMac, Instant expiresAt, int attempts, Instant now) {
        return jdbc.update("update threeds.challenges set code_mac = ?, expires_at = ?, attempts_left = ?, resends_left = resends_left - 1,"
                + " last_sent_at = ?, updated_at = ? where acs_trans_id = ? and outcome is null and resends_left = ? and resends_left > 0", ps -> {
            ps.setString(1, codeMac);
            ps.setObject(2, Jdbc.timestamp(expiresAt));
            ps.setInt(3, attempts);
            ps.setObject(4, Jdbc.timestamp(now));
            ps.setObject(5, Jdbc.timestamp(now));
            ps.setString(6, acsTransId);
            ps.setInt(7, resendsLeft);
        }) == 1;
    }

    /** Records the app's answer once, while the challenge is open and unanswered. */
    public boolean answerOutOfBand(TenantId tenant, String acsTransId, boolean approved, Instant now) {
        return jdbc.update("update threeds.challenges set oob_verdict = ?, updated_at = ? where tenant_id = ? and acs_trans_id = ? and method = ?"
                + " and outcome is null and oob_verdict is null and expires_at > ?", ps -> {
            ps.setString(1, approved ? APPROVED : DECLINED);
            ps.setObject(2, Jdbc.timestamp(now));
            ps.setObject(3, tenant.value());
            ps.setString(4, acsTransId);
            ps.setString(5, ChallengeMethod.OUT_OF_BAND.name());
            ps.setObject(6, Jdbc.timestamp(now));
        }) == 1;
    }

    public void recordFailure(TenantId tenant, String fingerprint, Instant at) {
        jdbc.update("insert into threeds.challenge_failures (tenant_id, card_fingerprint, failed_at) values (?, ?, ?)", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
            ps.setObject(3, Jdbc.timestamp(at));
        });
    }

    public int failuresSince(TenantId tenant, String fingerprint, Instant since) {
        return jdbc.queryOne("select count(*) from threeds.challenge_failures where tenant_id = ? and card_fingerprint = ? and failed_at > ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
            ps.setObject(3, Jdbc.timestamp(since));
        }, rs -> rs.getInt(1)).orElse(0);
    }

    /** Locks the card's challenges until {@code until}, and starts the failure count afresh for after the lockout. */
    public void lock(TenantId tenant, String fingerprint, Instant until) {
        jdbc.inTransaction(c -> {
            try (var del = c.prepareStatement("delete from threeds.challenge_lockouts where tenant_id = ? and card_fingerprint = ?");
                 var ins = c.prepareStatement("insert into threeds.challenge_lockouts (tenant_id, card_fingerprint, locked_until) values (?, ?, ?)");
                 var clear = c.prepareStatement("delete from threeds.challenge_failures where tenant_id = ? and card_fingerprint = ?")) {
                del.setObject(1, tenant.value());
                del.setString(2, fingerprint);
                del.executeUpdate();
                ins.setObject(1, tenant.value());
                ins.setString(2, fingerprint);
                ins.setObject(3, Jdbc.timestamp(until));
                ins.executeUpdate();
                clear.setObject(1, tenant.value());
                clear.setString(2, fingerprint);
                clear.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Instant> lockedUntil(TenantId tenant, String fingerprint) {
        return jdbc.queryOne("select locked_until from threeds.challenge_lockouts where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        }, rs -> Jdbc.instant(rs, "locked_until"));
    }

    public void unlock(TenantId tenant, String fingerprint) {
        jdbc.update("delete from threeds.challenge_lockouts where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        });
        jdbc.update("delete from threeds.challenge_failures where tenant_id = ? and card_fingerprint = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, fingerprint);
        });
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(rs.getString("acs_trans_id"), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("card_fingerprint"),
                ChallengeMethod.valueOf(rs.getString("method")), rs.getString("code_mac"), Jdbc.instant(rs, "expires_at"), rs.getInt("attempts_left"),
                rs.getInt("resends_left"), Jdbc.instant(rs, "last_sent_at"), rs.getString("oob_verdict"), rs.getString("outcome"));
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
