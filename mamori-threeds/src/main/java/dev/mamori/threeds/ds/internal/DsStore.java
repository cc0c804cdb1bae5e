package dev.mamori.threeds.ds.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.ds.CardRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The Directory Server's tables: card ranges, the serial number, registered 3DS Servers, DS transactions. */
public final class DsStore {
    private static final String RANGE_COLUMNS = "id, issuer_tenant_id, start_range, end_range, acs_url, acs_start_protocol_version, "
            + "acs_end_protocol_version, three_ds_method_url, acs_info_ind, created_serial, created_at";

    private final Jdbc jdbc;

    public DsStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    // --- card ranges ---------------------------------------------------------------------------

    /** Active ranges whose bounds meet [startBound, endBound]. */
    public List<CardRange> overlapping(Connection c, String startBound, String endBound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges "
                + "where deleted_serial is null and start_bound <= ? and end_bound >= ?")) {
            ps.setString(1, endBound);
            ps.setString(2, startBound);
            return ranges(ps);
        }
    }

    /** Takes the next serial number; the row lock serializes range changes, so the overlap check sees every earlier change. */
    public long nextSerial(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update threeds.ds_serial set serial = serial + 1 where id = 1")) {
            ps.executeUpdate();
        }
        return serial(c);
    }

    public long serial(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select serial from threeds.ds_serial where id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long serial() {
        return jdbc.run(this::serial);
    }

    public void insert(Connection c, CardRange r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into threeds.ds_card_ranges (id, issuer_tenant_id, start_range, end_range, "
                + "start_bound, end_bound, acs_url, acs_start_protocol_version, acs_end_protocol_version, three_ds_method_url, "
                + "acs_info_ind, created_serial, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setObject(2, r.issuer().value());
            ps.setString(3, r.startRange());
            ps.setString(4, r.endRange());
            ps.setString(5, r.startBound());
            ps.setString(6, r.endBound());
            ps.setString(7, r.acsUrl());
            ps.setString(8, r.acsStartProtocolVersion());
            ps.setString(9, r.acsEndProtocolVersion());
            ps.setString(10, r.threeDsMethodUrl());
            ps.setString(11, r.acsInfoInd().isEmpty() ? null : String.join(",", r.acsInfoInd()));
            ps.setLong(12, r.serial());
            ps.setObject(13, Jdbc.timestamp(r.createdAt()));
            ps.executeUpdate();
        }
    }

    /** Marks an active range of {@code issuer} deleted; false when there is none. */
    public boolean delete(Connection c, TenantId issuer, UUID id, long serial, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update threeds.ds_card_ranges set deleted_serial = ?, deleted_at = ? "
                + "where id = ? and issuer_tenant_id = ? and deleted_serial is null")) {
            ps.setLong(1, serial);
            ps.setObject(2, Jdbc.timestamp(at));
            ps.setObject(3, id);
            ps.setObject(4, issuer.value());
            return ps.executeUpdate() == 1;
        }
    }

    public boolean exists(Connection c, TenantId issuer, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from threeds.ds_card_ranges where id = ? and issuer_tenant_id = ? "
                + "and deleted_serial is null")) {
            ps.setObject(1, id);
            ps.setObject(2, issuer.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Active ranges holding a card number padded to 19 digits. */
    public List<CardRange> holding(String paddedDigits) {
        return jdbc.query("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges where deleted_serial is null "
                + "and start_bound <= ? and end_bound >= ?", ps -> {
                    ps.setString(1, paddedDigits);
                    ps.setString(2, paddedDigits);
                }, DsStore::range);
    }

    /** Active ranges, of one issuer or (null) of all, in card-number order. */
    public List<CardRange> active(TenantId issuer) {
        return jdbc.query("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges where deleted_serial is null"
                + (issuer == null ? "" : " and issuer_tenant_id = ?") + " order by start_bound, end_bound desc", ps -> {
                    if (issuer != null) {
                        ps.setObject(1, issuer.value());
                    }
                }, DsStore::range);
    }

    public Optional<CardRange> get(TenantId issuer, UUID id) {
        return jdbc.queryOne("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges where id = ? and issuer_tenant_id = ? "
                + "and deleted_serial is null", ps -> {
                    ps.setObject(1, id);
                    ps.setObject(2, issuer.value());
                }, DsStore::range);
    }

    /** Ranges added after {@code serial} and still active. */
    public List<CardRange> addedAfter(long serial) {
        return jdbc.query("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges where deleted_serial is null and created_serial > ? "
                + "order by start_bound", ps -> ps.setLong(1, serial), DsStore::range);
    }

    /** Ranges that existed at {@code serial} and were deleted since. */
    public List<CardRange> deletedAfter(long serial) {
        return jdbc.query("select " + RANGE_COLUMNS + " from threeds.ds_card_ranges where deleted_serial > ? and created_serial <= ? "
                + "order by start_bound", ps -> {
                    ps.setLong(1, serial);
                    ps.setLong(2, serial);
                }, DsStore::range);
    }

    private static List<CardRange> ranges(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<CardRange> out = new ArrayList<>();
            while (rs.next()) {
                out.add(range(rs));
            }
            return out;
        }
    }

    private static CardRange range(ResultSet rs) throws SQLException {
        String info = rs.getString("acs_info_ind");
        return new CardRange(rs.getObject("id", UUID.class), new TenantId(rs.getObject("issuer_tenant_id", UUID.class)),
                rs.getString("start_range"), rs.getString("end_range"), rs.getString("acs_url"),
                rs.getString("acs_start_protocol_version"), rs.getString("acs_end_protocol_version"), rs.getString("three_ds_method_url"),
                info == null ? List.of() : Arrays.asList(info.split(",")), rs.getLong("created_serial"), Jdbc.instant(rs, "created_at"));
    }

    // --- 3DS Servers ---------------------------------------------------------------------------

    public boolean addServer(String refNumber, String name, Instant at) {
        try {
            return jdbc.update("insert into threeds.ds_servers (ref_number, name, created_at) values (?, ?, ?)", ps -> {
                ps.setString(1, refNumber);
                ps.setString(2, name);
                ps.setObject(3, Jdbc.timestamp(at));
            }) == 1;
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public boolean serverKnown(String refNumber) {
        return jdbc.queryOne("select 1 from threeds.ds_servers where ref_number = ?", ps -> ps.setString(1, refNumber), rs -> 1)
                .isPresent();
    }

    // --- DS transactions -----------------------------------------------------------------------

    /** What the DS keeps of one AReq it routed: no card number. */
    public record Transaction(String dsTransId, String serverTransId, String acsTransId, String serverRefNumber, String serverUrl,
                              TenantId issuer, UUID cardRangeId, String messageVersion, String deviceChannel, String messageCategory,
                              String aresStatus, String finalStatus) {
    }

    public void insertTransaction(Transaction t, Instant at) {
        jdbc.update("insert into threeds.ds_transactions (ds_trans_id, server_trans_id, server_ref_number, server_url, issuer_tenant_id, "
                + "card_range_id, message_version, device_channel, message_category, created_at, updated_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, t.dsTransId());
                    ps.setString(2, t.serverTransId());
                    ps.setString(3, t.serverRefNumber());
                    ps.setString(4, t.serverUrl());
                    ps.setObject(5, t.issuer() == null ? null : t.issuer().value(), Types.OTHER);
                    ps.setObject(6, t.cardRangeId(), Types.OTHER);
                    ps.setString(7, t.messageVersion());
                    ps.setString(8, t.deviceChannel());
                    ps.setString(9, t.messageCategory());
                    ps.setObject(10, Jdbc.timestamp(at));
                    ps.setObject(11, Jdbc.timestamp(at));
                });
    }

    public void recordAres(String dsTransId, String acsTransId, String status, String reason, String errorCode, Instant at) {
        jdbc.update("update threeds.ds_transactions set acs_trans_id = coalesce(?, acs_trans_id), ares_status = ?, ares_reason = ?, "
                + "error_code = ?, final_status = ?, final_reason = ?, updated_at = ? where ds_trans_id = ?", ps -> {
                    ps.setString(1, acsTransId);
                    ps.setString(2, status);
                    ps.setString(3, reason);
                    ps.setString(4, errorCode);
                    // A challenge's final status comes with the RReq.
                    ps.setString(5, "C".equals(status) || "D".equals(status) ? null : status);
                    ps.setString(6, "C".equals(status) || "D".equals(status) ? null : reason);
                    ps.setObject(7, Jdbc.timestamp(at));
                    ps.setString(8, dsTransId);
                });
    }

    public void recordResult(String dsTransId, String status, String reason, Instant at) {
        jdbc.update("update threeds.ds_transactions set final_status = ?, final_reason = ?, updated_at = ? where ds_trans_id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setObject(3, Jdbc.timestamp(at));
            ps.setString(4, dsTransId);
        });
    }

    public Optional<Transaction> transaction(String dsTransId) {
        return jdbc.queryOne("select * from threeds.ds_transactions where ds_trans_id = ?", ps -> ps.setString(1, dsTransId), rs -> {
            UUID issuer = rs.getObject("issuer_tenant_id", UUID.class);
            return new Transaction(rs.getString("ds_trans_id"), rs.getString("server_trans_id"), rs.getString("acs_trans_id"),
                    rs.getString("server_ref_number"), rs.getString("server_url"), issuer == null ? null : new TenantId(issuer),
                    rs.getObject("card_range_id", UUID.class), rs.getString("message_version"), rs.getString("device_channel"),
                    rs.getString("message_category"), rs.getString("ares_status"), rs.getString("final_status"));
        });
    }
}
