package dev.mamori.server.tenant;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class TenantRepository {
    private static final RowMapper<Tenant> MAPPER = (rs, row) -> new Tenant(
            new TenantId(rs.getObject("id", UUID.class)), rs.getString("name"),
            rs.getBoolean("operator"), Db.instant(rs, "created_at"));

    private final JdbcClient jdbc;

    public TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Tenant tenant) {
        jdbc.sql("insert into platform.tenants (id, name, operator, created_at) values (?, ?, ?, ?)")
                .params(tenant.id().value(), tenant.name(), tenant.operator(), Db.timestamp(tenant.createdAt()))
                .update();
    }

    public Optional<Tenant> find(TenantId id) {
        return jdbc.sql("select * from platform.tenants where id = ?").param(id.value()).query(MAPPER).optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from platform.tenants").query(Long.class).single();
    }
}
