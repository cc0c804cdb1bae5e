package dev.mamori.threeds.requestor.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The 3DS Server's authentications (table threeds.server_authentications): never a card number. */
public final class ServerStore {
    private final Jdbc jdbc;

    public ServerStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** One row. */
    public record Row(UUID id, TenantId tenant, String serverTransId, String token, String maskedPan, String orderId, Long amountMinor,
                      String currency, String messageVersion, String messageCategory, String deviceChannel, String requestJson,
                      String returnUrl, String methodUrl, boolean methodNotified, String compInd, String status, String dsTransId,
                      String acsTransId, String acsUrl, String aresStatus, String transStatus, String transStatusReason, String eci,
                      String authenticationValue, String challengeCancel, String errorCode, String errorDescription, Instant createdAt,
                      Instant updatedAt, Instant completedAt) {

        @Override
        public String toString() {
            return "Row[" + id + " " + status + " " + maskedPan + "]";
        }
    }

    public void insert(Row r) {
        jdbc.update("insert into threeds.server_authentications (id, tenant_id, server_trans_id, token, masked_pan, order_id, amount_minor, "
                + "currency, message_version, message_category, device_channel, request_json, return_url, method_url, method_notified, "
                + "status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setObject(1, r.id());
                    ps.setObject(2, r.tenant().value());
                    ps.setString(3, r.serverTransId());
                    ps.setString(4, r.token());
                    ps.setString(5, r.maskedPan());
                    ps.setString(6, r.orderId());
                    if (r.amountMinor() == null) {
                        ps.setNull(7, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(7, r.amountMinor());
                    }
                    ps.setString(8, r.currency());
                    ps.setString(9, r.messageVersion());
                    ps.setString(10, r.messageCategory());
                    ps.setString(11, r.deviceChannel());
                    ps.setString(12, r.requestJson());
                    ps.setString(13, r.returnUrl());
                    ps.setString(14, r.methodUrl());
                    ps.setBoolean(15, false);
                    ps.setString(16, r.status());
                    ps.setObject(17, Jdbc.timestamp(r.createdAt()));
                    ps.setObject(18, Jdbc.timestamp(r.createdAt()));
                });
    }

    public Optional<Row> get(TenantId tenant, UUID id) {
        return jdbc.queryOne("select * from threeds.server_authentications where id = ? and tenant_id = ?", ps -> {
            ps.setObject(1, id);
            ps.setObject(2, tenant.value());
        }, ServerStore::row);
    }

    public Optional<Row> byServerTransId(String serverTransId) {
        return jdbc.queryOne("select * from threeds.server_authentications where server_trans_id = ?", ps -> ps.setString(1, serverTransId),
                ServerStore::row);
    }

    /** Only while the 3DS Method is pending: false when it has moved on. */
    public boolean markMethodNotified(String serverTransId, Instant at) {
        return jdbc.update("update threeds.server_authentications set method_notified = true, updated_at = ? "
                + "where server_trans_id = ? and status = 'method'", ps -> {
                    ps.setObject(1, Jdbc.timestamp(at));
                    ps.setString(2, serverTransId);
                }) == 1;
    }

    /** Moves from {@code from} to the state of the AReq sent; false when another request moved it first. */
    public boolean claim(UUID id, String from, String to, String compInd, Instant at) {
        return jdbc.update("update threeds.server_authentications set status = ?, comp_ind = ?, updated_at = ? where id = ? and status = ?",
                ps -> {
                    ps.setString(1, to);
                    ps.setString(2, compInd);
                    ps.setObject(3, Jdbc.timestamp(at));
                    ps.setObject(4, id);
                    ps.setString(5, from);
                }) == 1;
    }

    /** The ARes (or Erro) outcome. */
    public void recordAres(UUID id, String status, String dsTransId, String acsTransId, String acsUrl, String aresStatus, String transStatus,
                           String reason, String eci, String authenticationValue, String errorCode, String errorDescription, Instant at,
                           boolean completed) {
        jdbc.update("update threeds.server_authentications set status = ?, ds_trans_id = ?, acs_trans_id = ?, acs_url = ?, ares_status = ?, "
                + "trans_status = ?, trans_status_reason = ?, eci = ?, authentication_value = ?, error_code = ?, error_description = ?, "
                + "updated_at = ?, completed_at = ? where id = ?", ps -> {
                    ps.setString(1, status);
                    ps.setString(2, dsTransId);
                    ps.setString(3, acsTransId);
                    ps.setString(4, acsUrl);
                    ps.setString(5, aresStatus);
                    ps.setString(6, transStatus);
                    ps.setString(7, reason);
                    ps.setString(8, eci);
                    ps.setString(9, authenticationValue);
                    ps.setString(10, errorCode);
                    ps.setString(11, errorDescription);
                    ps.setObject(12, Jdbc.timestamp(at));
                    ps.setObject(13, completed ? Jdbc.timestamp(at) : null);
                    ps.setObject(14, id);
                });
    }

    /** The RReq's final result; an RReq repeated after completion changes nothing. */
    public boolean recordResult(String serverTransId, String transStatus, String reason, String eci, String authenticationValue,
                                String challengeCancel, Instant at) {
        return jdbc.update("update threeds.server_authentications set status = 'completed', trans_status = ?, trans_status_reason = ?, "
                + "eci = ?, authentication_value = ?, challenge_cancel = ?, updated_at = ?, completed_at = ? "
                + "where server_trans_id = ? and status in ('challenge', 'decoupled')", ps -> {
                    ps.setString(1, transStatus);
                    ps.setString(2, reason);
                    ps.setString(3, eci);
                    ps.setString(4, authenticationValue);
                    ps.setString(5, challengeCancel);
                    ps.setObject(6, Jdbc.timestamp(at));
                    ps.setObject(7, Jdbc.timestamp(at));
                    ps.setString(8, serverTransId);
                }) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        long amount = rs.getLong("amount_minor");
        Long amountMinor = rs.wasNull() ? null : amount;
        return new Row(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("server_trans_id"),
                rs.getString("token"), rs.getString("masked_pan"), rs.getString("order_id"), amountMinor, rs.getString("currency"),
                rs.getString("message_version"), rs.getString("message_category"), rs.getString("device_channel"),
                rs.getString("request_json"), rs.getString("return_url"), rs.getString("method_url"), rs.getBoolean("method_notified"),
                rs.getString("comp_ind"), rs.getString("status"), rs.getString("ds_trans_id"), rs.getString("acs_trans_id"),
                rs.getString("acs_url"), rs.getString("ares_status"), rs.getString("trans_status"), rs.getString("trans_status_reason"),
                rs.getString("eci"), rs.getString("authentication_value"), rs.getString("challenge_cancel"), rs.getString("error_code"),
                rs.getString("error_description"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"),
                Jdbc.instant(rs, "completed_at"));
    }
}
