package dev.mamori.server.console;

import dev.mamori.risk.DriftReport;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.ReasonTexts;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.DriftMonitor;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The model lab's drift tab: the latest (or a chosen) drift report of the active model with the
 * score's index and the inputs that moved most, each with its meaning; the history of reports; and
 * "check now" for analysts and admins (audited as the API's {@code drift.checked}).
 */
@Controller
class DriftConsoleController {
    static final String DRIFT = ModelLabConsoleController.LAB + "/drift";
    /** How many inputs the page lists (worst first); the API has them all. */
    static final int SHOWN_FEATURES = 15;

    private final RiskModule risk;
    private final DriftMonitor monitor;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;

    DriftConsoleController(RiskModule risk, DriftMonitor monitor, RiskConsoleSupport support, RequestAudit audit) {
        this.risk = risk;
        this.monitor = monitor;
        this.support = support;
        this.audit = audit;
    }

    record FeatureRow(String name, String description, String psi, long rows, String level) {
    }

    record ReportRow(String id, int version, String period, String createdAt, String createdBy, String scorePsi, String scoreLevel,
                     long scoreRows, long decisions, String level) {
        static ReportRow of(DriftReport r) {
            return new ReportRow(r.id().toString(), r.modelVersion(), RiskConsoleSupport.time(r.periodFrom()) + " – "
                    + RiskConsoleSupport.time(r.periodTo()), RiskConsoleSupport.time(r.createdAt()), r.createdBy(), psi(r.scorePsi()),
                    DriftMonitor.scoreLevel(r), r.scoreRows(), r.decisions(), r.level());
        }
    }

    @GetMapping(DRIFT)
    String latest(Model model, HttpServletResponse response) {
        return page(null, model, response);
    }

    @GetMapping(DRIFT + "/{id}")
    String one(@PathVariable String id, Model model, HttpServletResponse response) {
        return page(id, model, response);
    }

    private String page(String id, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        List<DriftReport> history = risk.driftReports().recent(me.tenant(), 30);
        Optional<DriftReport> shown;
        if (id == null) {
            shown = history.stream().findFirst();
        } else {
            shown = RiskConsoleSupport.uuid(id).flatMap(u -> risk.driftReports().get(me.tenant(), u));
            if (shown.isEmpty()) {
                return RiskConsoleSupport.notFound(me, model, response);
            }
        }
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("me", me);
        model.addAttribute("tab", "drift");
        model.addAttribute("mayCheck", RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS));
        model.addAttribute("history", history.stream().map(ReportRow::of).toList());
        model.addAttribute("report", shown.map(ReportRow::of).orElse(null));
        List<DriftMonitor.FeatureResult> features = shown.map(DriftMonitor::features).orElse(List.of());
        model.addAttribute("featureCount", features.size());
        model.addAttribute("features", features.stream().limit(SHOWN_FEATURES)
                .map(f -> new FeatureRow(f.name(), ReasonTexts.describe(f.name(), locale), psi(f.psi()), f.rows(), f.level())).toList());
        return "console/lab-drift";
    }

    @PostMapping(DRIFT + "/check")
    String check(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            DriftReport report = monitor.check(me.tenant(), null, null, me.subject());
            audit.success("drift.checked", "drift:" + report.id(), "model " + report.modelVersion() + ": " + report.level());
            redirect.addFlashAttribute("notice", support.message("lab.drift.checked", report.modelVersion(),
                    support.message("lab.drift.level." + report.level())));
            return "redirect:" + DRIFT + "/" + report.id();
        } catch (DriftMonitor.NotCheckableException e) {
            redirect.addFlashAttribute("error", support.message("lab.drift.error.notCheckable", e.getMessage()));
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", support.message("lab.drift.error.failed", e.getMessage()));
        }
        return "redirect:" + DRIFT;
    }

    static String psi(Double psi) {
        return psi == null ? "—" : String.format(Locale.ROOT, "%.3f", psi);
    }
}
