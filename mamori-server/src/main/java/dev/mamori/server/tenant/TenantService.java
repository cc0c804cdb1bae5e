package dev.mamori.server.tenant;

import dev.mamori.common.TenantId;
import dev.mamori.server.audit.AuditTrail;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TenantService {
    private final TenantRepository tenants;
    private final AuditTrail audit;
    private final Clock clock;

    public TenantService(TenantRepository tenants, AuditTrail audit, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a tenant and the head of its audit chain, in one transaction. */
    @Transactional
    public Tenant create(String name, boolean operator) {
        Tenant tenant = new Tenant(TenantId.random(), name, operator, clock.instant());
        tenants.insert(tenant);
        audit.startChain(tenant.id());
        return tenant;
    }

    public Optional<Tenant> find(TenantId id) {
        return tenants.find(id);
    }

    public boolean isEmpty() {
        return tenants.count() == 0;
    }
}
