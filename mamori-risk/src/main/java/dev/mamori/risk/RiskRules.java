package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.internal.RuleSetStore;
import dev.mamori.risk.rules.CompiledRuleSet;
import dev.mamori.risk.rules.RuleCompiler;
import dev.mamori.risk.rules.RuleErrors;
import dev.mamori.risk.rules.RuleOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuers' rule sets: saved as versions only when they compile, enforced once activated, or run in
 * shadow (evaluated and logged, never enforced) next to the active one. A bad rule cannot reach
 * production: saving and activating both compile against the live feature catalog.
 */
public final class RiskRules {
    private static final Logger log = LoggerFactory.getLogger(RiskRules.class);
    public static final String ACTIVE = "active";
    public static final String SHADOW = "shadow";

    private final RuleSetStore store;
    private final FeatureCatalog catalog;
    private final Clock clock;
    private final Map<TenantId, Live> live = new ConcurrentHashMap<>();

    RiskRules(RuleSetStore store, FeatureCatalog catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A saved version. */
    public record Version(int version, String source, String status, String note, String createdBy, java.time.Instant createdAt,
                          String activatedBy, java.time.Instant activatedAt) {
    }

    /**
     * Compiles without saving.
     *
     * @throws RuleErrors naming each error's line and column
     */
    public CompiledRuleSet validate(String source) throws RuleErrors {
        return RuleCompiler.compile(source, catalog);
    }

    /** Saves a new draft version. @throws RuleErrors when it does not compile (nothing is saved) */
    public int save(TenantId tenant, String source, String note, String by) throws RuleErrors {
        validate(source);
        return store.insert(tenant, source, note, by, clock.instant());
    }

    /** Enforces a version; the previously active one is retired. @return false when there is no such version */
    public boolean activate(TenantId tenant, int version, String by) throws RuleErrors {
        return promote(tenant, version, ACTIVE, by);
    }

    /** Thrown when the active version is asked to run in shadow: that would leave the tenant without enforced rules. */
    public static final class ActiveVersionException extends RuntimeException {
        ActiveVersionException() {
            super("the active version cannot run in shadow; activate another version first");
        }
    }

    /**
     * Runs a version in shadow next to the active one.
     *
     * @return false when there is no such version
     * @throws ActiveVersionException when it is the active version
     */
    public boolean shadow(TenantId tenant, int version, String by) throws RuleErrors {
        if (store.withStatus(tenant, ACTIVE).map(r -> r.version() == version).orElse(false)) {
            throw new ActiveVersionException();
        }
        return promote(tenant, version, SHADOW, by);
    }

    /**
     * The circuit breaker's fall-back: stops {@code version} (status {@code stopped}, with the reason)
     * and re-activates the version that was active before it.
     *
     * @return the version now active; empty when {@code version} is no longer active or had nothing before it
     */
    Optional<Integer> stopAndFallBack(TenantId tenant, int version, String reason) {
        Optional<Integer> back = store.stopAndFallBack(tenant, version, reason, clock.instant());
        live.remove(tenant);
        return back;
    }

    public void clearShadow(TenantId tenant) {
        store.clearShadow(tenant);
        live.remove(tenant);
    }

    private boolean promote(TenantId tenant, int version, String status, String by) throws RuleErrors {
        Optional<RuleSetStore.Row> row = store.version(tenant, version);
        if (row.isEmpty()) {
            return false;
        }
        validate(row.get().source()); // the catalog may have changed since it was saved
        boolean done = store.promote(tenant, version, status, by, clock.instant());
        live.remove(tenant);
        return done;
    }

    public List<Version> versions(TenantId tenant) {
        return store.list(tenant).stream().map(RiskRules::version).toList();
    }

    public Optional<Version> version(TenantId tenant, int version) {
        return store.version(tenant, version).map(RiskRules::version);
    }

    private static Version version(RuleSetStore.Row r) {
        return new Version(r.version(), r.source(), r.status(), r.note(), r.createdBy(), r.createdAt(), r.activatedBy(), r.activatedAt());
    }

    /**
     * Picks up other instances' activations (called periodically): a tenant's compiled sets are
     * dropped only when its active or shadow version changed, so steady traffic never recompiles.
     */
    public void refresh() {
        Map<TenantId, String> stamps = store.liveStamps();
        live.entrySet().removeIf(e -> !e.getValue().stamp().equals(stamps.getOrDefault(e.getKey(), "")));
    }

    Live live(TenantId tenant) {
        return live.computeIfAbsent(tenant, this::load);
    }

    private Live load(TenantId tenant) {
        Optional<RuleSetStore.Row> activeRow = store.withStatus(tenant, ACTIVE);
        Optional<RuleSetStore.Row> shadowRow = store.withStatus(tenant, SHADOW);
        // A shadow set is evaluated into its own outcome; with no active set, rules decide nothing.
        Compiled active = activeRow.map(this::compileStored).orElse(null);
        Compiled shadow = shadowRow.map(this::compileStored).orElse(null);
        // The same form as RuleSetStore.liveStamps(): statuses in alphabetical order.
        StringBuilder stamp = new StringBuilder();
        activeRow.ifPresent(r -> stamp.append("active:").append(r.version()));
        shadowRow.ifPresent(r -> stamp.append(stamp.isEmpty() ? "" : ",").append("shadow:").append(r.version()));
        return new Live(active, shadow, stamp.toString());
    }

    private Compiled compileStored(RuleSetStore.Row row) {
        try {
            return new Compiled(row.version(), RuleCompiler.compile(row.source(), catalog));
        } catch (RuleErrors e) {
            // Only compiled sources are activated; this means the catalog lost a feature since
            // (e.g. a window was removed from the configuration). Better no rules than a crash.
            log.error("Rule set version {} of tenant {} no longer compiles and is not evaluated: {}", row.version(), row.tenant(),
                    e.errors());
            return null;
        }
    }

    record Compiled(int version, CompiledRuleSet rules) {
    }

    /** What a tenant's decisions run: the active set (enforced) and the shadow set (logged only). */
    static final class Live {
        private final Compiled active;
        private final Compiled shadow;
        private final String stamp;

        Live(Compiled active, Compiled shadow, String stamp) {
            this.active = active;
            this.shadow = shadow;
            this.stamp = stamp;
        }

        String stamp() {
            return stamp;
        }

        Integer activeVersion() {
            return active == null ? null : active.version();
        }

        boolean hasActive() {
            return active != null;
        }

        void evaluate(FeatureVector vector, RuleOutcome activeOutcome, RuleOutcome shadowOutcome) {
            if (active != null) {
                active.rules().evaluate(vector, activeOutcome);
            }
            if (shadow != null) {
                shadow.rules().evaluate(vector, shadowOutcome);
            }
        }

        List<FiredRule> fired(RuleOutcome activeOutcome, RuleOutcome shadowOutcome) {
            List<FiredRule> fired = new ArrayList<>();
            if (active != null) {
                fired.addAll(activeOutcome.fired(active.version()));
            }
            if (shadow != null) {
                for (FiredRule rule : shadowOutcome.fired(shadow.version())) {
                    fired.add(new FiredRule(rule.name(), rule.version(), rule.action(), rule.reason(), true));
                }
            }
            return fired;
        }
    }
}
