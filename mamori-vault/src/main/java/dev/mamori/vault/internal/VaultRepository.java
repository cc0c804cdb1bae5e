package dev.mamori.vault.internal;

import dev.mamori.common.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of the vault's schema. */
public final class VaultRepository {
    private static final String CARD_COLUMNS = "tenant_id, token, token_format, ciphertext, data_key_version, fingerprint, brand, bin, last4, "
            + "pan_length, expiry_month, expiry_year, created_at, expires_at";
    private static final String KEY_COLUMNS = "tenant_id, purpose, version, wrapped_key, wrapped_by, state, created_at";

    private final Jdbc jdbc;

    public VaultRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    // --- cards -----------------------------------------------------------------------------

    /**
     * Inserts the card only while its data key still exists: a request that encrypted under a key
     * a finished rotation has just destroyed writes nothing (false) and must encrypt again, rather
     * than store a card nobody could decrypt. (Insert, then check, then take back: an
     * {@code insert ... select ... where exists} did not see keys written earlier in the same
     * transaction on H2.)
     */
    public boolean insertCard(CardRow row) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into vault.cards (" + CARD_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, row.tenantId());
                ps.setString(2, row.token());
                ps.setString(3, row.format());
                ps.setBytes(4, row.ciphertext());
                ps.setInt(5, row.dataKeyVersion());
                ps.setString(6, row.fingerprint());
                ps.setString(7, row.brand());
                ps.setString(8, row.bin());
                ps.setString(9, row.last4());
                ps.setInt(10, row.panLength());
                ps.setInt(11, row.expiryMonth());
                ps.setInt(12, row.expiryYear());
                ps.setObject(13, Jdbc.timestamp(row.createdAt()));
                ps.setObject(14, Jdbc.timestamp(row.expiresAt()));
                ps.executeUpdate();
            }
            try (PreparedStatement check = c.prepareStatement(
                    "select count(*) from vault.tenant_keys where tenant_id = ? and purpose = 'data' and version = ?")) {
                check.setObject(1, row.tenantId());
                check.setInt(2, row.dataKeyVersion());
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return true;
                    }
                }
            }
            try (PreparedStatement undo = c.prepareStatement("delete from vault.cards where tenant_id = ? and token = ?")) {
                undo.setObject(1, row.tenantId());
                undo.setString(2, row.token());
                undo.executeUpdate();
            }
            return false;
        });
    }

    /** The card behind a live token (not expired at {@code now}). */
    public Optional<CardRow> findCard(UUID tenantId, String token, Instant now) {
        return jdbc.queryOne("select " + CARD_COLUMNS + " from vault.cards where tenant_id = ? and token = ? and (expires_at is null or expires_at > ?)",
                ps -> {
                    ps.setObject(1, tenantId);
                    ps.setString(2, token);
                    ps.setObject(3, Jdbc.timestamp(now));
                }, VaultRepository::card);
    }

    public Optional<CardRow> findLiveByFingerprint(UUID tenantId, String fingerprint, String format, Instant now) {
        return jdbc.queryOne("select " + CARD_COLUMNS + " from vault.cards where tenant_id = ? and fingerprint = ? and token_format = ? "
                        + "and (expires_at is null or expires_at > ?) order by created_at limit 1",
                ps -> {
                    ps.setObject(1, tenantId);
                    ps.setString(2, fingerprint);
                    ps.setString(3, format);
                    ps.setObject(4, Jdbc.timestamp(now));
                }, VaultRepository::card);
    }

    public void updateExpiry(UUID tenantId, String token, int month, int year) {
        jdbc.update("update vault.cards set expiry_month = ?, expiry_year = ? where tenant_id = ? and token = ?", ps -> {
            ps.setInt(1, month);
            ps.setInt(2, year);
            ps.setObject(3, tenantId);
            ps.setString(4, token);
        });
    }

    public boolean deleteCard(UUID tenantId, String token, Instant now) {
        return jdbc.update("delete from vault.cards where tenant_id = ? and token = ? and (expires_at is null or expires_at > ?)", ps -> {
            ps.setObject(1, tenantId);
            ps.setString(2, token);
            ps.setObject(3, Jdbc.timestamp(now));
        }) == 1;
    }

    public int deleteExpiredCards(Instant now) {
        return jdbc.update("delete from vault.cards where expires_at <= ?", ps -> ps.setObject(1, Jdbc.timestamp(now)));
    }

    public long countCardsBelowKeyVersion(UUID tenantId, int version) {
        return jdbc.queryOne("select count(*) from vault.cards where tenant_id = ? and data_key_version < ?", ps -> {
            ps.setObject(1, tenantId);
            ps.setInt(2, version);
        }, rs -> rs.getLong(1)).orElse(0L);
    }

    public List<CardRow> cardsBelowKeyVersion(UUID tenantId, int version, int limit) {
        return jdbc.query("select " + CARD_COLUMNS + " from vault.cards where tenant_id = ? and data_key_version < ? order by token limit ?", ps -> {
            ps.setObject(1, tenantId);
            ps.setInt(2, version);
            ps.setInt(3, limit);
        }, VaultRepository::card);
    }

    /** Compare-and-set: only if the row is still under {@code fromVersion}, so a concurrent delete or re-encryption wins. */
    public boolean reencrypt(UUID tenantId, String token, int fromVersion, byte[] ciphertext, int toVersion) {
        return jdbc.update("update vault.cards set ciphertext = ?, data_key_version = ? where tenant_id = ? and token = ? and data_key_version = ?", ps -> {
            ps.setBytes(1, ciphertext);
            ps.setInt(2, toVersion);
            ps.setObject(3, tenantId);
            ps.setString(4, token);
            ps.setInt(5, fromVersion);
        }) == 1;
    }

    public long countCards(UUID tenantId) {
        return jdbc.queryOne("select count(*) from vault.cards where tenant_id = ?", ps -> ps.setObject(1, tenantId), rs -> rs.getLong(1)).orElse(0L);
    }

    private static CardRow card(ResultSet rs) throws SQLException {
        return new CardRow(rs.getObject("tenant_id", UUID.class), rs.getString("token"), rs.getString("token_format"),
                rs.getBytes("ciphertext"), rs.getInt("data_key_version"), rs.getString("fingerprint"), rs.getString("brand"),
                rs.getString("bin"), rs.getString("last4"), rs.getInt("pan_length"), rs.getInt("expiry_month"),
                rs.getInt("expiry_year"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"));
    }

    // --- keys ------------------------------------------------------------------------------

    public List<KeyRow> keysOf(UUID tenantId) {
        return jdbc.query("select " + KEY_COLUMNS + " from vault.tenant_keys where tenant_id = ? order by purpose, version",
                ps -> ps.setObject(1, tenantId), VaultRepository::key);
    }

    public List<KeyRow> allKeys(String purpose) {
        return jdbc.query("select " + KEY_COLUMNS + " from vault.tenant_keys where purpose = ? order by tenant_id, version",
                ps -> ps.setString(1, purpose), VaultRepository::key);
    }

    public static void insertKey(Connection c, KeyRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into vault.tenant_keys (" + KEY_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, row.tenantId());
            ps.setString(2, row.purpose());
            ps.setInt(3, row.version());
            ps.setBytes(4, row.wrappedKey());
            ps.setInt(5, row.wrappedBy());
            ps.setString(6, row.state());
            ps.setObject(7, Jdbc.timestamp(row.createdAt()));
            ps.executeUpdate();
        }
    }

    public static void rewrapKey(Connection c, UUID tenantId, String purpose, int version, byte[] wrapped, int wrappedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update vault.tenant_keys set wrapped_key = ?, wrapped_by = ? where tenant_id = ? and purpose = ? and version = ?")) {
            ps.setBytes(1, wrapped);
            ps.setInt(2, wrappedBy);
            ps.setObject(3, tenantId);
            ps.setString(4, purpose);
            ps.setInt(5, version);
            ps.executeUpdate();
        }
    }

    public static void setKeyState(Connection c, UUID tenantId, String purpose, int version, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update vault.tenant_keys set state = ? where tenant_id = ? and purpose = ? and version = ?")) {
            ps.setString(1, state);
            ps.setObject(2, tenantId);
            ps.setString(3, purpose);
            ps.setInt(4, version);
            ps.executeUpdate();
        }
    }

    public static void deleteKey(Connection c, UUID tenantId, String purpose, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from vault.tenant_keys where tenant_id = ? and purpose = ? and version = ?")) {
            ps.setObject(1, tenantId);
            ps.setString(2, purpose);
            ps.setInt(3, version);
            ps.executeUpdate();
        }
    }

    public static int deleteAllKeys(Connection c, UUID tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from vault.tenant_keys where tenant_id = ?")) {
            ps.setObject(1, tenantId);
            return ps.executeUpdate();
        }
    }

    public static int deleteAllCards(Connection c, UUID tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from vault.cards where tenant_id = ?")) {
            ps.setObject(1, tenantId);
            return ps.executeUpdate();
        }
    }

    private static KeyRow key(ResultSet rs) throws SQLException {
        return new KeyRow(rs.getObject("tenant_id", UUID.class), rs.getString("purpose"), rs.getInt("version"),
                rs.getBytes("wrapped_key"), rs.getInt("wrapped_by"), rs.getString("state"), Jdbc.instant(rs, "created_at"));
    }

    /** 1, or for a shredded tenant the version after every version it ever had. */
    public int firstVersionAfterShredding(UUID tenantId) {
        return jdbc.queryOne("select next_version from vault.shredded_tenants where tenant_id = ?", ps -> ps.setObject(1, tenantId),
                rs -> rs.getInt(1)).orElse(1);
    }

    /** Remembers, before the keys go, the version the tenant's next keys start from. */
    public static void recordShredding(Connection c, UUID tenantId, Instant now) throws SQLException {
        int next;
        try (PreparedStatement ps = c.prepareStatement("select coalesce(max(version), 0) + 1 from vault.tenant_keys where tenant_id = ?")) {
            ps.setObject(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select next_version from vault.shredded_tenants where tenant_id = ?")) {
            ps.setObject(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    next = Math.max(next, rs.getInt(1));
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("delete from vault.shredded_tenants where tenant_id = ?")) {
            delete.setObject(1, tenantId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("insert into vault.shredded_tenants (tenant_id, next_version, shredded_at) values (?, ?, ?)")) {
            insert.setObject(1, tenantId);
            insert.setInt(2, next);
            insert.setObject(3, Jdbc.timestamp(now));
            insert.executeUpdate();
        }
    }

    // --- policies --------------------------------------------------------------------------

    public record PolicyRow(String detokenizeRoles, Long defaultTtlSeconds) {}

    public Optional<PolicyRow> policy(UUID tenantId) {
        return jdbc.queryOne("select detokenize_roles, default_ttl_seconds from vault.policies where tenant_id = ?",
                ps -> ps.setObject(1, tenantId), rs -> {
                    String roles = rs.getString(1);
                    long ttl = rs.getLong(2);
                    return new PolicyRow(roles, rs.wasNull() ? null : ttl);
                });
    }

    public void savePolicy(UUID tenantId, PolicyRow row, Instant now) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from vault.policies where tenant_id = ?")) {
                delete.setObject(1, tenantId);
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into vault.policies (tenant_id, detokenize_roles, default_ttl_seconds, updated_at) values (?, ?, ?, ?)")) {
                ps.setObject(1, tenantId);
                ps.setString(2, row.detokenizeRoles());
                if (row.defaultTtlSeconds() == null) {
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(3, row.defaultTtlSeconds());
                }
                ps.setObject(4, Jdbc.timestamp(now));
                ps.executeUpdate();
            }
            return null;
        });
    }

    // --- rotations -------------------------------------------------------------------------

    private static final String ROTATION_COLUMNS = "id, kind, tenant_id, from_version, to_version, state, total, done, started_by, started_at, finished_at";

    public void insertRotation(RotationRow r) {
        jdbc.update("insert into vault.rotations (" + ROTATION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, r.id());
            ps.setString(2, r.kind());
            ps.setObject(3, r.tenantId());
            ps.setInt(4, r.fromVersion());
            ps.setInt(5, r.toVersion());
            ps.setString(6, r.state());
            ps.setLong(7, r.total());
            ps.setLong(8, r.done());
            ps.setString(9, r.startedBy());
            ps.setObject(10, Jdbc.timestamp(r.startedAt()));
            ps.setObject(11, Jdbc.timestamp(r.finishedAt()));
        });
    }

    /**
     * Updates a rotation that is still running; false when it is not (another instance finished
     * or cancelled it meanwhile), so a step never brings a cancelled rotation back.
     */
    public boolean updateRotation(UUID id, String state, long total, long done, Instant finishedAt) {
        return jdbc.update("update vault.rotations set state = ?, total = ?, done = ?, finished_at = ? where id = ? and state = 'running'", ps -> {
            ps.setString(1, state);
            ps.setLong(2, total);
            ps.setLong(3, done);
            ps.setObject(4, Jdbc.timestamp(finishedAt));
            ps.setObject(5, id);
        }) == 1;
    }

    public Optional<RotationRow> rotation(UUID id) {
        return jdbc.queryOne("select " + ROTATION_COLUMNS + " from vault.rotations where id = ?", ps -> ps.setObject(1, id), VaultRepository::rotation);
    }

    public List<RotationRow> rotations(String state, int limit) {
        String where = state == null ? "" : " where state = ?";
        return jdbc.query("select " + ROTATION_COLUMNS + " from vault.rotations" + where + " order by started_at desc limit ?", ps -> {
            int i = 1;
            if (state != null) {
                ps.setString(i++, state);
            }
            ps.setInt(i, limit);
        }, VaultRepository::rotation);
    }

    private static RotationRow rotation(ResultSet rs) throws SQLException {
        return new RotationRow(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getObject("tenant_id", UUID.class),
                rs.getInt("from_version"), rs.getInt("to_version"), rs.getString("state"), rs.getLong("total"),
                rs.getLong("done"), rs.getString("started_by"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"));
    }
}
