package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.internal.PolicyStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tenant host policies, cached: read on every decision, written rarely. */
public final class TenantPolicies {
    private final PolicyStore store;
    private final Clock clock;
    private final Map<TenantId, TenantRiskPolicy> cache = new ConcurrentHashMap<>();

    TenantPolicies(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public TenantRiskPolicy policy(TenantId tenant) {
        return cache.computeIfAbsent(tenant, t -> store.policy(t).orElse(TenantRiskPolicy.DEFAULT));
    }

    public void save(TenantId tenant, TenantRiskPolicy policy) {
        store.savePolicy(tenant, policy, clock.instant());
        cache.put(tenant, policy);
    }

    /** Forgets cached policies so another instance's changes are read (called periodically). */
    public void refresh() {
        cache.clear();
    }
}
