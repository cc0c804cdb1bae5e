package dev.mamori.risk.backtest;

import dev.mamori.common.TenantId;
import dev.mamori.risk.Action;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.LoggedFeatureInput;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskRules;
import dev.mamori.risk.TenantPolicies;
import dev.mamori.risk.features.FeatureEngine;
import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureSettings;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.internal.BacktestStore;
import dev.mamori.risk.internal.DecisionStore;
import dev.mamori.risk.labels.LabelView;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import dev.mamori.risk.model.ModelInputs;
import dev.mamori.risk.rules.RuleErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backtests: a candidate rule set replayed over a period of a tenant's decision log next to a
 * baseline, to show what it would have changed before it is activated.
 *
 * <p>A candidate is a rule set or a fraud model; the other part stays as each decision was logged
 * (its active rule set version, its active model version), so a report shows one change at a time.
 *
 * <p>Each logged authorization of {@code [from, to)} is replayed in time order through a fresh
 * feature engine of the live catalog, warmed up with the decisions of the longest feature window
 * before {@code from}: its features are computed from the state before it, as the host computed
 * them, then it is recorded with its logged outcome (approved or not, wrong security code). The
 * facts the host supplies (lists, CVC2, 3-D Secure, card status) come from the log as far as it
 * keeps them ({@link LoggedFacts} lists what it does not). The candidate and the baseline decide on
 * the same vector; the host's own declines (card status, CVC2, block lists, card testing, limit)
 * stay declines for both, and a challenge on a payment already authenticated by 3-D Secure does not
 * stop it, as in the host.
 *
 * <p>Activation is gated here: {@link #activate} enforces a rule set version only when a backtest
 * of it over a period ending at or after its saving is stored.
 */
public final class Backtests {
    /** How many changed decision ids a report keeps. */
    public static final int SAMPLE_SIZE = 50;

    /**
     * @param maxPeriod the longest period one backtest may cover
     * @param maxDecisions the most logged decisions one backtest may read, warm-up included
     */
    public record Limits(Duration maxPeriod, long maxDecisions) {
        public static final Limits DEFAULT = new Limits(Duration.ofDays(92), 500_000);
    }

    /**
     * @param baselineVersion the version to compare against; null for each decision's own active version, as logged
     * @param to clamped to now: the log has nothing later
     * @param by who runs it (recorded)
     */
    public record Request(TenantId tenant, CandidateSpec candidate, Integer baselineVersion, Instant from, Instant to, String by) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DecisionStore decisions;
    private final BacktestStore store;
    private final RiskRules rules;
    private final RiskModels models;
    private final TenantPolicies policies;
    private final StandardFeatureCatalog catalog;
    private final FeatureSettings settings;
    private final Duration warmUp;
    private final Clock clock;
    private final Limits limits;

    /** @param warmUp the longest feature window: how much log before {@code from} is replayed first */
    public Backtests(DecisionStore decisions, BacktestStore store, RiskRules rules, RiskModels models, TenantPolicies policies,
                     StandardFeatureCatalog catalog, FeatureSettings settings, Duration warmUp, Clock clock, Limits limits) {
        this.decisions = decisions;
        this.store = store;
        this.rules = rules;
        this.models = models;
        this.policies = policies;
        this.catalog = catalog;
        this.settings = settings;
        this.warmUp = warmUp;
        this.clock = clock;
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Runs a backtest and stores its report.
     *
     * @param labels the fraud labels to judge by (as known now); null when the platform has none: every payment counts as good
     * @throws BacktestException naming the request field and the rule it broke
     * @throws RuleErrors when unsaved candidate text does not compile (nothing is stored)
     */
    public BacktestReport run(Request request, LabelView labels) throws RuleErrors {
        Instant now = clock.instant();
        TenantId tenant = request.tenant();
        Instant from = required(request.from(), "from");
        Instant to = required(request.to(), "to");
        if (to.isAfter(now)) {
            to = now;
        }
        if (!from.isBefore(to)) {
            throw new BacktestException("from", "before-to", "from must be before to (and before now)");
        }
        if (Duration.between(from, to).compareTo(limits.maxPeriod()) > 0) {
            throw new BacktestException("to", "max-period", "a backtest covers at most " + limits.maxPeriod().toDays() + " days");
        }
        if (request.candidate() == null) {
            throw new BacktestException("candidate", "required", "candidate is required: a ruleVersion, a ruleSource or a modelVersion");
        }
        BacktestCandidate candidate = candidate(tenant, request.candidate());
        BacktestCandidate fixedBaseline = null;
        if (request.baselineVersion() != null) {
            fixedBaseline = saved(tenant, request.baselineVersion(), "baselineVersion");
        }
        Instant warmFrom = from.minus(warmUp);
        long scanned = decisions.count(tenant, warmFrom, to);
        if (scanned > limits.maxDecisions()) {
            throw new BacktestException("from", "max-decisions", "the period and its " + warmUp.toDays()
                    + "-day warm-up hold " + scanned + " decisions; a backtest reads at most " + limits.maxDecisions()
                    + ": choose a shorter period");
        }

        Map<UUID, Boolean> known = labels == null ? Map.of() : labels.known(tenant, from, to, now);
        String currency = decisions.mainCurrency(tenant, from, to).orElse(null);
        boolean candidateIsModel = request.candidate() instanceof CandidateSpec.ModelVersion;
        Replay replay = new Replay(candidate, candidateIsModel, fixedBaseline, known, currency, policies.policy(tenant).issuerCountry(),
                tenant);
        decisions.replay(tenant, warmFrom, from, replay::warm);
        decisions.replay(tenant, from, to, replay::decide);

        CandidateSpec spec = request.candidate();
        BacktestReport.Candidate described;
        if (spec instanceof CandidateSpec.RuleVersion v) {
            described = new BacktestReport.Candidate(spec.kind(), v.version(), null, null);
        } else if (spec instanceof CandidateSpec.ModelVersion m) {
            described = new BacktestReport.Candidate(spec.kind(), null, null, m.version());
        } else {
            described = new BacktestReport.Candidate(spec.kind(), null, ((CandidateSpec.RuleSource) spec).source(), null);
        }
        List<String> warnings = warnings(candidate);
        BacktestReport report = replay.report(UUID.randomUUID(), from, to, described, request.baselineVersion(), labels != null,
                warnings, request.by(), now);
        Integer storedVersion = described.modelVersion() != null ? described.modelVersion() : described.ruleVersion();
        store.insert(new BacktestStore.Row(report.id(), tenant, from, to, spec.kind(), storedVersion, described.ruleSource(),
                request.baselineVersion(), report.decisions(), write(report), request.by(), now));
        return report;
    }

    public Optional<BacktestReport> get(TenantId tenant, UUID id) {
        return store.byId(tenant, id).map(r -> read(r.report()));
    }

    /** Newest first. */
    public List<BacktestReport> list(TenantId tenant, int limit) {
        return store.list(tenant, limit).stream().map(r -> read(r.report())).toList();
    }

    /**
     * The backtest that lets {@code version} be activated: the newest one of that saved version
     * over a period ending at or after the version's saving (so it ran on the text as saved and
     * on traffic at least up to then). Empty when there is none or no such version.
     */
    public Optional<BacktestReport> activationBacktest(TenantId tenant, int version) {
        return rules.version(tenant, version)
                .flatMap(v -> store.latestOfVersion(tenant, version, v.createdAt()))
                .map(r -> read(r.report()));
    }

    /**
     * Activates a rule set version once it has been backtested.
     *
     * @return false when there is no such version
     * @throws BacktestRequiredException when no {@link #activationBacktest} exists
     * @throws RuleErrors when it no longer compiles
     */
    public boolean activate(TenantId tenant, int version, String by) throws RuleErrors {
        if (rules.version(tenant, version).isEmpty()) {
            return false;
        }
        if (activationBacktest(tenant, version).isEmpty()) {
            throw new BacktestRequiredException(version);
        }
        return rules.activate(tenant, version, by);
    }

    private BacktestCandidate candidate(TenantId tenant, CandidateSpec spec) throws RuleErrors {
        if (spec instanceof CandidateSpec.RuleVersion v) {
            return saved(tenant, v.version(), "candidate.ruleVersion");
        }
        if (spec instanceof CandidateSpec.ModelVersion m) {
            return model(tenant, m.version()).orElseThrow(() -> new BacktestException("candidate.modelVersion", "exists",
                    "no fraud model version " + m.version() + " that this instance can load"));
        }
        CandidateSpec.RuleSource s = (CandidateSpec.RuleSource) spec;
        if (s.source() == null || s.source().isBlank()) {
            throw new BacktestException("candidate.ruleSource", "required", "candidate.ruleSource is empty");
        }
        return new RuleSetCandidate(rules.validate(s.source()), 0);
    }

    private RuleSetCandidate saved(TenantId tenant, int version, String field) throws RuleErrors {
        RiskRules.Version v = rules.version(tenant, version)
                .orElseThrow(() -> new BacktestException(field, "exists", "no rule set version " + version));
        return new RuleSetCandidate(rules.validate(v.source()), version);
    }

    /** A registered model version, loaded as the host loads it; empty when there is none or it no longer loads. */
    private Optional<ModelCandidate> model(TenantId tenant, int version) {
        Optional<FraudModel> model = models.version(tenant, version);
        Optional<byte[]> json = models.modelJson(tenant, version);
        if (model.isEmpty() || json.isEmpty()) {
            return Optional.empty();
        }
        try {
            GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(json.get());
            return Optional.of(new ModelCandidate(model.get(), trees, ModelInputs.resolve(catalog, trees.featureNames()),
                    catalog.fact("score")));
        } catch (InvalidModelException e) {
            return Optional.empty();
        }
    }

    private static Instant required(Instant value, String field) {
        if (value == null) {
            throw new BacktestException(field, "required", field + " is required (an ISO-8601 instant)");
        }
        return value;
    }

    private static List<String> warnings(BacktestCandidate candidate) {
        List<String> warnings = new ArrayList<>();
        if (candidate instanceof ModelCandidate m && !m.acts()) {
            warnings.add("model version " + m.model().version() + " has no thresholds: it only feeds score to the rules");
        }
        List<String> reads = candidate.reads();
        for (String fact : LoggedFacts.UNKNOWABLE) {
            if (reads.stream().anyMatch(text -> text.contains(fact))) {
                warnings.add(LoggedFacts.warning(fact));
            }
        }
        return warnings;
    }

    private static String write(BacktestReport report) {
        return JSON.writeValueAsString(report);
    }

    private static BacktestReport read(String json) {
        return JSON.readValue(json, BacktestReport.class);
    }

    /** One backtest's replay state and tallies; used from one thread. */
    private final class Replay {
        private final FeatureEngine engine = new FeatureEngine(catalog, settings);
        private final FeatureInput in = new FeatureInput();
        private final FeatureVector vector = new FeatureVector(catalog);
        private final LoggedFacts facts = new LoggedFacts(catalog);
        private final List<FiredRule> candidateFired = new ArrayList<>();
        private final List<FiredRule> baselineFired = new ArrayList<>();
        private final List<FiredRule> modelFired = new ArrayList<>();
        private final Map<Integer, BacktestCandidate> loggedVersions = new HashMap<>();
        private final Map<Integer, Optional<ModelCandidate>> loggedModels = new HashMap<>();
        private final BacktestCandidate candidate;
        private final boolean candidateIsModel;
        private final BacktestCandidate fixedBaseline;
        private final Map<UUID, Boolean> labels;
        private final String currency;
        private final String issuerCountry;
        private final TenantId tenant;
        private final Tally proposed = new Tally();
        private final Tally base = new Tally();
        private final Firings candidateRules = new Firings();
        private final Firings baselineRules = new Firings();
        private final List<UUID> sample = new ArrayList<>();
        private long decisionCount;
        private long otherCurrency;
        private long hostDeclined;
        private long fraud;
        private long fraudAmount;
        private long changed;
        private long mismatches;
        private long newlyCaught;
        private long newlyCaughtAmount;
        private long newFalsePositives;
        private long newFalsePositivesAmount;
        private long releasedFraud;
        private long releasedFraudAmount;
        private long releasedGood;
        private long releasedGoodAmount;

        Replay(BacktestCandidate candidate, boolean candidateIsModel, BacktestCandidate fixedBaseline, Map<UUID, Boolean> labels,
               String currency, String issuerCountry, TenantId tenant) {
            this.candidate = candidate;
            this.candidateIsModel = candidateIsModel;
            this.fixedBaseline = fixedBaseline;
            this.labels = labels;
            this.currency = currency;
            this.issuerCountry = issuerCountry;
            this.tenant = tenant;
        }

        /** Before the period: only teaches the engine. */
        void warm(LoggedDecision d) {
            if (feeds(d)) {
                engine.record(LoggedFeatureInput.fill(in, d));
            }
        }

        void decide(LoggedDecision d) {
            LoggedFeatureInput.fill(in, d);
            vector.clear();
            engine.compute(in, vector);
            facts.fill(vector, d, issuerCountry);
            candidateFired.clear();
            baselineFired.clear();
            // As in the host: the model scores first (rules may read its score), then the rules.
            // The baseline's model is the one the decision was logged with (none when the host fell back).
            ModelCandidate loggedModel = d.modelVersion() == null || d.fallback() != null ? null : loggedModel(d.modelVersion());
            Action baseModel = loggedModel == null ? Action.APPROVE : loggedModel.decide(vector, modelFired);
            BacktestCandidate baseRules = fixedBaseline != null ? fixedBaseline : logged(d.ruleVersion());
            Action baseRule = baseRules == null ? Action.APPROVE : baseRules.decide(vector, baselineFired);
            Action proposedModel;
            Action proposedRule;
            if (candidateIsModel) {
                proposedModel = candidate.decide(vector, modelFired); // its score replaces the logged model's
                proposedRule = baseRules == null ? Action.APPROVE : baseRules.decide(vector, candidateFired);
            } else {
                proposedModel = baseModel;
                proposedRule = candidate.decide(vector, candidateFired);
            }
            if (feeds(d)) {
                engine.record(in);
            }

            HostReasons.HostDecline host = HostReasons.of(d);
            Action p = effective(combine(proposedRule, proposedModel, d), host, d);
            Action b = effective(combine(baseRule, baseModel, d), host, d);
            boolean isFraud = Boolean.TRUE.equals(labels.get(d.id()));
            long amount = currency != null && currency.equals(d.currency()) ? d.amountMinor() : 0;
            decisionCount++;
            if (amount == 0 && !d.currency().equals(currency)) {
                otherCurrency++;
            }
            if (host == HostReasons.HostDecline.ALWAYS) {
                hostDeclined++;
            }
            if (isFraud) {
                fraud++;
                fraudAmount += amount;
            }
            proposed.add(p, isFraud, amount);
            base.add(b, isFraud, amount);
            candidateRules.add(candidateFired, isFraud);
            baselineRules.add(baselineFired, isFraud);
            if (fixedBaseline == null && d.fallback() == null && b != d.action()) {
                mismatches++;
            }
            if (p != b) {
                changed++;
                if (sample.size() < SAMPLE_SIZE) {
                    sample.add(d.id());
                }
            }
            boolean pStops = stops(p);
            boolean bStops = stops(b);
            if (pStops && !bStops) {
                if (isFraud) {
                    newlyCaught++;
                    newlyCaughtAmount += amount;
                } else {
                    newFalsePositives++;
                    newFalsePositivesAmount += amount;
                }
            } else if (bStops && !pStops) {
                if (isFraud) {
                    releasedFraud++;
                    releasedFraudAmount += amount;
                } else {
                    releasedGood++;
                    releasedGoodAmount += amount;
                }
            }
        }

        private ModelCandidate loggedModel(int version) {
            return loggedModels.computeIfAbsent(version, v -> model(tenant, v)).orElse(null);
        }

        private BacktestCandidate logged(Integer version) {
            if (version == null) {
                return null;
            }
            return loggedVersions.computeIfAbsent(version, v -> {
                try {
                    return saved(tenant, v, "baselineVersion");
                } catch (RuleErrors | BacktestException e) {
                    // Gone, or no longer compiles against the catalog: the live host would not evaluate it either.
                    return null;
                }
            });
        }

        BacktestReport report(UUID id, Instant from, Instant to, BacktestReport.Candidate described, Integer baselineVersion,
                              boolean labelled, List<String> warnings, String by, Instant at) {
            return new BacktestReport(id, from, to, described, baselineVersion, currency, decisionCount, otherCurrency, hostDeclined,
                    fraud, fraudAmount, labelled, base.side(), proposed.side(),
                    new BacktestReport.Changes(newlyCaught, newlyCaughtAmount, newFalsePositives, newFalsePositivesAmount,
                            releasedFraud, releasedFraudAmount, releasedGood, releasedGoodAmount),
                    candidateRules.rows(), baselineRules.rows(), changed, sample, fixedBaseline == null ? mismatches : 0, warnings, by,
                    at);
        }
    }

    /**
     * The live host does not teach the features a message whose trace numbers were reused for
     * another card or amount (answered 94 before any check).
     */
    private static boolean feeds(LoggedDecision d) {
        return LoggedFeatureInput.feedsFeatures(d) && !d.reasons().startsWith("duplicate-trace-mismatch");
    }

    /**
     * What the rules and the model ask for together, as the host applies them: each one's challenge
     * on a payment already authenticated by 3-D Secure is void; the model only ever adds friction.
     */
    static Action combine(Action rule, Action model, LoggedDecision d) {
        Action r = stepUpDone(rule, d);
        Action m = stepUpDone(model, d);
        return m.ordinal() > r.ordinal() ? m : r;
    }

    private static Action stepUpDone(Action asked, LoggedDecision d) {
        return asked == Action.CHALLENGE && LoggedFacts.threeDsAuthenticated(d) ? Action.APPROVE : asked;
    }

    /** The action the payment would have got: the host's step-up and hard checks applied to what the rules asked. */
    static Action effective(Action asked, HostReasons.HostDecline host, LoggedDecision d) {
        Action a = asked == Action.CHALLENGE && LoggedFacts.threeDsAuthenticated(d) ? Action.APPROVE : asked;
        return switch (host) {
            case NONE -> a;
            case ALWAYS -> Action.DECLINE;
            case IF_APPROVED -> a == Action.CHALLENGE ? Action.CHALLENGE : Action.DECLINE;
        };
    }

    static boolean stops(Action action) {
        return action == Action.DECLINE || action == Action.CHALLENGE;
    }

    /** One side's counts. */
    private static final class Tally {
        long declined;
        long challenged;
        long stoppedAmount;
        long fraudCaught;
        long fraudCaughtAmount;
        long fraudMissed;
        long fraudMissedAmount;
        long goodStopped;
        long goodStoppedAmount;

        void add(Action action, boolean fraud, long amount) {
            boolean stopped = stops(action);
            if (action == Action.DECLINE) {
                declined++;
            } else if (action == Action.CHALLENGE) {
                challenged++;
            }
            if (stopped) {
                stoppedAmount += amount;
            }
            if (fraud && stopped) {
                fraudCaught++;
                fraudCaughtAmount += amount;
            } else if (fraud) {
                fraudMissed++;
                fraudMissedAmount += amount;
            } else if (stopped) {
                goodStopped++;
                goodStoppedAmount += amount;
            }
        }

        BacktestReport.Side side() {
            return new BacktestReport.Side(declined, challenged, stoppedAmount, fraudCaught, fraudCaughtAmount, fraudMissed,
                    fraudMissedAmount, goodStopped, goodStoppedAmount);
        }
    }

    /** Per-rule firing counts, in first-fired order. */
    private static final class Firings {
        private final Map<String, long[]> counts = new java.util.LinkedHashMap<>();
        private final Map<String, FiredRule> first = new HashMap<>();

        void add(List<FiredRule> fired, boolean fraud) {
            for (FiredRule rule : fired) {
                String key = rule.action().id() + ":" + (rule.shadow() ? "s:" : "e:") + rule.name();
                first.putIfAbsent(key, rule);
                long[] c = counts.computeIfAbsent(key, k -> new long[2]);
                c[0]++;
                if (fraud) {
                    c[1]++;
                }
            }
        }

        List<BacktestReport.RuleFiring> rows() {
            List<BacktestReport.RuleFiring> rows = new ArrayList<>();
            counts.forEach((key, c) -> {
                FiredRule rule = first.get(key);
                rows.add(new BacktestReport.RuleFiring(rule.name(), rule.action(), rule.shadow(), c[0], c[1]));
            });
            return rows;
        }
    }
}
