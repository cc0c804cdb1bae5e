package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.internal.PolicyStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the decision log: search, one decision, a card's timeline, and the tenant's alerts. */
public final class DecisionLog {
    private final DecisionStore store;
    private final PolicyStore policies;

    DecisionLog(DecisionStore store, PolicyStore policies) {
        this.store = store;
        this.policies = policies;
    }

    /** Search filters; null or blank means "any". */
    public record Query(UUID cardAccountId, String last4, String responseCode, String reason, String deviceId, String ip, String email,
                        String merchantId, Instant from, Instant to) {
        public static final Query ALL = new Query(null, null, null, null, null, null, null, null, null, null);
    }

    public List<LoggedDecision> search(TenantId tenant, Query q, int limit) {
        return store.search(tenant, new DecisionStore.Filter(q.cardAccountId(), q.last4(), q.responseCode(), q.reason(), q.deviceId(),
                q.ip(), q.email(), q.merchantId(), q.from(), q.to()), limit);
    }

    public Optional<LoggedDecision> get(TenantId tenant, UUID id) {
        return store.byId(tenant, id);
    }

    /** A card's decisions, newest first. */
    public List<LoggedDecision> timeline(TenantId tenant, UUID cardAccountId, int limit) {
        return search(tenant, new Query(cardAccountId, null, null, null, null, null, null, null, null, null), limit);
    }

    public List<RiskAlert> alerts(TenantId tenant, int limit) {
        return policies.alerts(tenant, limit);
    }
}
