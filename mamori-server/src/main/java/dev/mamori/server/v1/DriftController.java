package dev.mamori.server.v1;

import dev.mamori.risk.DriftReport;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.server.risk.DriftMonitor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Model drift: how far live traffic moved from what the active fraud model was trained on, as
 * population stability indices of the score and of each input (below 0.1 stable, from 0.25 major).
 * Reports come from the periodic job and from "check now"; a major one raises a model-drift alert.
 */
@RestController
@RequestMapping("/v1/risk/drift")
@Tag(name = "Model drift")
class DriftController {
    private final RiskModule risk;
    private final DriftMonitor monitor;
    private final RequestAudit audit;

    DriftController(RiskModule risk, DriftMonitor monitor, RequestAudit audit) {
        this.risk = risk;
        this.monitor = monitor;
        this.audit = audit;
    }

    /**
     * @param scorePsi null when the version logged no score in the period
     * @param scoreLevel {@code insufficient-data} (fewer than 50 values), {@code stable}, {@code moderate} or {@code major}
     * @param features each input's index, worst first
     */
    record DriftReportView(UUID id, int modelVersion, Instant from, Instant to, Instant createdAt, String createdBy, Double scorePsi,
                           String scoreLevel, long scoreRows, long decisions, String level, List<DriftMonitor.FeatureResult> features) {
        static DriftReportView of(DriftReport r) {
            return new DriftReportView(r.id(), r.modelVersion(), r.periodFrom(), r.periodTo(), r.createdAt(), r.createdBy(), r.scorePsi(),
                    DriftMonitor.scoreLevel(r), r.scoreRows(), r.decisions(), r.level(), DriftMonitor.features(r));
        }
    }

    /** @param from start of the period (default: 24 hours before {@code to}); to its end (default: now) */
    record CheckRequest(Instant from, Instant to) {
    }

    @GetMapping
    @Operation(summary = "Recent drift reports, newest first")
    List<DriftReportView> list(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw AuthorizationRequests.invalid("limit", "range", "limit is from 1 to 500");
        }
        return risk.driftReports().recent(CurrentPrincipal.require().tenant(), limit).stream().map(DriftReportView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One drift report")
    DriftReportView get(@PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("drift report");
        }
        return risk.driftReports().get(CurrentPrincipal.require().tenant(), uuid).map(DriftReportView::of)
                .orElseThrow(() -> ApiProblem.notFound("drift report"));
    }

    @PostMapping("/check")
    @Operation(summary = "Check the active model for drift now (default period: the last 24 hours); a major drift raises an alert")
    ResponseEntity<DriftReportView> check(@RequestBody(required = false) CheckRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Instant from = body == null ? null : body.from();
        Instant to = body == null ? null : body.to();
        if (from != null && to != null && !from.isBefore(to)) {
            throw AuthorizationRequests.invalid("to", "after-from", "the period's end must be after its start");
        }
        try {
            DriftReport report = monitor.check(caller.tenant(), from, to, caller.subject());
            audit.success("drift.checked", "drift:" + report.id(), "model " + report.modelVersion() + ": " + report.level());
            return ResponseEntity.status(HttpStatus.CREATED).body(DriftReportView.of(report));
        } catch (DriftMonitor.NotCheckableException e) {
            throw new ApiProblem(ProblemType.MODEL_STATE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("from", e.getMessage().contains("decisions") ? "max-decisions" : "period", e.getMessage());
        }
    }
}
