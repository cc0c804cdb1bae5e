package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.internal.FraudModelStore;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import dev.mamori.risk.model.ModelInputs;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuers' fraud models: registered as drafts (checked against the live feature catalog, so a model
 * that reads a feature this instance does not compute never loads), promoted only by a second person
 * (four-eyes: the promoter may not be who registered it), run in shadow next to the active one,
 * rolled back to the version before, or stopped by the circuit breaker.
 */
public final class RiskModels {
    private static final Logger log = LoggerFactory.getLogger(RiskModels.class);

    private final Jdbc jdbc;
    private final FraudModelStore store;
    private final StandardFeatureCatalog catalog;
    private final Clock clock;
    private final Map<TenantId, Live> live = new ConcurrentHashMap<>();

    RiskModels(Jdbc jdbc, FraudModelStore store, StandardFeatureCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * What is registered with a model.
     *
     * @param trainingSource where the data came from (decision log, a CSV's name)
     * @param metrics the training run's measures as JSON ({@code {}} when none)
     * @param baseline score and feature distributions on the training data as JSON ({@code {}} when none)
     */
    public record Registration(Instant trainedFrom, Instant trainedTo, String trainingSource, String metrics, String baseline,
                               Double declineThreshold, Double challengeThreshold, Double reviewThreshold, String note) {
    }

    /** Thrown when the person who registered a model tries to promote it: a second person must. */
    public static final class FourEyesException extends RuntimeException {
        FourEyesException(String by, int version) {
            super("version " + version + " was registered by " + by + "; another person must review and promote it (four-eyes)");
        }
    }

    /** Thrown when a status change does not apply to the version's current status. */
    public static final class ModelStateException extends RuntimeException {
        ModelStateException(String message) {
            super(message);
        }
    }

    /**
     * Registers a draft. @return the new version
     *
     * @throws InvalidModelException when the JSON is not a binary XGBoost model, names a feature this
     *     instance does not compute, or the thresholds are not scores in order (decline ≥ challenge ≥ review)
     */
    public int register(TenantId tenant, byte[] xgboostJson, Registration r, String by) {
        GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(xgboostJson);
        ModelInputs.resolve(catalog, trees.featureNames());
        checkThresholds(r.declineThreshold(), r.challengeThreshold(), r.reviewThreshold());
        FraudModel model = new FraudModel(tenant, 0, FraudModel.DRAFT, sha256(xgboostJson), trees.featureNames(), trees.treeCount(),
                r.trainedFrom(), r.trainedTo(), clip(r.trainingSource(), 200), r.metrics() == null ? "{}" : r.metrics(),
                r.baseline() == null ? "{}" : r.baseline(), r.declineThreshold(), r.challengeThreshold(), r.reviewThreshold(),
                clip(r.note(), 200), by, clock.instant(), null, null, null, null, null);
        // Two first registrations of a tenant at once both read "version 1": the loser takes the next number.
        for (int attempt = 1; ; attempt++) {
            try {
                return store.insert(model, xgboostJson);
            } catch (RuntimeException e) {
                if (attempt == 3 || !Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    private static void checkThresholds(Double decline, Double challenge, Double review) {
        for (Double t : new Double[] {decline, challenge, review}) {
            if (t != null && !(t >= 0 && t <= 1)) {
                throw new InvalidModelException("a threshold is a score from 0 to 1, not " + t);
            }
        }
        if ((decline != null && challenge != null && challenge > decline) || (decline != null && review != null && review > decline)
                || (challenge != null && review != null && review > challenge)) {
            throw new InvalidModelException("thresholds must be in order: decline ≥ challenge ≥ review");
        }
    }

    public List<FraudModel> list(TenantId tenant) {
        return store.list(tenant);
    }

    public Optional<FraudModel> version(TenantId tenant, int version) {
        return store.version(tenant, version);
    }

    public Optional<byte[]> modelJson(TenantId tenant, int version) {
        return store.modelJson(tenant, version);
    }

    /**
     * Makes a reviewed version the active one; the version active before is remembered for rollback.
     *
     * @return the promoted model, or empty when there is no such version
     * @throws FourEyesException when {@code by} registered it
     * @throws ModelStateException when it is already active
     */
    public Optional<FraudModel> promote(TenantId tenant, int version, String by) {
        Optional<FraudModel> result = jdbc.inTransaction(c -> {
            FraudModelStore.lock(c, tenant);
            Optional<FraudModel> model = FraudModelStore.version(c, tenant, version);
            if (model.isEmpty()) {
                return Optional.<FraudModel>empty();
            }
            if (model.get().createdBy().equals(by)) {
                throw new FourEyesException(by, version);
            }
            if (FraudModel.ACTIVE.equals(model.get().status())) {
                throw new ModelStateException("version " + version + " is already active");
            }
            checkScorable(model.get());
            Integer previous = FraudModelStore.withStatus(c, tenant, FraudModel.ACTIVE).map(FraudModel::version).orElse(null);
            FraudModelStore.setStatus(c, tenant, version, FraudModel.ACTIVE);
            FraudModelStore.recordPromotion(c, tenant, version, by, clock.instant(), previous);
            return FraudModelStore.version(c, tenant, version);
        });
        live.remove(tenant);
        return result;
    }

    /**
     * Scores a version next to the active one, logged in each decision, never acting. A shadow run
     * changes no decision, so it needs no second person.
     *
     * @return false when there is no such version
     * @throws ModelStateException when it is the active version
     */
    public boolean shadow(TenantId tenant, int version) {
        boolean done = jdbc.inTransaction(c -> {
            FraudModelStore.lock(c, tenant);
            Optional<FraudModel> model = FraudModelStore.version(c, tenant, version);
            if (model.isEmpty()) {
                return false;
            }
            if (FraudModel.ACTIVE.equals(model.get().status())) {
                throw new ModelStateException("version " + version + " is active; it cannot also run in shadow");
            }
            checkScorable(model.get());
            FraudModelStore.setStatus(c, tenant, version, FraudModel.SHADOW);
            return true;
        });
        live.remove(tenant);
        return done;
    }

    /**
     * A version promoted or shadowed on an instance that cannot score it (its catalog lacks one of
     * the model's features: another window configuration) would silently never be scored.
     */
    private void checkScorable(FraudModel model) {
        try {
            ModelInputs.resolve(catalog, model.featureNames());
        } catch (InvalidModelException e) {
            throw new ModelStateException("version " + model.version() + " cannot be scored by this instance: " + e.getMessage());
        }
    }

    /** Ends the shadow run. @return whether one was running */
    public boolean clearShadow(TenantId tenant) {
        boolean done = jdbc.inTransaction(c -> {
            Optional<FraudModel> shadow = FraudModelStore.withStatus(c, tenant, FraudModel.SHADOW);
            if (shadow.isPresent()) {
                FraudModelStore.setStatus(c, tenant, shadow.get().version(), FraudModel.RETIRED);
            }
            return shadow.isPresent();
        });
        live.remove(tenant);
        return done;
    }

    /**
     * Goes back to the version that was active before the current one (it was reviewed when it was
     * promoted). With none, the tenant is left without an active model.
     *
     * @return the version now active, or empty when none is
     * @throws ModelStateException when no model is active
     */
    public Optional<Integer> rollback(TenantId tenant, String by) {
        return fallBack(tenant, null, "rolled back by " + by);
    }

    /**
     * The circuit breaker: stops the active version (status {@code stopped}, with the reason) and
     * falls back to the version before it.
     *
     * @return the version now active, or empty when none is
     */
    public Optional<Integer> stop(TenantId tenant, int version, String reason) {
        return fallBack(tenant, version, reason);
    }

    private Optional<Integer> fallBack(TenantId tenant, Integer expected, String reason) {
        Optional<Integer> result = jdbc.inTransaction(c -> {
            FraudModelStore.lock(c, tenant);
            FraudModel active = FraudModelStore.withStatus(c, tenant, FraudModel.ACTIVE)
                    .orElseThrow(() -> new ModelStateException("no model is active"));
            if (expected != null && active.version() != expected) {
                throw new ModelStateException("version " + expected + " is no longer active");
            }
            if (expected != null) {
                FraudModelStore.recordStop(c, tenant, active.version(), reason, clock.instant());
            } else {
                FraudModelStore.setStatus(c, tenant, active.version(), FraudModel.RETIRED);
            }
            Integer previous = active.previousActive();
            Optional<FraudModel> back = previous == null ? Optional.empty() : FraudModelStore.version(c, tenant, previous);
            if (back.isEmpty() || FraudModel.STOPPED.equals(back.get().status())) {
                return Optional.<Integer>empty();
            }
            FraudModelStore.setStatus(c, tenant, previous, FraudModel.ACTIVE);
            return Optional.of(previous);
        });
        live.remove(tenant);
        log.warn("Fraud model of tenant {} fell back from the active version to {}: {}", tenant,
                result.map(String::valueOf).orElse("none"), reason);
        return result;
    }

    /** Picks up other instances' promotions (called periodically); steady traffic never reloads a model. */
    public void refresh() {
        Map<TenantId, String> stamps = store.liveStamps();
        live.entrySet().removeIf(e -> !e.getValue().stamp().equals(stamps.getOrDefault(e.getKey(), "")));
    }

    Live live(TenantId tenant) {
        return live.computeIfAbsent(tenant, this::load);
    }

    private Live load(TenantId tenant) {
        Loaded active = store.withStatus(tenant, FraudModel.ACTIVE).map(this::loadModel).orElse(null);
        Loaded shadow = store.withStatus(tenant, FraudModel.SHADOW).map(this::loadModel).orElse(null);
        // The same form as FraudModelStore.liveStamps(): statuses in alphabetical order.
        StringBuilder stamp = new StringBuilder();
        if (active != null) {
            stamp.append("active:").append(active.model().version());
        }
        if (shadow != null) {
            stamp.append(stamp.isEmpty() ? "" : ",").append("shadow:").append(shadow.model().version());
        }
        return new Live(active, shadow, stamp.toString());
    }

    private Loaded loadModel(FraudModel model) {
        try {
            byte[] json = store.modelJson(model.tenant(), model.version()).orElseThrow();
            GradientBoostedTrees trees = GradientBoostedTrees.fromXgboostJson(json);
            return new Loaded(model, trees, ModelInputs.resolve(catalog, trees.featureNames()));
        } catch (RuntimeException e) {
            // Registered models were checked; this means the catalog lost a feature since (a window
            // removed from the configuration). Deciding without the model beats failing every payment.
            log.error("Fraud model version {} of tenant {} cannot be loaded and is not scored", model.version(), model.tenant(), e);
            return null;
        }
    }

    /** A loaded version: its trees and where its inputs sit in the feature vector. */
    record Loaded(FraudModel model, GradientBoostedTrees trees, ModelInputs inputs) {
    }

    /** What a tenant's decisions score: the active model (acting) and the shadow one (logged only); either may be null. */
    record Live(Loaded active, Loaded shadow, String stamp) {
        static final Live NONE = new Live(null, null, "");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
