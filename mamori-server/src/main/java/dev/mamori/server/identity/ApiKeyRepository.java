package dev.mamori.server.identity;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {
    private static final RowMapper<ApiKey> MAPPER = (rs, row) -> new ApiKey(
            rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
            rs.getString("key_prefix"), Roles.decode(rs.getString("roles")), rs.getString("created_by"),
            Db.instant(rs, "created_at"), Db.instant(rs, "revoked_at"));

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, String keyHash) {
        jdbc.sql("""
                insert into platform.api_keys (id, tenant_id, name, key_prefix, key_hash, roles, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key.id(), key.tenant().value(), key.name(), key.prefix(), keyHash, Roles.encode(key.roles()),
                        key.createdBy(), Db.timestamp(key.createdAt()))
                .update();
    }

    /** Authentication looks keys up by hash; the tenant comes from the key. */
    Optional<ApiKey> findByHash(String keyHash) {
        return jdbc.sql("select * from platform.api_keys where key_hash = ?").param(keyHash).query(MAPPER).optional();
    }

    List<ApiKey> list(TenantId tenant) {
        return jdbc.sql("select * from platform.api_keys where tenant_id = ? order by created_at desc")
                .param(tenant.value()).query(MAPPER).list();
    }

    boolean revoke(TenantId tenant, UUID id, Instant at) {
        return jdbc.sql("update platform.api_keys set revoked_at = ? where tenant_id = ? and id = ? and revoked_at is null")
                .params(Db.timestamp(at), tenant.value(), id).update() == 1;
    }
}
