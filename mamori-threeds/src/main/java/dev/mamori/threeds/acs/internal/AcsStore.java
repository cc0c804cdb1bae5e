package dev.mamori.threeds.acs.internal;

import dev.mamori.common.CardBrand;
import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.TransStatus;
import dev.mamori.threeds.acs.AcsTransaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The ACS's transactions in {@code threeds.acs_transactions}. State changes are conditional, so two requests racing cannot both finish a challenge. */
public final class AcsStore {
    private final Jdbc jdbc;

    public AcsStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** What the ARes decided, with the facts statistics read. */
    public record NewTransaction(String acsTransId, TenantId tenant, String dsTransId, String serverTransId, String sdkTransId,
                                 String messageVersion, DeviceChannel channel, MessageCategory category, String cardFingerprint,
                                 String cardBrand, Long amountMinor, String currency, String merchantId, String merchantName,
                                 String mcc, Integer riskScore, String riskReasons, String exemption, TransStatus aresStatus,
                                 String aresReason, String eci, String state, String notificationUrl, String dsReferenceNumber,
                                 String challengeWindowSize, String language, boolean methodCompleted, Instant createdAt) {
    }

    public void insert(NewTransaction t) {
        jdbc.update("""
                insert into threeds.acs_transactions (acs_trans_id, tenant_id, ds_trans_id, server_trans_id, sdk_trans_id,
                    message_version, device_channel, message_category, card_fingerprint, card_brand, amount_minor, currency,
                    merchant_id, merchant_name, mcc, risk_score, risk_reasons, exemption, ares_status, ares_reason,
                    final_status, final_reason, eci, state, notification_url, ds_reference_number, challenge_window_size,
                    browser_language, method_completed, created_at, completed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            int i = 1;
            ps.setString(i++, t.acsTransId());
            ps.setObject(i++, t.tenant() == null ? null : t.tenant().value(), Types.OTHER);
            ps.setString(i++, t.dsTransId());
            ps.setString(i++, t.serverTransId());
            ps.setString(i++, t.sdkTransId());
            ps.setString(i++, t.messageVersion());
            ps.setString(i++, t.channel().code());
            ps.setString(i++, t.category().code());
            ps.setString(i++, t.cardFingerprint());
            ps.setString(i++, t.cardBrand());
            ps.setObject(i++, t.amountMinor(), Types.BIGINT);
            ps.setString(i++, t.currency());
            ps.setString(i++, t.merchantId());
            ps.setString(i++, t.merchantName());
            ps.setString(i++, t.mcc());
            ps.setObject(i++, t.riskScore(), Types.INTEGER);
            ps.setString(i++, t.riskReasons());
            ps.setString(i++, t.exemption());
            ps.setString(i++, t.aresStatus().name());
            ps.setString(i++, t.aresReason());
            ps.setString(i++, t.aresStatus().name());
            ps.setString(i++, t.aresReason());
            ps.setString(i++, t.eci());
            ps.setString(i++, t.state());
            ps.setString(i++, t.notificationUrl());
            ps.setString(i++, t.dsReferenceNumber());
            ps.setString(i++, t.challengeWindowSize());
            ps.setString(i++, t.language());
            ps.setBoolean(i++, t.methodCompleted());
            ps.setObject(i++, Jdbc.timestamp(t.createdAt()));
            ps.setObject(i, AcsTransaction.CHALLENGE.equals(t.state()) ? null : Jdbc.timestamp(t.createdAt()));
        });
    }

    public Optional<AcsTransaction> find(String acsTransId) {
        return jdbc.queryOne("select * from threeds.acs_transactions where acs_trans_id = ?", ps -> ps.setString(1, acsTransId),
                AcsStore::map);
    }

    /** What the authentication value is bound to, besides the card. */
    public record Purchase(Long amountMinor, String currency, String merchantId, CardBrand brand) {
    }

    public Optional<Purchase> purchase(String acsTransId) {
        return jdbc.queryOne("select amount_minor, currency, merchant_id, card_brand from threeds.acs_transactions where acs_trans_id = ?",
                ps -> ps.setString(1, acsTransId), rs -> new Purchase(rs.getObject("amount_minor") == null ? null : rs.getLong("amount_minor"),
                        rs.getString("currency"), rs.getString("merchant_id"), brand(rs.getString("card_brand"))));
    }

    private static CardBrand brand(String id) {
        for (CardBrand b : CardBrand.values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        return null;
    }

    /** The DS reference number the AReq carried, echoed in the RReq. */
    public Optional<String> dsReferenceNumber(String acsTransId) {
        return jdbc.queryOne("select ds_reference_number from threeds.acs_transactions where acs_trans_id = ?",
                ps -> ps.setString(1, acsTransId), rs -> rs.getString(1));
    }

    /** Marks the challenge started (first CReq) with its method and the CReq's challengeWindowSize (browser); false when another request started it first. */
    public boolean startChallenge(String acsTransId, ChallengeMethod method, String challengeWindowSize, Instant at) {
        return jdbc.update("""
                update threeds.acs_transactions set challenge_started_at = ?, challenge_method = ?, challenge_window_size = ?
                where acs_trans_id = ? and state = 'challenge' and challenge_started_at is null""", ps -> {
            ps.setObject(1, Jdbc.timestamp(at));
            ps.setString(2, method.name());
            ps.setString(3, challengeWindowSize);
            ps.setString(4, acsTransId);
        }) == 1;
    }

    /** One more challenge screen answered (interactionCounter). */
    public void countInteraction(String acsTransId) {
        jdbc.update("update threeds.acs_transactions set interactions = interactions + 1 where acs_trans_id = ? and state = 'challenge'",
                ps -> ps.setString(1, acsTransId));
    }

    /** Accepts the app's next message counter; false when {@code counter} is not the one expected (a replay or a lost message). */
    public boolean takeSdkCounter(String acsTransId, int counter) {
        return jdbc.update("""
                update threeds.acs_transactions set sdk_counter = sdk_counter + 1
                where acs_trans_id = ? and sdk_counter = ? and state = 'challenge'""", ps -> {
            ps.setString(1, acsTransId);
            ps.setInt(2, counter);
        }) == 1;
    }

    /** Ends a running challenge; false when it had already ended (another request or the timeout job won). */
    public boolean finish(String acsTransId, String state, TransStatus status, String reason, String eci, String challengeCancel,
                          Instant at) {
        return jdbc.update("""
                update threeds.acs_transactions set state = ?, final_status = ?, final_reason = ?, eci = ?, challenge_cancel = ?,
                    completed_at = ?
                where acs_trans_id = ? and state = 'challenge'""", ps -> {
            ps.setString(1, state);
            ps.setString(2, status.name());
            ps.setString(3, reason);
            ps.setString(4, eci);
            ps.setString(5, challengeCancel);
            ps.setObject(6, Jdbc.timestamp(at));
            ps.setString(7, acsTransId);
        }) == 1;
    }

    public void rreqStatus(String acsTransId, String status) {
        jdbc.update("update threeds.acs_transactions set rreq_status = ? where acs_trans_id = ?", ps -> {
            ps.setString(1, status);
            ps.setString(2, acsTransId);
        });
    }

    /** Challenges whose first CReq never came by {@code creqDeadline}, or that started before {@code challengeDeadline}. */
    public List<AcsTransaction> overdue(Instant creqDeadline, Instant challengeDeadline, int limit) {
        return jdbc.query("""
                select * from threeds.acs_transactions where state = 'challenge'
                  and ((challenge_started_at is null and created_at < ?) or challenge_started_at < ?)
                order by created_at limit ?""", ps -> {
            ps.setObject(1, Jdbc.timestamp(creqDeadline));
            ps.setObject(2, Jdbc.timestamp(challengeDeadline));
            ps.setInt(3, limit);
        }, AcsStore::map);
    }

    /** A decoupled authentication whose app request could not be sent: an ordinary challenge (C) instead, not started yet. */
    public void decoupledRefused(String acsTransId) {
        jdbc.update("""
                update threeds.acs_transactions set ares_status = 'C', final_status = 'C', challenge_started_at = null, challenge_method = null
                where acs_trans_id = ? and state = 'challenge'""", ps -> ps.setString(1, acsTransId));
    }

    /** Decoupled authentications still waiting for the cardholder's answer in the app. */
    public List<AcsTransaction> decoupled(int limit) {
        return jdbc.query("select * from threeds.acs_transactions where state = 'challenge' and ares_status = 'D' order by created_at limit ?",
                ps -> ps.setInt(1, limit), AcsStore::map);
    }

    /** RReqs not delivered yet, to retry. */
    public List<AcsTransaction> undelivered(int limit) {
        return jdbc.query("select * from threeds.acs_transactions where rreq_status = 'failed' order by completed_at limit ?",
                ps -> ps.setInt(1, limit), AcsStore::map);
    }

    public void recordMethodVisit(String serverTransId, Instant at) {
        jdbc.inTransaction(c -> {
            try (var ps = c.prepareStatement("delete from threeds.acs_method_visits where server_trans_id = ?")) {
                ps.setString(1, serverTransId);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("insert into threeds.acs_method_visits (server_trans_id, visited_at) values (?, ?)")) {
                ps.setString(1, serverTransId);
                ps.setObject(2, Jdbc.timestamp(at));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public boolean methodVisited(String serverTransId) {
        return jdbc.queryOne("select 1 from threeds.acs_method_visits where server_trans_id = ?", ps -> ps.setString(1, serverTransId),
                rs -> Boolean.TRUE).isPresent();
    }

    public int purgeMethodVisits(Instant before) {
        return jdbc.update("delete from threeds.acs_method_visits where visited_at < ?", ps -> ps.setObject(1, Jdbc.timestamp(before)));
    }

    private static AcsTransaction map(ResultSet rs) throws SQLException {
        Object tenant = rs.getObject("tenant_id");
        String method = rs.getString("challenge_method");
        return new AcsTransaction(rs.getString("acs_trans_id"),
                tenant == null ? null : new TenantId(tenant instanceof UUID u ? u : UUID.fromString(tenant.toString())),
                rs.getString("ds_trans_id"), rs.getString("server_trans_id"), rs.getString("sdk_trans_id"),
                rs.getString("message_version"), DeviceChannel.fromCode(rs.getString("device_channel")),
                MessageCategory.fromCode(rs.getString("message_category")), rs.getString("card_fingerprint"),
                TransStatus.valueOf(rs.getString("ares_status")), rs.getString("ares_reason"),
                TransStatus.valueOf(rs.getString("final_status")), rs.getString("final_reason"),
                method == null ? null : ChallengeMethod.valueOf(method), rs.getString("challenge_cancel"), rs.getString("eci"),
                rs.getString("state"), rs.getString("notification_url"), rs.getString("challenge_window_size"),
                rs.getString("browser_language"), rs.getInt("interactions"), rs.getInt("sdk_counter"), rs.getString("rreq_status"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "challenge_started_at"), Jdbc.instant(rs, "completed_at"));
    }
}
