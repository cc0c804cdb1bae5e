package dev.mamori.phishing.internal;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.BrandDomains.TenantDomain;
import dev.mamori.phishing.DomainName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Table {@code phishing.brand_domains}. */
public final class BrandDomainStore {
    private static final String COLUMNS = "tenant_id, domain, sends_mail, label, created_at, created_by";
    private final Jdbc jdbc;

    public BrandDomainStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public BrandDomain upsert(TenantId tenant, BrandDomain domain, int maxPerTenant) {
        // Update first, then insert: a concurrent insert of the same domain fails on the primary key (409).
        int updated = jdbc.update("update phishing.brand_domains set sends_mail = ?, label = ? where tenant_id = ? and domain = ?", ps -> {
            ps.setBoolean(1, domain.sendsMail());
            ps.setString(2, domain.label());
            ps.setObject(3, tenant.value());
            ps.setString(4, domain.domain().ascii());
        });
        if (updated == 0) {
            long count = jdbc.queryOne("select count(*) from phishing.brand_domains where tenant_id = ?",
                    ps -> ps.setObject(1, tenant.value()), rs -> rs.getLong(1)).orElse(0L);
            if (count >= maxPerTenant) {
                throw new IllegalStateException("a tenant registers at most " + maxPerTenant + " domains");
            }
            jdbc.update("insert into phishing.brand_domains (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)", ps -> {
                ps.setObject(1, tenant.value());
                ps.setString(2, domain.domain().ascii());
                ps.setBoolean(3, domain.sendsMail());
                ps.setString(4, domain.label());
                ps.setObject(5, Jdbc.timestamp(domain.createdAt()));
                ps.setString(6, domain.createdBy());
            });
        }
        return find(tenant, domain.domain()).orElseThrow();
    }

    public List<BrandDomain> list(TenantId tenant) {
        return jdbc.query("select " + COLUMNS + " from phishing.brand_domains where tenant_id = ? order by domain",
                ps -> ps.setObject(1, tenant.value()), BrandDomainStore::map);
    }

    public Optional<BrandDomain> find(TenantId tenant, DomainName domain) {
        return jdbc.queryOne("select " + COLUMNS + " from phishing.brand_domains where tenant_id = ? and domain = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, domain.ascii());
        }, BrandDomainStore::map);
    }

    public boolean delete(TenantId tenant, DomainName domain) {
        return jdbc.update("delete from phishing.brand_domains where tenant_id = ? and domain = ?", ps -> {
            ps.setObject(1, tenant.value());
            ps.setString(2, domain.ascii());
        }) > 0;
    }

    public List<TenantDomain> all() {
        return jdbc.query("select " + COLUMNS + " from phishing.brand_domains order by tenant_id, domain", ps -> { },
                rs -> new TenantDomain(new TenantId(rs.getObject("tenant_id", UUID.class)), map(rs)));
    }

    private static BrandDomain map(ResultSet rs) throws SQLException {
        return new BrandDomain(DomainName.of(rs.getString("domain")), rs.getBoolean("sends_mail"), rs.getString("label"),
                Jdbc.instant(rs, "created_at"), rs.getString("created_by"));
    }
}
