package dev.mamori.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.risk.internal.AcsRiskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The issuers' ACS policies: {@link AcsPolicy#defaults()} until a tenant saves its own.
 *
 * <p>Every AReq needs its issuer's policy, so a policy read is kept for {@link #REREAD_AFTER}: a
 * save on this instance is seen once it has committed, one on another instance within that time.
 */
public final class AcsPolicies {
    /** How long a policy read from the database is used before it is read again. */
    public static final Duration REREAD_AFTER = Duration.ofSeconds(5);

    private final AcsRiskStore store;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final AfterCommit afterCommit;
    private final Map<TenantId, Read> reads = new ConcurrentHashMap<>();

    private record Read(AcsPolicy policy, long atNanos) {
    }

    /**
     * Runs an action once the caller's transaction has committed (at once without one). A save inside a
     * transaction forgets the cached policy again then: an AReq that read the old row before the commit
     * must not keep it for the next 5 seconds.
     */
    @FunctionalInterface
    public interface AfterCommit {
        /** For callers without transactions of their own: the write is committed when {@code save} returns. */
        AfterCommit NO_TRANSACTION = Runnable::run;

        void run(Runnable action);
    }

    public AcsPolicies(Jdbc jdbc, Clock clock) {
        this(jdbc, clock, AfterCommit.NO_TRANSACTION);
    }

    public AcsPolicies(Jdbc jdbc, Clock clock, AfterCommit afterCommit) {
        this(jdbc, clock, afterCommit, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the reads age by (a test moves it) */
    AcsPolicies(Jdbc jdbc, Clock clock, AfterCommit afterCommit, LongSupplier nanoTime) {
        this.store = new AcsRiskStore(jdbc);
        this.clock = clock;
        this.afterCommit = afterCommit;
        this.nanoTime = nanoTime;
    }

    public AcsPolicy get(TenantId tenant) {
        long now = nanoTime.getAsLong();
        Read read = reads.get(tenant);
        if (read == null || now - read.atNanos() >= REREAD_AFTER.toNanos()) {
            read = new Read(store.policy(tenant).orElseGet(AcsPolicy::defaults), now);
            reads.put(tenant, read);
        }
        return read.policy();
    }

    /** Replaces the tenant's policy whole (never a part of it). */
    public void save(TenantId tenant, AcsPolicy policy, String updatedBy) {
        Objects.requireNonNull(policy, "policy");
        reads.remove(tenant);
        store.savePolicy(tenant, policy, updatedBy == null ? "" : updatedBy, clock.instant());
        // Again once the write is visible: a read that raced with it may have kept the old policy.
        afterCommit.run(() -> reads.remove(tenant));
    }
}
