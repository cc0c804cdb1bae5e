package dev.mamori.server.hostedfields;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code vault.publishable_keys}; origins are kept space-separated (they never contain a space). */
@Repository
class PublishableKeyRepository {
    private static final RowMapper<PublishableKey> MAPPER = (rs, row) -> new PublishableKey(
            rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
            rs.getString("publishable_key"), Arrays.asList(rs.getString("allowed_origins").split(" ")),
            rs.getString("created_by"), Db.instant(rs, "created_at"), Db.instant(rs, "revoked_at"));

    private final JdbcClient jdbc;

    PublishableKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(PublishableKey key) {
        jdbc.sql("""
                insert into vault.publishable_keys (id, tenant_id, name, publishable_key, allowed_origins, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(key.id(), key.tenant().value(), key.name(), key.key(), String.join(" ", key.allowedOrigins()),
                        key.createdBy(), Db.timestamp(key.createdAt()))
                .update();
    }

    Optional<PublishableKey> findByKey(String key) {
        return jdbc.sql("select * from vault.publishable_keys where publishable_key = ?").param(key).query(MAPPER).optional();
    }

    Optional<PublishableKey> findById(UUID id) {
        return jdbc.sql("select * from vault.publishable_keys where id = ?").param(id).query(MAPPER).optional();
    }

    List<PublishableKey> list(TenantId tenant) {
        return jdbc.sql("select * from vault.publishable_keys where tenant_id = ? order by created_at desc, id")
                .param(tenant.value()).query(MAPPER).list();
    }

    List<PublishableKey> activeCreatedBy(String createdBy) {
        return jdbc.sql("select * from vault.publishable_keys where created_by = ? and revoked_at is null order by created_at")
                .param(createdBy).query(MAPPER).list();
    }

    boolean revoke(TenantId tenant, UUID id, Instant at) {
        return jdbc.sql("update vault.publishable_keys set revoked_at = ? where tenant_id = ? and id = ? and revoked_at is null")
                .params(Db.timestamp(at), tenant.value(), id).update() == 1;
    }
}
