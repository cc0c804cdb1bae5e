package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.Role;
import dev.mamori.lab.train.DecisionLogTraining;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.ModelLab;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model lab's models tab: versions with their status and measures, training a model from the
 * decision log and labels of a period (analysts and admins), and for one version its measures,
 * inputs and thresholds with promote (an admin who did not create it: four-eyes), shadow, stop
 * shadow and rollback. Every change is audited with the API's event types.
 */
@Controller
class ModelLabConsoleController {
    static final String LAB = "/console/risk/lab";
    static final String MODELS = LAB + "/models";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RiskModule risk;
    private final ModelLab lab;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final Clock clock;

    ModelLabConsoleController(RiskModule risk, ModelLab lab, RiskConsoleSupport support, RequestAudit audit, Clock clock) {
        this.risk = risk;
        this.lab = lab;
        this.support = support;
        this.audit = audit;
        this.clock = clock;
    }

    /** A version row: status, who and when, and the test period's measures. */
    record ModelRow(int version, String status, int trees, int features, String source, String createdBy, String createdAt,
                    String promotedBy, String promotedAt, String averagePrecision, String rocAuc, String recallAt1, String note) {
        static ModelRow of(FraudModel m) {
            JsonNode test = metrics(m).path("test");
            return new ModelRow(m.version(), m.status(), m.treeCount(), m.featureNames().size(), m.trainingSource(), m.createdBy(),
                    RiskConsoleSupport.time(m.createdAt()), m.promotedBy(), RiskConsoleSupport.time(m.promotedAt()),
                    number(test.path("averagePrecision")), number(test.path("rocAuc")), percent(test.path("recallAt1PercentFpr")),
                    m.note());
        }
    }

    /** One period's measures as the detail page shows them. */
    record MeasuresView(String period, long rows, long fraud, String averagePrecision, String rocAuc, String recallAt01,
                        String recallAt1, String amountAt1) {
        static Optional<MeasuresView> of(String period, JsonNode m) {
            if (!m.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new MeasuresView(period, m.path("rows").asLong(), m.path("fraud").asLong(),
                    number(m.path("averagePrecision")), number(m.path("rocAuc")), percent(m.path("recallAt01PercentFpr")),
                    percent(m.path("recallAt1PercentFpr")), percent(m.path("fraudAmountShareAt1PercentFpr"))));
        }
    }

    @GetMapping(LAB)
    String lab() {
        return "redirect:" + MODELS;
    }

    @GetMapping(MODELS)
    String models(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Instant now = clock.instant();
        model.addAttribute("defaultFrom", RiskConsoleSupport.LOCAL_INPUT.format(now.minus(Duration.ofDays(90)).atOffset(java.time.ZoneOffset.UTC)));
        model.addAttribute("defaultTo", RiskConsoleSupport.LOCAL_INPUT.format(now.atOffset(java.time.ZoneOffset.UTC)));
        return modelsPage(me, model);
    }

