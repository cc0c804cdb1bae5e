package dev.mamori.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.risk.internal.AcsRiskStore;
import java.time.Clock;
import java.util.Objects;

/** The issuers' ACS policies: {@link AcsPolicy#defaults()} until a tenant saves its own. */
public final class AcsPolicies {
    private final AcsRiskStore store;
    private final Clock clock;

    public AcsPolicies(Jdbc jdbc, Clock clock) {
        this.store = new AcsRiskStore(jdbc);
        this.clock = clock;
    }

    public AcsPolicy get(TenantId tenant) {
        return store.policy(tenant).orElseGet(AcsPolicy::defaults);
    }

    /** Replaces the tenant's policy whole (never a part of it). */
    public void save(TenantId tenant, AcsPolicy policy, String updatedBy) {
        Objects.requireNonNull(policy, "policy");
        store.savePolicy(tenant, policy, updatedBy == null ? "" : updatedBy, clock.instant());
    }
}
