package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Append-only storage: there is no update or delete of an event here, by design. */
@Repository
class AuditRepository {
    private static final RowMapper<AuditRecord> MAPPER = (rs, row) -> new AuditRecord(
            new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getLong("seq"), Db.instant(rs, "occurred_at"),
            rs.getString("actor"), rs.getString("actor_type"), rs.getString("event_type"),
            rs.getString("outcome"), rs.getString("origin"), rs.getString("resource"),
            rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));

    record ChainHead(long lastSeq, String lastHash) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    AuditRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(500);
    }

    void insertHead(TenantId tenant, String genesis) {
        jdbc.sql("insert into platform.audit_chains (tenant_id, last_seq, last_hash) values (?, 0, ?)")
                .params(tenant.value(), genesis).update();
    }

    /** Locks the chain head until the transaction ends, so appends to one chain are serial. */
    ChainHead lockHead(TenantId tenant) {
        return jdbc.sql("select last_seq, last_hash from platform.audit_chains where tenant_id = ? for update")
                .param(tenant.value())
                .query((rs, row) -> new ChainHead(rs.getLong("last_seq"), rs.getString("last_hash")))
                .single();
    }

    java.util.Optional<ChainHead> head(TenantId tenant) {
        return jdbc.sql("select last_seq, last_hash from platform.audit_chains where tenant_id = ?")
                .param(tenant.value())
                .query((rs, row) -> new ChainHead(rs.getLong("last_seq"), rs.getString("last_hash")))
                .optional();
    }

    void append(AuditRecord r) {
        jdbc.sql("""
                insert into platform.audit_events (tenant_id, seq, occurred_at, actor, actor_type, event_type,
                    outcome, origin, resource, detail, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.tenant().value(), r.seq(), Db.timestamp(r.occurredAt()), r.actor(), r.actorType(),
                        r.type(), r.outcome(), r.origin(), r.resource(), r.detail(), r.prevHash(), r.hash())
                .update();
        jdbc.sql("update platform.audit_chains set last_seq = ?, last_hash = ? where tenant_id = ?")
                .params(r.seq(), r.hash(), r.tenant().value()).update();
    }

    /** Newest first, at most {@code limit}, optionally only events older than {@code beforeSeq}. */
    List<AuditRecord> page(TenantId tenant, Long beforeSeq, String type, AuditEvent.Outcome outcome, int limit) {
        StringBuilder sql = new StringBuilder("select * from platform.audit_events where tenant_id = :tenant");
        if (beforeSeq != null) {
            sql.append(" and seq < :before");
        }
        if (type != null) {
            sql.append(" and event_type = :type");
        }
        if (outcome != null) {
            sql.append(" and outcome = :outcome");
        }
        sql.append(" order by seq desc limit :limit");
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("tenant", tenant.value()).param("limit", limit);
        if (beforeSeq != null) {
            spec = spec.param("before", beforeSeq);
        }
        if (type != null) {
            spec = spec.param("type", type);
        }
        if (outcome != null) {
            spec = spec.param("outcome", outcome.name());
        }
        return spec.query(MAPPER).list();
    }

    /** Streams the whole chain in order without loading it into memory. */
    void forEachInOrder(TenantId tenant, Consumer<AuditRecord> consumer) {
        streaming.query("select * from platform.audit_events where tenant_id = ? order by seq",
                rs -> {
                    consumer.accept(MAPPER.mapRow(rs, 0));
                },
                tenant.value());
    }

    /** Where events go that no tenant can be held to (see the tenants table). */
    java.util.Optional<TenantId> operatorTenant() {
        return jdbc.sql("select id from platform.tenants where operator = true order by created_at limit 1")
                .query((rs, row) -> new TenantId(rs.getObject(1, UUID.class))).optional();
    }

    /** Every tenant has a chain; walking the tenants finds a chain whose head row was deleted too. */
    List<TenantId> chains() {
        return jdbc.sql("select id from platform.tenants order by created_at")
                .query((rs, row) -> new TenantId(rs.getObject(1, UUID.class))).list();
    }
}
