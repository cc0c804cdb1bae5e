package dev.mamori.server.v1;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.backtest.BacktestException;
import dev.mamori.risk.backtest.BacktestReport;
import dev.mamori.risk.backtest.Backtests;
import dev.mamori.risk.backtest.CandidateSpec;
import dev.mamori.risk.rules.RuleErrors;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backtests: a candidate rule set (a saved version or unsaved text) or fraud model version replayed
 * over a period of the tenant's decision log next to what was live, with what it would have changed. A
 * version is activated only after a backtest of it ({@code POST /v1/rules/{v}/activate}).
 */
@RestController
@RequestMapping("/v1/risk/backtests")
@Tag(name = "Backtests")
class BacktestsController {
    static final int DEFAULT_LIST = 50;
    static final int MAX_LIST = 200;

    private final RiskModule risk;
    private final RequestAudit audit;

    BacktestsController(RiskModule risk, RequestAudit audit) {
        this.risk = risk;
        this.audit = audit;
    }

    /** Exactly one of the three: a saved rule set version, unsaved rule text, or a registered model version. */
    record CandidateRequest(Integer ruleVersion, @Size(max = 200_000) String ruleSource, Integer modelVersion) {
    }

    /**
     * @param baselineVersion the version to compare against; absent: each decision's own live version, as logged
     * @param to clamped to now
     */
    record BacktestRequest(@Valid CandidateRequest candidate, Integer baselineVersion, Instant from, Instant to) {
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping
    @Operation(summary = "Replay a candidate rule set or model over [from, to) of the decision log against what was live; stored")
    ResponseEntity<BacktestReport> run(@Valid @RequestBody BacktestRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CandidateSpec spec = spec(body.candidate());
        try {
            BacktestReport report = risk.backtests().run(new Backtests.Request(caller.tenant(), spec, body.baselineVersion(),
                    body.from(), body.to(), caller.subject()), risk.labels());
            audit.success("backtest.run", "backtest:" + report.id(), describe(report));
            return ResponseEntity.status(HttpStatus.CREATED).body(report);
        } catch (BacktestException e) {
            audit.failure("backtest.run", "backtests", e.field() + ":" + e.rule());
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        } catch (RuleErrors e) {
            List<FieldViolation> violations = e.errors().stream()
                    .map(error -> new FieldViolation("candidate.ruleSource", error.code().id(), error.toString())).toList();
            throw new ApiProblem(ProblemType.VALIDATION, "The candidate rule set does not compile: " + e.errors().get(0), violations);
        }
    }

    @GetMapping
    @Operation(summary = "The tenant's backtests, newest first")
    List<BacktestReport> list(@RequestParam(required = false) Integer limit) {
        int n = limit == null ? DEFAULT_LIST : limit;
        if (n < 1 || n > MAX_LIST) {
            throw AuthorizationRequests.invalid("limit", "range", "limit must be between 1 and " + MAX_LIST);
        }
        return risk.backtests().list(CurrentPrincipal.require().tenant(), n);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One backtest's report")
    BacktestReport get(@PathVariable UUID id) {
        return risk.backtests().get(CurrentPrincipal.require().tenant(), id).orElseThrow(() -> ApiProblem.notFound("backtest"));
    }

    private static CandidateSpec spec(CandidateRequest candidate) {
        int given = candidate == null ? 0 : (candidate.ruleVersion() == null ? 0 : 1) + (candidate.ruleSource() == null ? 0 : 1)
                + (candidate.modelVersion() == null ? 0 : 1);
        if (given == 0) {
            throw AuthorizationRequests.invalid("candidate", "required", "candidate needs a ruleVersion, a ruleSource or a modelVersion");
        }
        if (given > 1) {
            throw AuthorizationRequests.invalid("candidate", "one-of",
                    "candidate takes one of ruleVersion, ruleSource and modelVersion, not several");
        }
        if (candidate.modelVersion() != null) {
            return new CandidateSpec.ModelVersion(candidate.modelVersion());
        }
        return candidate.ruleVersion() != null ? new CandidateSpec.RuleVersion(candidate.ruleVersion())
                : new CandidateSpec.RuleSource(candidate.ruleSource());
    }

    static String describe(BacktestReport r) {
        String what = r.candidate().modelVersion() != null ? "model v" + r.candidate().modelVersion()
                : r.candidate().ruleVersion() == null ? "unsaved rules" : "rules v" + r.candidate().ruleVersion();
        return what + " over " + r.from() + ".." + r.to() + ": " + r.decisions() + " decisions, " + r.changed() + " changed";
    }
}