    private String modelsPage(MamoriPrincipal me, Model model) {
        model.addAttribute("me", me);
        model.addAttribute("tab", "models");
        model.addAttribute("mayTrain", RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS));
        model.addAttribute("models", risk.models().list(me.tenant()).stream().map(ModelRow::of).toList());
        return "console/lab-models";
    }

    @PostMapping(MODELS + "/train")
    String train(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                 @RequestParam(defaultValue = "200") int rounds, @RequestParam(defaultValue = "6") int depth,
                 @RequestParam(defaultValue = "false") boolean suggestedThresholds, @RequestParam(defaultValue = "") String note,
                 Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        model.addAttribute("defaultFrom", from);
        model.addAttribute("defaultTo", to);
        Optional<Instant> start = RiskConsoleSupport.utc(from);
        Optional<Instant> end = RiskConsoleSupport.utc(to);
        String error = null;
        if (start == null || start.isEmpty() || end == null || end.isEmpty()) {
            error = support.message("lab.models.error.period");
        } else if (!start.get().isBefore(end.get())) {
            error = support.message("lab.models.error.order");
        } else if (rounds < 1 || rounds > 2000 || depth < 1 || depth > 12) {
            error = support.message("lab.models.error.params");
        } else if (note.length() > 200) {
            error = support.message("lab.models.error.note");
        }
        if (error == null) {
            try {
                ModelLab.Trained trained = lab.train(me.tenant(), new ModelLab.TrainRequest(start.get(), end.get(), rounds, depth,
                        suggestedThresholds, null, null, null, note.isBlank() ? null : CardNumberDetector.mask(note.trim())), me.subject());
                audit.success("models.trained", "model:" + trained.version(), start.get() + "/" + end.get());
                redirect.addFlashAttribute("notice", support.message("lab.models.trained", trained.version()));
                return "redirect:" + MODELS + "/" + trained.version();
            } catch (DecisionLogTraining.TooManyDecisionsException e) {
                error = support.message("lab.models.error.tooMany", ModelLab.MAX_DECISIONS);
            } catch (IllegalArgumentException e) { // includes InvalidModelException (thresholds)
                audit.failure("models.trained", "models", e.getMessage());
                error = support.message("lab.models.error.untrainable", e.getMessage());
            }
        }
        response.setStatus(422);
        model.addAttribute("error", error);
        return modelsPage(me, model);
    }

    @GetMapping(MODELS + "/{version}")
    String model(@PathVariable int version, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<FraudModel> found = risk.models().version(me.tenant(), version);
        if (found.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        FraudModel m = found.get();
        JsonNode metrics = metrics(m);
        model.addAttribute("me", me);
        model.addAttribute("tab", "models");
        model.addAttribute("m", ModelRow.of(m));
        model.addAttribute("model", m);
        model.addAttribute("measures", java.util.stream.Stream.of(MeasuresView.of(support.message("lab.models.validation"),
                metrics.path("validation")), MeasuresView.of(support.message("lab.models.test"), metrics.path("test")))
                .flatMap(Optional::stream).toList());
        model.addAttribute("fraudKnownOnlyLater", metrics.path("fraudKnownOnlyLater").asLong(0));
        model.addAttribute("features", m.featureNames().stream().map(f -> new FeatureRow(f,
                dev.mamori.risk.model.ReasonTexts.describe(f, org.springframework.context.i18n.LocaleContextHolder.getLocale()))).toList());
        boolean admin = me.has(Role.ADMIN);
        boolean editor = RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS);
        model.addAttribute("mayPromote", admin && !FraudModel.ACTIVE.equals(m.status()) && !m.createdBy().equals(me.subject()));
        model.addAttribute("needsSecondPerson", admin && !FraudModel.ACTIVE.equals(m.status()) && m.createdBy().equals(me.subject()));
        model.addAttribute("mayShadow", editor && !FraudModel.ACTIVE.equals(m.status()) && !FraudModel.SHADOW.equals(m.status()));
        model.addAttribute("mayStopShadow", editor && FraudModel.SHADOW.equals(m.status()));
        model.addAttribute("mayRollback", admin && FraudModel.ACTIVE.equals(m.status()));
        return "console/lab-model";
    }

    record FeatureRow(String name, String description) {
    }

    @PostMapping(MODELS + "/{version}/promote")
    String promote(@PathVariable int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            if (risk.models().promote(me.tenant(), version, me.subject()).isEmpty()) {
                audit.failure("models.promoted", "model:" + version, "no such version");
                return RiskConsoleSupport.notFound(me, model, response);
            }
            audit.success("models.promoted", "model:" + version, "");
            redirect.addFlashAttribute("notice", support.message("lab.models.promoted", version));
        } catch (RiskModels.FourEyesException e) {
            audit.failure("models.promoted", "model:" + version, "four-eyes: the creator cannot promote");
            redirect.addFlashAttribute("error", support.message("lab.models.error.fourEyes"));
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.promoted", "model:" + version, e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + MODELS + "/" + version;
    }

    @PostMapping(MODELS + "/{version}/shadow")
    String shadow(@PathVariable int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            if (!risk.models().shadow(me.tenant(), version)) {
                return RiskConsoleSupport.notFound(me, model, response);
            }
            audit.success("models.shadow", "model:" + version, "");
            redirect.addFlashAttribute("notice", support.message("lab.models.shadowing", version));
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.shadow", "model:" + version, e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + MODELS + "/" + version;
    }

    @PostMapping(MODELS + "/shadow/stop")
    String stopShadow(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        risk.models().clearShadow(me.tenant());
        audit.success("models.shadow-stopped", "models", "");
        redirect.addFlashAttribute("notice", support.message("lab.models.shadowStopped"));
        return "redirect:" + MODELS;
    }

    @PostMapping(MODELS + "/active/rollback")
    String rollback(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            Optional<Integer> now = risk.models().rollback(me.tenant(), me.subject());
            audit.success("models.rolled-back", "models", now.map(v -> "version " + v + " active").orElse("no model active"));
            redirect.addFlashAttribute("notice", now.map(v -> support.message("lab.models.rolledBack", v))
                    .orElseGet(() -> support.message("lab.models.rolledBackNone")));
        } catch (RiskModels.ModelStateException e) {
            audit.failure("models.rolled-back", "models", e.getMessage());
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + MODELS;
    }

    static JsonNode metrics(FraudModel m) {
        try {
            return JSON.readTree(m.metrics());
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "—";
    }

    private static String percent(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.1f %%", 100 * n.asDouble()) : "—";
    }
}
