package dev.mamori.server.console;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.RiskRules;
import dev.mamori.risk.backtest.BacktestException;
import dev.mamori.risk.backtest.BacktestReport;
import dev.mamori.risk.backtest.Backtests;
import dev.mamori.risk.backtest.CandidateSpec;
import dev.mamori.risk.model.FraudModel;
import dev.mamori.risk.rules.RuleErrors;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The model lab's backtests tab: every backtest of the tenant (rules and models), a form to
 * backtest a rule set or model version over the last days, and one report in full: both sides'
 * stops, fraud caught and missed, what changed, rule firings and a sample of changed decisions.
 */
@Controller
class BacktestLabConsoleController {
    static final String BACKTESTS = "/console/risk/lab/backtests";
    static final List<Integer> DAYS = List.of(1, 7, 30, 90);

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final Clock clock;

    BacktestLabConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit, Clock clock) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
        this.clock = clock;
    }

    /** A report's row in the list and its header on the detail page. */
    record Row(String id, String candidate, String baseline, String from, String to, long decisions, long changed, long newlyCaught,
               String newlyCaughtAmount, long newFalsePositives, String newFalsePositivesAmount, String createdBy, String createdAt) {
        static Row of(BacktestReport r) {
            BacktestReport.Candidate c = r.candidate();
            String candidate = c.modelVersion() != null ? "model v" + c.modelVersion()
                    : c.ruleVersion() != null ? "rules v" + c.ruleVersion() : "rules (unsaved)";
            String cur = r.currency();
            return new Row(r.id().toString(), candidate, r.baselineVersion() == null ? null : "rules v" + r.baselineVersion(),
                    RiskConsoleSupport.time(r.from()), RiskConsoleSupport.time(r.to()), r.decisions(), r.changed(),
                    r.changes().newlyCaught(), RiskConsoleSupport.amount(r.changes().newlyCaughtAmount(), cur),
                    r.changes().newFalsePositives(), RiskConsoleSupport.amount(r.changes().newFalsePositivesAmount(), cur), r.createdBy(),
                    RiskConsoleSupport.time(r.createdAt()));
        }
    }

    /** One line of the side-by-side table: a measure for the baseline and the candidate. */
    record Line(String key, String baseline, String candidate) {
    }

    @GetMapping(BACKTESTS)
    String list(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        model.addAttribute("me", me);
        model.addAttribute("tab", "backtests");
        model.addAttribute("mayRun", RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS));
        model.addAttribute("rows", risk.backtests().list(me.tenant(), 50).stream().map(Row::of).toList());
        model.addAttribute("ruleVersions", risk.rules().versions(me.tenant()).stream().map(RiskRules.Version::version).toList());
        model.addAttribute("modelVersions", risk.models().list(me.tenant()).stream().map(FraudModel::version).toList());
        model.addAttribute("days", DAYS);
        return "console/lab-backtests";
    }

    /** Runs a backtest of {@code candidate} ({@code rules:N} or {@code model:N}) over the last {@code days} days. */
    @Transactional
    @PostMapping(BACKTESTS)
    String run(@RequestParam(defaultValue = "") String candidate, @RequestParam(defaultValue = "30") int days, Model model,
               HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<CandidateSpec> spec = parse(candidate);
        if (spec.isEmpty() || !DAYS.contains(days)) {
            redirect.addFlashAttribute("error", support.message("lab.backtest.lab.badRequest"));
            return "redirect:" + BACKTESTS;
        }
        Instant to = clock.instant();
        try {
            BacktestReport report = risk.backtests().run(new Backtests.Request(me.tenant(), spec.get(), null, to.minus(Duration.ofDays(days)),
                    to, me.subject()), risk.labels());
            audit.success("backtest.run", "backtest:" + report.id(), candidate + " over the last " + days + " days: "
                    + report.decisions() + " decisions, " + report.changed() + " changed");
            return "redirect:" + BACKTESTS + "/" + report.id();
        } catch (BacktestException e) {
            audit.failure("backtest.run", "backtests", e.field() + ":" + e.rule());
            redirect.addFlashAttribute("error", support.message("lab.backtest.error.limit", e.getMessage()));
        } catch (RuleErrors e) {
            audit.failure("backtest.run", "backtests", "does not compile: " + e.errors().get(0));
            redirect.addFlashAttribute("error", support.message("lab.backtest.error.limit", e.errors().get(0).toString()));
        }
        return "redirect:" + BACKTESTS;
    }

    @GetMapping(BACKTESTS + "/{id}")
    String report(@PathVariable String id, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<BacktestReport> found = RiskConsoleSupport.uuid(id).flatMap(u -> risk.backtests().get(me.tenant(), u));
        if (found.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        BacktestReport r = found.get();
        String c = r.currency();
        BacktestReport.Side b = r.baseline();
        BacktestReport.Side p = r.proposed();
        BacktestReport.Changes ch = r.changes();
        model.addAttribute("me", me);
        model.addAttribute("tab", "backtests");
        model.addAttribute("row", Row.of(r));
        model.addAttribute("report", r);
        model.addAttribute("sides", List.of(
                new Line("declined", Long.toString(b.declined()), Long.toString(p.declined())),
                new Line("challenged", Long.toString(b.challenged()), Long.toString(p.challenged())),
                new Line("stoppedAmount", RiskConsoleSupport.amount(b.stoppedAmount(), c), RiskConsoleSupport.amount(p.stoppedAmount(), c)),
                new Line("fraudCaught", b.fraudCaught() + " · " + RiskConsoleSupport.amount(b.fraudCaughtAmount(), c),
                        p.fraudCaught() + " · " + RiskConsoleSupport.amount(p.fraudCaughtAmount(), c)),
                new Line("fraudMissed", b.fraudMissed() + " · " + RiskConsoleSupport.amount(b.fraudMissedAmount(), c),
                        p.fraudMissed() + " · " + RiskConsoleSupport.amount(p.fraudMissedAmount(), c)),
                new Line("goodStopped", b.goodStopped() + " · " + RiskConsoleSupport.amount(b.goodStoppedAmount(), c),
                        p.goodStopped() + " · " + RiskConsoleSupport.amount(p.goodStoppedAmount(), c))));
        model.addAttribute("changes", List.of(
                new Line("newlyCaught", Long.toString(ch.newlyCaught()), RiskConsoleSupport.amount(ch.newlyCaughtAmount(), c)),
                new Line("newFalsePositives", Long.toString(ch.newFalsePositives()), RiskConsoleSupport.amount(ch.newFalsePositivesAmount(), c)),
                new Line("releasedFraud", Long.toString(ch.releasedFraud()), RiskConsoleSupport.amount(ch.releasedFraudAmount(), c)),
                new Line("releasedGood", Long.toString(ch.releasedGood()), RiskConsoleSupport.amount(ch.releasedGoodAmount(), c))));
        return "console/lab-backtest";
    }

    private static Optional<CandidateSpec> parse(String candidate) {
        int colon = candidate.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        int version;
        try {
            version = Integer.parseInt(candidate.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return switch (candidate.substring(0, colon)) {
            case "rules" -> Optional.of(new CandidateSpec.RuleVersion(version));
            case "model" -> Optional.of(new CandidateSpec.ModelVersion(version));
            default -> Optional.empty();
        };
    }
}
