package dev.mamori.server.console;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.RiskRules;
import dev.mamori.risk.ShadowReport;
import dev.mamori.risk.backtest.BacktestException;
import dev.mamori.risk.backtest.BacktestReport;
import dev.mamori.risk.backtest.BacktestRequiredException;
import dev.mamori.risk.backtest.Backtests;
import dev.mamori.risk.backtest.CandidateSpec;
import dev.mamori.risk.rules.RuleError;
import dev.mamori.risk.rules.RuleErrors;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The rules editor: versions (draft, active, shadow, retired; who and when), a text editor that
 * compiles on save and on demand (htmx) and shows each error with its line and column, saving as
 * a new version, activation (admins), shadow runs (analysts and admins), and the shadow results:
 * what the shadow version would have changed against what the live rules enforced; backtests of a
 * version over the last {@value #BACKTEST_DAYS} days, whose result stands next to Activate (offered
 * only once a backtest exists). Every change is audited with the API's event types
 * ({@code rules.saved}, {@code rules.active}, {@code rules.shadow}, {@code rules.shadow-stopped},
 * {@code backtest.run}).
 */
@Controller
class RiskRulesConsoleController {
    static final String RULES = "/console/risk/rules";
    static final int MAX_SOURCE = 200_000;
    static final int MAX_NOTE = 200;
    /** The console backtests a version over this many days, ending now (the API takes any period). */
    static final int BACKTEST_DAYS = 30;
    /** The periods the shadow results can cover, in hours. */
    static final List<Integer> PERIODS = List.of(1, 24, 168, 720);

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final Clock clock;

    RiskRulesConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit, Clock clock) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
        this.clock = clock;
    }

    /** A compiler error as the editor shows it: where, what kind (in the reader's language), and the compiler's sentence. */
    record ErrorView(int line, int column, String code, String kind, String message) {
    }

    /** A version row with times in UTC. */
    record VersionView(int version, String status, String note, String createdBy, String createdAt, String activatedBy,
                       String activatedAt) {
        static VersionView of(RiskRules.Version v) {
            return new VersionView(v.version(), v.status(), v.note(), v.createdBy(), RiskConsoleSupport.time(v.createdAt()),
                    v.activatedBy(), RiskConsoleSupport.time(v.activatedAt()));
        }
    }

    /**
     * A version's activation backtest as the versions table shows it next to Activate: what the
     * version would have caught and missed over its period, and the good payments it would newly stop.
     */
    record BacktestView(String id, int decisions, long caught, String caughtAmount, long missed, String missedAmount,
                        long newFalsePositives, String newFalsePositivesAmount, long released, String from, String to, int warnings) {
        static BacktestView of(BacktestReport r) {
            String c = r.currency();
            BacktestReport.Changes ch = r.changes();
            return new BacktestView(r.id().toString(), (int) r.decisions(), r.proposed().fraudCaught(),
                    RiskConsoleSupport.amount(r.proposed().fraudCaughtAmount(), c), r.proposed().fraudMissed(),
                    RiskConsoleSupport.amount(r.proposed().fraudMissedAmount(), c), ch.newFalsePositives(),
                    RiskConsoleSupport.amount(ch.newFalsePositivesAmount(), c), ch.releasedFraud() + ch.releasedGood(),
                    RiskConsoleSupport.time(r.from()), RiskConsoleSupport.time(r.to()), r.warnings().size());
        }
    }

    @GetMapping(RULES)
    String page(@RequestParam Optional<Integer> edit, @RequestParam Optional<Integer> report,
                @RequestParam(defaultValue = "24") int hours, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        List<RiskRules.Version> versions = risk.rules().versions(me.tenant());
        Optional<RiskRules.Version> shown = edit.flatMap(v -> versions.stream().filter(x -> x.version() == v).findFirst())
                .or(() -> versions.stream().filter(v -> RiskRules.ACTIVE.equals(v.status())).findFirst())
                .or(() -> versions.stream().findFirst());
        model.addAttribute("source", shown.map(RiskRules.Version::source).orElse(""));
        model.addAttribute("editing", shown.map(RiskRules.Version::version).orElse(null));
        return rulesPage(me, model, versions, report, hours);
    }

    /** htmx: compiles the text in the editor and swaps in the result next to it. Nothing is saved or recorded. */
    @PostMapping(RULES + "/validate")
    String validate(@RequestParam(defaultValue = "") String source, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        check(source, model);
        return "console/risk-rules :: check";
    }

    @Transactional
    @PostMapping(RULES)
    String save(@RequestParam(defaultValue = "") String source, @RequestParam(defaultValue = "") String note, Model model,
                HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        String cleanNote = note.trim();
        if (cleanNote.length() > MAX_NOTE) {
            return refused(me, model, response, source, cleanNote, support.message("risk.rules.error.note", MAX_NOTE));
        }
        if (!check(source, model)) {
            response.setStatus(422);
            model.addAttribute("source", source);
            model.addAttribute("note", cleanNote);
            return rulesPage(me, model, risk.rules().versions(me.tenant()), Optional.empty(), 24);
        }
        try {
            int version = risk.rules().save(me.tenant(), source, cleanNote.isEmpty() ? null : cleanNote, me.subject());
            audit.success("rules.saved", "rules:" + version, cleanNote);
            redirect.addFlashAttribute("notice", support.message("risk.rules.saved", version));
            return "redirect:" + RULES + "?edit=" + version;
        } catch (RuleErrors e) {
            // compiled a moment ago; only a catalog change in between gets here
            response.setStatus(422);
            model.addAttribute("errors", errors(e));
            model.addAttribute("source", source);
            return rulesPage(me, model, risk.rules().versions(me.tenant()), Optional.empty(), 24);
        }
    }

    @Transactional
    @PostMapping(RULES + "/{version}/activate")
    String activate(@PathVariable int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!me.has(dev.mamori.common.Role.ADMIN)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return promote(me, version, RiskRules.ACTIVE, model, response, redirect);
    }

    /** Backtests a saved version over the last {@link #BACKTEST_DAYS} days against the rules that were live; audited as the API does. */
    @Transactional
    @PostMapping(RULES + "/{version}/backtest")
    String backtest(@PathVariable int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        if (risk.rules().version(me.tenant(), version).isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        Instant to = clock.instant();
        try {
            BacktestReport report = risk.backtests().run(new Backtests.Request(me.tenant(), new CandidateSpec.RuleVersion(version), null,
                    to.minus(Duration.ofDays(BACKTEST_DAYS)), to, me.subject()), risk.labels());
            audit.success("backtest.run", "backtest:" + report.id(), "rules v" + version + " over the last " + BACKTEST_DAYS + " days: "
                    + report.decisions() + " decisions, " + report.changed() + " changed");
            redirect.addFlashAttribute("notice", support.message("lab.backtest.done", version, report.decisions(), report.changed()));
        } catch (BacktestException e) {
            audit.failure("backtest.run", "rules:" + version, e.field() + ":" + e.rule());
            redirect.addFlashAttribute("error", support.message("lab.backtest.error.limit", e.getMessage()));
        } catch (RuleErrors e) {
            audit.failure("backtest.run", "rules:" + version, "does not compile: " + e.errors().get(0));
            redirect.addFlashAttribute("error", support.message("risk.rules.error.noLongerCompiles", version));
        }
        return "redirect:" + RULES + "?edit=" + version;
    }

    @Transactional
    @PostMapping(RULES + "/{version}/shadow")
    String shadow(@PathVariable int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return promote(me, version, RiskRules.SHADOW, model, response, redirect);
    }

    @Transactional
    @PostMapping(RULES + "/shadow/stop")
    String stopShadow(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        risk.rules().clearShadow(me.tenant());
        audit.success("rules.shadow-stopped", "rules", "");
        redirect.addFlashAttribute("notice", support.message("risk.rules.shadowStopped"));
        return "redirect:" + RULES;
    }

    private String promote(MamoriPrincipal me, int version, String status, Model model, HttpServletResponse response,
                           RedirectAttributes redirect) {
        try {
            boolean done = RiskRules.ACTIVE.equals(status) ? risk.backtests().activate(me.tenant(), version, me.subject())
                    : risk.rules().shadow(me.tenant(), version, me.subject());
            if (!done) {
                audit.failure("rules." + status, "rules:" + version, "no such version");
                return RiskConsoleSupport.notFound(me, model, response);
            }
            audit.success("rules." + status, "rules:" + version, "");
            redirect.addFlashAttribute("notice", support.message("risk.rules." + status + ".done", version));
            return "redirect:" + RULES + "?edit=" + version;
        } catch (RuleErrors e) {
            audit.failure("rules." + status, "rules:" + version, "does not compile: " + e.errors().get(0));
            redirect.addFlashAttribute("error", support.message("risk.rules.error.noLongerCompiles", version));
            return "redirect:" + RULES + "?edit=" + version;
        } catch (BacktestRequiredException e) {
            audit.failure("rules." + status, "rules:" + version, "no backtest");
            redirect.addFlashAttribute("error", support.message("lab.backtest.required", version));
            return "redirect:" + RULES + "?edit=" + version;
        } catch (RiskRules.ActiveVersionException e) {
            audit.failure("rules." + status, "rules:" + version, "the active version cannot run in shadow");
            redirect.addFlashAttribute("error", support.message("risk.rules.error.activeInShadow", version));
            return "redirect:" + RULES + "?edit=" + version;
        }
    }

    private String refused(MamoriPrincipal me, Model model, HttpServletResponse response, String source, String note, String error) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("error", error);
        model.addAttribute("source", source);
        model.addAttribute("note", note);
        return rulesPage(me, model, risk.rules().versions(me.tenant()), Optional.empty(), 24);
    }

    /** Compiles into the model ({@code checked}, {@code valid}, {@code ruleCount}, {@code errors}); true when it compiles. */
    private boolean check(String source, Model model) {
        model.addAttribute("checked", true);
        if (source.length() > MAX_SOURCE) {
            model.addAttribute("valid", false);
            model.addAttribute("errors", List.of(new ErrorView(1, 1, "limit", support.message("risk.rules.code.limit"),
                    support.message("risk.rules.error.tooLong", MAX_SOURCE))));
            return false;
        }
        try {
            model.addAttribute("ruleCount", risk.rules().validate(source).size());
            model.addAttribute("valid", true);
            model.addAttribute("errors", List.of());
            return true;
        } catch (RuleErrors e) {
            model.addAttribute("valid", false);
            model.addAttribute("errors", errors(e));
            return false;
        }
    }

    private List<ErrorView> errors(RuleErrors e) {
        return e.errors().stream().map(this::error).toList();
    }

    private ErrorView error(RuleError e) {
        return new ErrorView(e.line(), e.column(), e.code().id(), support.message("risk.rules.code." + e.code().id()), e.message());
    }

    private String rulesPage(MamoriPrincipal me, Model model, List<RiskRules.Version> versions, Optional<Integer> report, int hours) {
        int period = PERIODS.contains(hours) ? hours : 24;
        Optional<RiskRules.Version> shadow = versions.stream().filter(v -> RiskRules.SHADOW.equals(v.status())).findFirst();
        // The results of the running shadow version, or of an earlier one the reader picked.
        Optional<Integer> reported = report.filter(v -> versions.stream().anyMatch(x -> x.version() == v))
                .or(() -> shadow.map(RiskRules.Version::version));
        model.addAttribute("me", me);
        model.addAttribute("versions", versions.stream().map(VersionView::of).toList());
        model.addAttribute("shadowVersion", shadow.map(RiskRules.Version::version).orElse(null));
        model.addAttribute("mayEdit", RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS));
        model.addAttribute("mayActivate", me.has(dev.mamori.common.Role.ADMIN));
        model.addAttribute("periods", PERIODS);
        model.addAttribute("hours", period);
        model.addAttribute("maxSource", MAX_SOURCE);
        model.addAttribute("maxNote", MAX_NOTE);
        // Each version that could be activated, with the backtest that lets it be (absent: Activate is not offered).
        Map<Integer, BacktestView> backtests = new HashMap<>();
        for (RiskRules.Version v : versions) {
            if (!RiskRules.ACTIVE.equals(v.status())) {
                risk.backtests().activationBacktest(me.tenant(), v.version()).ifPresent(r -> backtests.put(v.version(), BacktestView.of(r)));
            }
        }
        model.addAttribute("backtests", backtests);
        model.addAttribute("backtestDays", BACKTEST_DAYS);
        if (reported.isPresent()) {
            Instant to = clock.instant();
            ShadowReport result = risk.decisionLog().shadowReport(me.tenant(), reported.get(), to.minus(Duration.ofHours(period)), to);
            model.addAttribute("report", result);
        }
        return "console/risk-rules";
    }
}
