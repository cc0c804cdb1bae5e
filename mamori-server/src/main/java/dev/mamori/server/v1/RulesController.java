package dev.mamori.server.v1;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.RiskRules;
import dev.mamori.risk.backtest.BacktestRequiredException;
import dev.mamori.risk.rules.RuleError;
import dev.mamori.risk.rules.RuleErrors;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuer rules: validate, save a version, activate it or run it in shadow. A rule set that does
 * not compile is refused with one violation per error, each naming line and column.
 */
@RestController
@RequestMapping("/v1/rules")
@Tag(name = "Issuer rules")
class RulesController {
    private final RiskModule risk;
    private final RequestAudit audit;

    RulesController(RiskModule risk, RequestAudit audit) {
        this.risk = risk;
        this.audit = audit;
    }

    record RuleSetRequest(@NotNull @Size(max = 200_000) String source, @Size(max = 200) String note) {
    }

    record Validation(boolean valid, int rules, List<ErrorView> errors) {
    }

    record ErrorView(int line, int column, String code, String message) {
        static ErrorView of(RuleError e) {
            return new ErrorView(e.line(), e.column(), e.code().id(), e.toString());
        }
    }

    record Saved(int version, String status) {
    }

    @PostMapping("/validate")
    @Operation(summary = "Compile a rule set without saving it: every error with its line and column")
    Validation validate(@Valid @RequestBody RuleSetRequest body) {
        try {
            return new Validation(true, risk.rules().validate(body.source()).size(), List.of());
        } catch (RuleErrors e) {
            return new Validation(false, 0, e.errors().stream().map(ErrorView::of).toList());
        }
    }

    @Transactional
    @PostMapping
    @Operation(summary = "Save a new version (a draft); refused with 422 when it does not compile")
    ResponseEntity<Saved> save(@Valid @RequestBody RuleSetRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            int version = risk.rules().save(caller.tenant(), body.source(), body.note(), caller.subject());
            audit.success("rules.saved", "rules:" + version, body.note() == null ? "" : body.note());
            return ResponseEntity.status(HttpStatus.CREATED).body(new Saved(version, "draft"));
        } catch (RuleErrors e) {
            throw invalid(e);
        }
    }

    @GetMapping
    @Operation(summary = "Every version, newest first")
    List<RiskRules.Version> versions() {
        return risk.rules().versions(CurrentPrincipal.require().tenant());
    }

    @GetMapping("/{version}")
    @Operation(summary = "One version with its source")
    RiskRules.Version version(@PathVariable int version) {
        return risk.rules().version(CurrentPrincipal.require().tenant(), version).orElseThrow(() -> ApiProblem.notFound("rule set version"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{version}/activate")
    @Operation(summary = "Enforce a version once it has been backtested (409 backtest-required otherwise); the active one is retired")
    Saved activate(@PathVariable int version) {
        return promote(version, "active");
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{version}/shadow")
    @Operation(summary = "Run a version in shadow next to the active one: evaluated and logged, never enforced")
    Saved shadow(@PathVariable int version) {
        return promote(version, "shadow");
    }

    @Transactional
    @DeleteMapping("/shadow")
    @Operation(summary = "Stop the shadow run")
    ResponseEntity<Void> clearShadow() {
        risk.rules().clearShadow(CurrentPrincipal.require().tenant());
        audit.success("rules.shadow-stopped", "rules", "");
        return ResponseEntity.noContent().build();
    }

    private Saved promote(int version, String status) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            boolean done = "active".equals(status) ? risk.backtests().activate(caller.tenant(), version, caller.subject())
                    : risk.rules().shadow(caller.tenant(), version, caller.subject());
            if (!done) {
                throw ApiProblem.notFoundRecorded(audit, "rules." + status, "rules:" + version, "no such version", "rule set version");
            }
            audit.success("rules." + status, "rules:" + version, "");
            return new Saved(version, status);
        } catch (RuleErrors e) {
            throw invalid(e);
        } catch (BacktestRequiredException e) {
            audit.failure("rules." + status, "rules:" + version, "no backtest");
            throw backtestRequired(e);
        } catch (RiskRules.ActiveVersionException e) {
            audit.failure("rules." + status, "rules:" + version, "the active version cannot run in shadow");
            throw new ApiProblem(ProblemType.CONFLICT, e.getMessage());
        }
    }

    /** 409 naming the rule: activation waits for a backtest of the version (see docs/model.md, Backtests). */
    static ApiProblem backtestRequired(BacktestRequiredException e) {
        return new ApiProblem(ProblemType.BACKTEST_REQUIRED, e.getMessage(),
                List.of(new FieldViolation("version", "backtest-required", e.getMessage())));
    }

    private static ApiProblem invalid(RuleErrors e) {
        List<FieldViolation> violations = e.errors().stream()
                .map(error -> new FieldViolation("source", error.code().id(), error.toString())).toList();
        return new ApiProblem(ProblemType.VALIDATION, "The rule set does not compile: " + e.errors().get(0), violations);
    }
}
