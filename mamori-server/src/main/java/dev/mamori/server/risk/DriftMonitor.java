package dev.mamori.server.risk;

import dev.mamori.common.TenantId;
import dev.mamori.lab.drift.DriftCheck;
import dev.mamori.risk.DriftReport;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.FraudModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the drift check of a tenant's active model over a period, stores the report and raises a
 * {@code model-drift} alert when the score or an input moved majorly (the API's and console's
 * "check now", and the periodic job).
 */
@Service
public class DriftMonitor {
    /** The period a check covers unless another is asked for: the last day. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    /** The longest period one check reads. */
    public static final Duration MAX_PERIOD = Duration.ofDays(31);
    /** The most decisions (warm-up included) one check reads: their features are held in memory. */
    public static final int MAX_DECISIONS = 1_000_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RiskModule risk;
    private final DriftCheck check;
    private final Clock clock;

    DriftMonitor(RiskModule risk, RiskModule.Settings settings, Clock clock) {
        this.risk = risk;
        this.check = new DriftCheck(settings.windows(), settings.features(), MAX_DECISIONS);
        this.clock = clock;
    }

    /** Thrown when the tenant has no active model, or it was registered without a baseline. */
    public static final class NotCheckableException extends RuntimeException {
        NotCheckableException(String message) {
            super(message);
        }
    }

    /** One input's result as stored in a report. @param psi null when the period had no values */
    public record FeatureResult(String name, Double psi, long rows, String level) {
    }

    /**
     * Checks the active model over [from, to) (null: the last {@link #DEFAULT_PERIOD}).
     *
     * @throws NotCheckableException when there is no active model or it has no baseline
     * @throws IllegalArgumentException when the period is not valid or holds too many decisions
     */
    public DriftReport check(TenantId tenant, Instant from, Instant to, String by) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(DEFAULT_PERIOD);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the period's start must be before its end");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("a drift check covers at most " + MAX_PERIOD.toDays() + " days");
        }
        FraudModel model = risk.models().list(tenant).stream().filter(m -> FraudModel.ACTIVE.equals(m.status())).findFirst()
                .orElseThrow(() -> new NotCheckableException("no fraud model is active"));
        DriftCheck.Result result;
        try {
            result = check.run(risk.decisionLog(), model, start, end);
        } catch (DriftCheck.TooManyDecisionsException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // Baseline.fromJson: a model registered without one.
            throw new NotCheckableException("the active version " + model.version() + " has no baseline to compare with: " + e.getMessage());
        }
        DriftReport report = new DriftReport(UUID.randomUUID(), tenant, model.version(), start, end, clock.instant(), by,
                finite(result.score().psi()), result.score().rows(), result.decisions(), result.level().id(), featuresJson(result));
        risk.driftReports().save(report, DriftCheck.summary(result));
        return report;
    }

    /** What one run of the periodic job did. */
    public record RunResult(int checked, int alerts, int skipped, List<String> failures) {
    }

    /** Checks every tenant with an active model over the last day; one tenant's failure does not stop the others. */
    public RunResult checkAll(String by) {
        int checked = 0;
        int alerts = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (TenantId tenant : risk.driftReports().tenantsWithActiveModel()) {
            try {
                DriftReport r = check(tenant, null, null, by);
                checked++;
                alerts += DriftReport.MAJOR.equals(r.level()) ? 1 : 0;
            } catch (NotCheckableException e) {
                skipped++;
            } catch (RuntimeException e) {
                failures.add(tenant + ": " + e.getMessage());
            }
        }
        return new RunResult(checked, alerts, skipped, failures);
    }

    static String featuresJson(DriftCheck.Result result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DriftCheck.Item i : result.features()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("psi", finite(i.psi()));
            m.put("rows", i.rows());
            m.put("level", i.level().id());
            rows.add(m);
        }
        return JSON.writeValueAsString(rows);
    }

    /** A stored report's per-input results, worst first. */
    public static List<FeatureResult> features(DriftReport report) {
        List<FeatureResult> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(report.features())) {
            out.add(new FeatureResult(n.path("name").asString(), n.path("psi").isNumber() ? n.path("psi").asDouble() : null,
                    n.path("rows").asLong(), n.path("level").asString()));
        }
        return out;
    }

    /** The level of a report's score index. */
    public static String scoreLevel(DriftReport report) {
        return DriftCheck.Level.of(report.scorePsi() == null ? Double.NaN : report.scorePsi(), report.scoreRows()).id();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
