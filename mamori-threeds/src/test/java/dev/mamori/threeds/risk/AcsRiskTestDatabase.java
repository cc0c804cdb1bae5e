package dev.mamori.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh in-memory H2 database (PostgreSQL mode) with the threeds schema migrated by Flyway. The
 * ACS's transactions table belongs to the ACS's migration; when that is not on the class path the
 * columns the risk decisions read are created here, as the ACS's migration defines them.
 */
final class AcsRiskTestDatabase {
    private AcsRiskTestDatabase() {
    }

    static DataSource create(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        Flyway.configure().dataSource(dataSource).schemas("threeds").defaultSchema("threeds").createSchemas(true)
                .locations("classpath:db/migration/threeds").load().migrate();
        new Jdbc(dataSource).update("create table if not exists threeds.acs_transactions (acs_trans_id varchar(36) primary key, "
                + "tenant_id uuid not null, ds_trans_id varchar(36) not null, server_trans_id varchar(36) not null, "
                + "message_version varchar(8) not null, device_channel char(2) not null, message_category char(2) not null, "
                + "card_fingerprint varchar(64), amount_minor bigint, currency char(3), merchant_id varchar(35), mcc varchar(4), "
                + "risk_score int, risk_reasons varchar(400), exemption varchar(40), ares_status char(1) not null, ares_reason varchar(2), "
                + "final_status char(1) not null, final_reason varchar(2), challenge_method varchar(16), eci varchar(2), "
                + "state varchar(16) not null, created_at timestamp with time zone not null, completed_at timestamp with time zone)", ps -> { });
        return dataSource;
    }

    /** An ACS transaction as the ACS writes it (the columns the figures and the card's 3DS history read). */
    static void acsTransaction(Jdbc jdbc, TenantId tenant, String fingerprint, String channel, String aresStatus, String finalStatus,
                               String state, String exemption, Instant at) {
        String acsTransId = UUID.randomUUID().toString();
        jdbc.update("insert into threeds.acs_transactions (acs_trans_id, tenant_id, ds_trans_id, server_trans_id, message_version, "
                + "device_channel, message_category, card_fingerprint, amount_minor, currency, ares_status, final_status, exemption, state, "
                + "created_at) values (?,?,?,?,'2.2.0',?,'01',?,1000,'JPY',?,?,?,?,?)", ps -> {
                    ps.setString(1, acsTransId);
                    ps.setObject(2, tenant.value());
                    ps.setString(3, UUID.randomUUID().toString());
                    ps.setString(4, UUID.randomUUID().toString());
                    ps.setString(5, channel);
                    ps.setString(6, fingerprint);
                    ps.setString(7, aresStatus);
                    ps.setString(8, finalStatus);
                    ps.setString(9, exemption);
                    ps.setString(10, state);
                    ps.setObject(11, Jdbc.timestamp(at));
                });
        // The decision the ACS's risk-based decider recorded for it, as for every AReq of a known card.
        jdbc.update("insert into threeds.acs_risk_decisions (acs_trans_id, tenant_id, card_fingerprint, device_channel, score, status, "
                + "exemption, reasons, decided_at) values (?,?,?,?,0,?,?,'',?)", ps -> {
                    ps.setString(1, acsTransId);
                    ps.setObject(2, tenant.value());
                    ps.setString(3, fingerprint);
                    ps.setString(4, channel);
                    ps.setString(5, aresStatus);
                    ps.setString(6, exemption == null ? "NONE" : exemption);
                    ps.setObject(7, Jdbc.timestamp(at));
                });
    }
}
