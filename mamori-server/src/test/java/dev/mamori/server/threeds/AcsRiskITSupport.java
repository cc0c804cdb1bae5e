package dev.mamori.server.threeds;

import dev.mamori.server.config.Db;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * ACS transactions for the figures' tests, written as the ACS writes them. The table is the ACS's
 * (its migration V1); until that migration is on the class path, the columns read here are created.
 */
public final class AcsRiskITSupport {
    private AcsRiskITSupport() {
    }

    public static void ensureAcsTransactions(JdbcClient jdbc) {
        jdbc.sql("create table if not exists threeds.acs_transactions (acs_trans_id varchar(36) primary key, tenant_id uuid not null, "
                + "ds_trans_id varchar(36) not null, server_trans_id varchar(36) not null, message_version varchar(8) not null, "
                + "device_channel char(2) not null, message_category char(2) not null, card_fingerprint varchar(64), amount_minor bigint, "
                + "currency char(3), merchant_id varchar(35), mcc varchar(4), risk_score int, risk_reasons varchar(400), "
                + "exemption varchar(40), ares_status char(1) not null, ares_reason varchar(2), final_status char(1) not null, "
                + "final_reason varchar(2), challenge_method varchar(16), eci varchar(2), state varchar(16) not null, "
                + "created_at timestamp with time zone not null, completed_at timestamp with time zone)").update();
    }

    public static void acsTransaction(JdbcClient jdbc, String tenantId, String channel, String aresStatus, String finalStatus, String state,
                                      String exemption, Instant at) {
        jdbc.sql("insert into threeds.acs_transactions (acs_trans_id, tenant_id, ds_trans_id, server_trans_id, message_version, "
                        + "device_channel, message_category, card_fingerprint, amount_minor, currency, ares_status, final_status, exemption, "
                        + "state, created_at) values (?, ?, ?, ?, '2.2.0', ?, '01', 'fp-it', 1000, 'JPY', ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID().toString(), UUID.fromString(tenantId), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                        channel, aresStatus, finalStatus, exemption, state, Db.timestamp(at))
                .update();
    }
}
