package dev.mamori.server.v1;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.lab.train.DecisionLogTraining;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.model.InvalidModelException;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.server.risk.ModelLab;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fraud models: train one from the decision log and labels, or register one trained elsewhere
 * (XGBoost JSON); read versions and their measures; promote (an admin other than who created it:
 * four-eyes), run in shadow, roll back. Every change is in the audit trail.
 */
@RestController
@RequestMapping("/v1/risk/models")
@Tag(name = "Fraud models")
class ModelsController {
    private final RiskModule risk;
    private final ModelLab lab;
    private final RequestAudit audit;

    ModelsController(RiskModule risk, ModelLab lab, RequestAudit audit) {
        this.risk = risk;
        this.lab = lab;
        this.audit = audit;
    }

    /** A version without its trees (download them from {@code /model}). */
    record ModelView(int version, String status, String sha256, int trees, List<String> features, Instant trainedFrom,
                     Instant trainedTo, String trainingSource, String metrics, Double declineThreshold, Double challengeThreshold,
                     Double reviewThreshold, String note, String createdBy, Instant createdAt, String promotedBy, Instant promotedAt,
                     Integer previousActive, String stoppedReason, Instant stoppedAt) {
        static ModelView of(FraudModel m) {
            return new ModelView(m.version(), m.status(), m.sha256(), m.treeCount(), m.featureNames(), m.trainedFrom(), m.trainedTo(),
                    m.trainingSource(), m.metrics(), m.declineThreshold(), m.challengeThreshold(), m.reviewThreshold(), m.note(),
                    m.createdBy(), m.createdAt(), m.promotedBy(), m.promotedAt(), m.previousActive(), m.stoppedReason(), m.stoppedAt());
        }
    }

    record TrainRequest(@NotNull Instant from, @NotNull Instant to, @Min(1) @Max(2000) Integer rounds, @Min(1) @Max(12) Integer depth,
                        Boolean suggestedThresholds, @DecimalMin("0") @DecimalMax("1") Double declineThreshold,
                        @DecimalMin("0") @DecimalMax("1") Double challengeThreshold, @DecimalMin("0") @DecimalMax("1") Double reviewThreshold,
                        @Size(max = 200) @NoCardNumber String note) {
    }

    record Status(int version, String status) {
    }

    @GetMapping
    @Operation(summary = "Every version, newest first")
    List<ModelView> list() {
        return risk.models().list(CurrentPrincipal.require().tenant()).stream().map(ModelView::of).toList();
    }

    @GetMapping("/{version}")
    @Operation(summary = "One version: its inputs, training period, measures, thresholds, who created and who promoted it")
    ModelView get(@PathVariable int version) {
        return ModelView.of(find(version));
    }

    @GetMapping(value = "/{version}/model", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The version's trees as XGBoost JSON (what the host scores)")
    byte[] model(@PathVariable int version) {
        return risk.models().modelJson(CurrentPrincipal.require().tenant(), version).orElseThrow(() -> ApiProblem.notFound("model version"));
    }

    @PostMapping("/train")
    @Operation(summary = "Train a model from the decision log and fraud labels of a period; registered as a draft")
    ResponseEntity<ModelView> train(@Valid @RequestBody TrainRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!body.from().isBefore(body.to())) {
            throw AuthorizationRequests.invalid("to", "after-from", "the period's end must be after its start");
        }
        ModelLab.TrainRequest request = new ModelLab.TrainRequest(body.from(), body.to(), body.rounds() == null ? 200 : body.rounds(),
                body.depth() == null ? 6 : body.depth(), Boolean.TRUE.equals(body.suggestedThresholds()), body.declineThreshold(),
                body.challengeThreshold(), body.reviewThreshold(), body.note());
        try {
            ModelLab.Trained trained = lab.train(caller.tenant(), request, caller.subject());
            audit.success("models.trained", "model:" + trained.version(), body.from() + "/" + body.to());
            return ResponseEntity.status(HttpStatus.CREATED).body(ModelView.of(find(trained.version())));
        } catch (DecisionLogTraining.TooManyDecisionsException e) {
            throw AuthorizationRequests.invalid("from", "max-decisions", e.getMessage());
        } catch (InvalidModelException e) {
            throw AuthorizationRequests.invalid("declineThreshold", "threshold-order", e.getMessage());
        } catch (IllegalArgumentException e) {
            audit.failure("models.trained", "models", e.getMessage());
            throw AuthorizationRequests.invalid("from", "trainable-period", e.getMessage());
        }
    }

