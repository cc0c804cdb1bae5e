package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.internal.PolicyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads the decision log: search, one decision, a card's timeline, and the tenant's alerts. */
public final class DecisionLog {
    /** At most this many decisions with shadow rules are read for one {@link #shadowReport}. */
    public static final int SHADOW_SCAN_LIMIT = 20_000;

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

    /**
     * The card's decisions in {@code [from, to)}, newest first, at most {@code limit} (up to 1 000): when,
     * what kind, the answer and the amount, without the rest of each logged row.
     */
    public List<CardActivity> cardActivity(TenantId tenant, UUID cardAccountId, Instant from, Instant to, int limit) {
        return store.cardActivity(tenant, cardAccountId, from, to, limit);
    }

    /**
     * A decision {@code sender} sent, whichever issuer tenant decided it: how an acquirer or PSP
     * finds (and reverses) its own authorization of a card another tenant issues.
     */
    public Optional<LoggedDecision> sentBy(TenantId sender, UUID id) {
        return store.byIdSentBy(sender.value().toString(), id);
    }

    /**
     * Streams a tenant's authorizations and financial messages (reversals excluded) received in
     * [from, to), oldest first: what training and backtests replay.
     *
     * @return how many were streamed
     */
    public int forEach(TenantId tenant, Instant from, Instant to, java.util.function.Consumer<LoggedDecision> sink) {
        return store.replay(tenant, from, to, sink);
    }

    public Optional<LoggedDecision> get(TenantId tenant, UUID id) {
        return store.byId(tenant, id);
    }

    /** A card's decisions, newest first. */
    public List<LoggedDecision> timeline(TenantId tenant, UUID cardAccountId, int limit) {
        return search(tenant, new Query(cardAccountId, null, null, null, null, null, null, null, null, null), limit);
    }

    /** Authorizations and financial messages logged in {@code [from, to)}. */
    public long count(TenantId tenant, Instant from, Instant to) {
        return store.count(tenant, from, to);
    }

    public List<RiskAlert> alerts(TenantId tenant, int limit) {
        return policies.alerts(tenant, limit);
    }

    /** The rules that fired on a logged decision, shadow ones marked, as the decision log stores them. */
    public static List<FiredRule> firedRules(LoggedDecision decision) {
        return FiredRules.parse(decision.firedRules());
    }

    /**
     * Compares a shadow rule set with what was enforced over {@code [from, to)}: how often its
     * rules asked for review, challenge or decline, and how many of those decisions the live
     * rules approved (for decline rules: the would-be new declines).
     */
    public ShadowReport shadowReport(TenantId tenant, int version, Instant from, Instant to) {
        long total = store.count(tenant, from, to);
        List<DecisionStore.ShadowRow> rows = store.withShadowRules(tenant, from, to, SHADOW_SCAN_LIMIT + 1);
        boolean truncated = rows.size() > SHADOW_SCAN_LIMIT;
        Map<String, long[]> byRule = new LinkedHashMap<>();
        Map<String, FiredRule> firstOf = new LinkedHashMap<>();
        long flagged = 0;
        long flaggedApproved = 0;
        long newDeclines = 0;
        for (int r = 0; r < Math.min(rows.size(), SHADOW_SCAN_LIMIT); r++) {
            DecisionStore.ShadowRow row = rows.get(r);
            boolean approved = ResponseCode.APPROVED.code().equals(row.responseCode());
            boolean any = false;
            boolean declines = false;
            for (FiredRule rule : FiredRules.parse(row.firedRules())) {
                if (!rule.shadow() || rule.version() != version || rule.action() == Action.APPROVE) {
                    continue;
                }
                any = true;
                declines |= rule.action() == Action.DECLINE;
                String key = rule.action().id() + ":" + rule.name(); // action ids hold no colon
                firstOf.putIfAbsent(key, rule);
                long[] counts = byRule.computeIfAbsent(key, k -> new long[2]);
                counts[0]++;
                if (approved) {
                    counts[1]++;
                }
            }
            if (any) {
                flagged++;
                if (approved) {
                    flaggedApproved++;
                    if (declines) {
                        newDeclines++;
                    }
                }
            }
        }
        List<ShadowReport.RuleRow> rules = new ArrayList<>();
        for (Map.Entry<String, long[]> e : byRule.entrySet()) {
            FiredRule rule = firstOf.get(e.getKey());
            rules.add(new ShadowReport.RuleRow(rule.name(), rule.action(), rule.reason(), e.getValue()[0], e.getValue()[1]));
        }
        rules.sort(Comparator.comparingLong(ShadowReport.RuleRow::fired).reversed().thenComparing(ShadowReport.RuleRow::name));
        return new ShadowReport(version, from, to, total, flagged, flaggedApproved, newDeclines, rules, truncated);
    }
}
