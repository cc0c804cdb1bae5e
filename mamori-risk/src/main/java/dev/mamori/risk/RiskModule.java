package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.backtest.Backtests;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.internal.BacktestStore;
import dev.mamori.risk.internal.CardAccountStore;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.internal.FraudModelStore;
import dev.mamori.risk.internal.ListStore;
import dev.mamori.risk.internal.PolicyStore;
import dev.mamori.risk.internal.RuleSetStore;
import dev.mamori.risk.labels.FraudLabels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the authorization host and its services over one data source (schema {@code risk},
 * migrated from {@code db/migration/risk}). The server hands in a transaction-aware data source and
 * the vault's fingerprints and card verification.
 */
public final class RiskModule {
    private static final Logger log = LoggerFactory.getLogger(RiskModule.class);

    /**
     * @param windows the feature windows rules can use (e.g. 1m, 1h, 24h, 7d)
     * @param features feature engine settings
     * @param cardTesting card-testing thresholds and block time
     */
    public record Settings(List<Duration> windows, FeatureSettings features, CardTestingPolicy cardTesting,
                           CircuitBreaker.Policy circuitBreaker) {
        public Settings(List<Duration> windows, FeatureSettings features, CardTestingPolicy cardTesting) {
            this(windows, features, cardTesting, CircuitBreaker.Policy.DEFAULT);
        }

        public static Settings defaults() {
            return new Settings(List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7)),
                    FeatureSettings.defaults(), CardTestingPolicy.DEFAULT);
        }

        public Settings withCircuitBreaker(CircuitBreaker.Policy policy) {
            return new Settings(windows, features, cardTesting, policy);
        }
    }

    private final AuthorizationHost host;
    private final CardAccounts cardAccounts;
    private final DecisionLog decisionLog;
    private final RiskRules rules;
    private final RiskLists lists;
    private final TenantPolicies policies;
    private final BinRoutes binRoutes;
    private final CardTesting cardTesting;
    private final RiskModels models;
    private final DriftReports driftReports;
    private final FeatureEngine features;
    private final DecisionStore decisions;
    private final Duration longestWindow;
    private final Clock clock;
    private final Backtests backtests;
    private final FraudLabels labels;

    /**
     * A host without a 3-D Secure authentication value verifier: no authorization counts as 3-D
     * Secure authenticated (values are recorded as unverified), since none can be verified.
     */
    public RiskModule(DataSource dataSource, CardFingerprinter fingerprinter, SecurityCodeVerifier securityCodes, Clock clock,
                      Settings settings) {
        this(dataSource, fingerprinter, securityCodes, null, clock, settings, null);
    }

    /** @param authenticationValues verifies 3-D Secure authentication values under the issuer's key */
    public RiskModule(DataSource dataSource, CardFingerprinter fingerprinter, SecurityCodeVerifier securityCodes,
                      AuthenticationValueVerifier authenticationValues, Clock clock, Settings settings) {
        this(dataSource, fingerprinter, securityCodes, authenticationValues, clock, settings, null);
    }

    RiskModule(DataSource dataSource, CardFingerprinter fingerprinter, SecurityCodeVerifier securityCodes, Clock clock,
               Settings settings, java.util.function.Function<FeatureEngine, FeatureStage> featureStage) {
        this(dataSource, fingerprinter, securityCodes, null, clock, settings, featureStage);
    }

    /** @param featureStage replaces the feature engine's computation (tests of the fallback policy); null for the engine */
    RiskModule(DataSource dataSource, CardFingerprinter fingerprinter, SecurityCodeVerifier securityCodes,
               AuthenticationValueVerifier authenticationValues, Clock clock, Settings settings,
               java.util.function.Function<FeatureEngine, FeatureStage> featureStage) {
        Jdbc jdbc = new Jdbc(dataSource);
        this.clock = clock;
        CardAccountStore accountStore = new CardAccountStore(jdbc);
        this.decisions = new DecisionStore(jdbc);
        PolicyStore policyStore = new PolicyStore(jdbc);
        StandardFeatureCatalog catalog = StandardFeatureCatalog.create(settings.windows());
        this.features = new FeatureEngine(catalog, settings.features());
        this.longestWindow = settings.windows().stream().max(Duration::compareTo).orElse(Duration.ofDays(7));
        this.cardAccounts = new CardAccounts(accountStore, fingerprinter, clock);
        this.decisionLog = new DecisionLog(decisions, policyStore);
        this.rules = new RiskRules(new RuleSetStore(jdbc), catalog, clock);
        this.lists = new RiskLists(new ListStore(jdbc), clock);
        this.policies = new TenantPolicies(policyStore, clock);
        this.binRoutes = new BinRoutes(policyStore, clock);
        this.cardTesting = new CardTesting(policyStore, decisions, accountStore, catalog, settings.cardTesting(),
                settings.features().smallAmount(), clock);
        this.labels = new FraudLabels(jdbc, clock);
        this.models = new RiskModels(jdbc, new FraudModelStore(jdbc), catalog, clock);
        this.driftReports = new DriftReports(jdbc, clock);
        FeatureStage stage = featureStage == null ? features::compute : featureStage.apply(features);
        this.host = new AuthorizationHost(jdbc, accountStore, decisions, fingerprinter, securityCodes, authenticationValues, features, stage, rules, lists,
                policies, cardTesting, models, new CircuitBreaker(settings.circuitBreaker()), trip -> tripped(trip, policyStore));
        this.backtests = new Backtests(decisions, new BacktestStore(jdbc), rules, models, policies, catalog, settings.features(),
                longestWindow, clock, Backtests.Limits.DEFAULT);
    }

    /**
     * What a trip does: the version stops and the one active before it takes over (a rule set with
     * nothing before it stays: better its rules than none), with an alert saying what and why.
     */
    private void tripped(CircuitBreaker.TenantTrip t, PolicyStore policyStore) {
        CircuitBreaker.Trip trip = t.trip();
        String outcome;
        try {
            if (trip.source() == CircuitBreaker.Source.MODEL) {
                outcome = models.stop(t.tenant(), trip.version(), trip.reason()).map(v -> "fell back to model v" + v)
                        .orElse("no model active now");
            } else {
                outcome = rules.stopAndFallBack(t.tenant(), trip.version(), trip.reason()).map(v -> "fell back to rules v" + v)
                        .orElse("nothing to fall back to: rules left active");
            }
        } catch (RiskModels.ModelStateException e) {
            outcome = "already changed: " + e.getMessage();
        }
        log.warn("Tenant {}: {}; {}", t.tenant(), trip.reason(), outcome);
        policyStore.alert(new RiskAlert(java.util.UUID.randomUUID(), t.tenant(), "circuit-breaker", clip(trip.reason() + "; " + outcome),
                clock.instant()));
    }

    private static String clip(String text) {
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    /**
     * Rebuilds in-memory feature state from the decision log's last longest-window of events, and
     * loads stored card-testing blocks. Run once at start, before traffic.
     *
     * @return how many logged decisions were replayed
     */
    public int start() {
        long started = System.nanoTime();
        Instant since = clock.instant().minus(longestWindow);
        int replayed = decisions.replay(since, host::replay);
        cardTesting.refresh();
        log.info("Risk features rebuilt from {} logged decisions in {} ms", replayed, (System.nanoTime() - started) / 1_000_000);
        return replayed;
    }

    /** Picks up other instances' changes to rules, lists, policies, BIN routes and blocks (call every few seconds). */
    public void refresh() {
        rules.refresh();
        models.refresh();
        lists.refresh();
        policies.refresh();
        binRoutes.refresh();
        cardTesting.refresh();
    }

    /**
     * The card's recent use as the decision log and the fraud labels know it now (see {@link CardUse}):
     * two indexed reads of that card's rows only.
     */
    public CardUse cardUse(TenantId tenant, UUID cardAccountId, Instant now) {
        Instant to = now.plusSeconds(1);
        List<CardActivity> history = decisionLog.cardActivity(tenant, cardAccountId, now.minus(CardUse.HISTORY), to, CardUse.HISTORY_LIMIT);
        if (history.isEmpty()) {
            return CardUse.of(history, Map.of(), now);
        }
        Instant earliest = history.get(history.size() - 1).receivedAt();
        return CardUse.of(history, labels.knownForCard(tenant, cardAccountId, earliest, to, now), now);
    }

    public AuthorizationHost host() {
        return host;
    }

    public CardAccounts cardAccounts() {
        return cardAccounts;
    }

    public DecisionLog decisionLog() {
        return decisionLog;
    }

    public RiskRules rules() {
        return rules;
    }

    public RiskLists lists() {
        return lists;
    }

    public TenantPolicies policies() {
        return policies;
    }

    public BinRoutes binRoutes() {
        return binRoutes;
    }

    public CardTesting cardTesting() {
        return cardTesting;
    }

    /** Candidate rule sets replayed over the decision log; rule activation goes through it. */
    public Backtests backtests() {
        return backtests;
    }

    /** Fraud labels (not-me reports, chargebacks, analysts, compromised cards) and the labels as known at a cut-off. */
    public FraudLabels labels() {
        return labels;
    }

    public RiskModels models() {
        return models;
    }

    /** Stored drift checks of the tenants' active models. */
    public DriftReports driftReports() {
        return driftReports;
    }
}