    @Transactional
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a model trained elsewhere: the body is XGBoost JSON (binary:logistic, gbtree) whose feature "
            + "names are the catalog's (e.g. card.count(1h)); registered as a draft")
    ResponseEntity<ModelView> register(@RequestBody byte[] model,
                                       @RequestParam(required = false) Double declineThreshold,
                                       @RequestParam(required = false) Double challengeThreshold,
                                       @RequestParam(required = false) Double reviewThreshold,
                                       @RequestParam(required = false) String note) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (note != null && note.length() > 200) {
            throw AuthorizationRequests.invalid("note", "max-length", "a note is at most 200 characters");
        }
        if (note != null && CardNumberDetector.containsCardNumber(note)) {
            // Notes are stored and shown in clear.
            throw AuthorizationRequests.invalid("note", "no-card-number", "a note must not contain a card number");
        }
        try {
            int version = risk.models().register(caller.tenant(), model, new RiskModels.Registration(null, null, "upload", "{}", "{}",
                    declineThreshold, challengeThreshold, reviewThreshold, note), caller.subject());
            audit.success("models.registered", "model:" + version, note == null ? "" : note);
            return ResponseEntity.status(HttpStatus.CREATED).body(ModelView.of(find(version)));
        } catch (InvalidModelException e) {
            throw new ApiProblem(ProblemType.VALIDATION, "The model cannot be used: " + e.getMessage(),
                    List.of(new FieldViolation(e.getMessage().contains("threshold") ? "declineThreshold" : "model",
                            e.getMessage().contains("threshold") ? "threshold" : "xgboost-json", e.getMessage())));
        }
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{version}/promote")
    @Operation(summary = "Make a version the active one; only an admin who did not create it may (four-eyes)")
    Status promote(@PathVariable int version) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            risk.models().promote(caller.tenant(), version, caller.subject()).orElseThrow(() ->
                    ApiProblem.notFoundRecorded(audit, "models.promoted", "model:" + version, "no such version", "model version"));
            audit.success("models.promoted", "model:" + version, "");
            return new Status(version, FraudModel.ACTIVE);
        } catch (RiskModels.FourEyesException e) {
            audit.failure("models.promoted", "model:" + version, "four-eyes: the creator cannot promote");
            throw new ApiProblem(ProblemType.FOUR_EYES, e.getMessage(), List.of(new FieldViolation("version", "four-eyes", e.getMessage())));
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.promoted", "model:" + version, e.getMessage());
            throw new ApiProblem(ProblemType.MODEL_STATE, e.getMessage());
        }
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{version}/shadow")
    @Operation(summary = "Score a version next to the active one: logged in each decision, never acting")
    Status shadow(@PathVariable int version) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            if (!risk.models().shadow(caller.tenant(), version)) {
                throw ApiProblem.notFoundRecorded(audit, "models.shadow", "model:" + version, "no such version", "model version");
            }
            audit.success("models.shadow", "model:" + version, "");
            return new Status(version, FraudModel.SHADOW);
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.shadow", "model:" + version, e.getMessage());
            throw new ApiProblem(ProblemType.MODEL_STATE, e.getMessage());
        }
    }

    @Transactional
    @DeleteMapping("/shadow")
    @Operation(summary = "Stop the shadow run")
    ResponseEntity<Void> clearShadow() {
        risk.models().clearShadow(CurrentPrincipal.require().tenant());
        audit.success("models.shadow-stopped", "models", "");
        return ResponseEntity.noContent().build();
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/active/rollback")
    @Operation(summary = "Retire the active version and go back to the one active before it (none: no model acts)")
    Status rollback() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            Integer now = risk.models().rollback(caller.tenant(), caller.subject()).orElse(null);
            audit.success("models.rolled-back", "models", now == null ? "no model active" : "version " + now + " active");
            return new Status(now == null ? 0 : now, now == null ? "none" : FraudModel.ACTIVE);
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.rolled-back", "models", e.getMessage());
            throw new ApiProblem(ProblemType.MODEL_STATE, e.getMessage());
        }
    }

    private FraudModel find(int version) {
        return risk.models().version(CurrentPrincipal.require().tenant(), version).orElseThrow(() -> ApiProblem.notFound("model version"));
    }
}
