package dev.mamori.server.risk;

import dev.mamori.common.TenantId;
import dev.mamori.lab.train.DecisionLogTraining;
import dev.mamori.lab.train.TrainingRun;
import dev.mamori.lab.train.XgboostTrainer;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.LabelView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains a fraud model from a tenant's decision log and labels over a chosen period and registers
 * it as a draft (the API's and the console's "train" action). A second person promotes it.
 */
@Service
public class ModelLab {
    /** The longest period one training run reads. */
    public static final Duration MAX_PERIOD = Duration.ofDays(400);
    /** The most decisions one run reads: their features are held in memory (about 0.6 KB each). */
    public static final int MAX_DECISIONS = 1_000_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RiskModule risk;
    private final RiskModule.Settings settings;
    private final LabelView labels;
    private final Clock clock;

    ModelLab(RiskModule risk, RiskModule.Settings settings, LabelView labels, Clock clock) {
        this.risk = risk;
        this.settings = settings;
        this.labels = labels;
        this.clock = clock;
    }

    /**
     * @param suggestedThresholds when true, the thresholds left null are set from the validation
     *     period: decline at 0.1 % of good payments, challenge at 1 %
     */
    public record TrainRequest(Instant from, Instant to, int rounds, int depth, boolean suggestedThresholds, Double declineThreshold,
                               Double challengeThreshold, Double reviewThreshold, String note) {
    }

    public record Trained(int version, TrainingRun.Report report) {
    }

    /**
     * @throws IllegalArgumentException when the period is too long, holds too few or too many
     *     decisions, or its training part knew no fraud (the message says which)
     */
    public Trained train(TenantId tenant, TrainRequest r, String by) {
        if (Duration.between(r.from(), r.to()).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("a training period is at most " + MAX_PERIOD.toDays() + " days");
        }
        XgboostTrainer.Params params = new XgboostTrainer.Params(r.rounds(), r.depth(), 0.1, 1.0, 0.8, 42);
        TrainingRun.Report report = DecisionLogTraining.train(risk.decisionLog(), labels, settings.windows(), settings.features(),
                new DecisionLogTraining.Request(tenant, r.from(), r.to(), TrainingRun.Split.defaults(), params, MAX_DECISIONS),
                clock.instant());
        Double decline = r.declineThreshold();
        Double challenge = r.challengeThreshold();
        if (r.suggestedThresholds()) {
            decline = decline != null ? decline : clamp(report.thresholdAt01PercentFpr());
            challenge = challenge != null ? challenge : Math.min(decline, clamp(report.thresholdAt1PercentFpr()));
        }
        int version = risk.models().register(tenant, report.model(), new RiskModels.Registration(r.from(), report.trainTo(),
                "decision-log " + r.from() + "/" + r.to(), metricsJson(report), report.baseline().toJson(), decline, challenge,
                r.reviewThreshold(), r.note()), by);
        return new Trained(version, report);
    }

    private static double clamp(double threshold) {
        return Double.isFinite(threshold) ? Math.max(0, Math.min(1, threshold)) : 1.0;
    }

    /** The training run's measures, stored with the version and shown in the console. */
    public static String metricsJson(TrainingRun.Report report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trainFrom", String.valueOf(report.trainFrom()));
        m.put("trainTo", String.valueOf(report.trainTo()));
        m.put("trainRows", report.trainRows());
        m.put("trainFraud", report.trainFraud());
        m.put("fraudKnownOnlyLater", report.fraudKnownOnlyLater());
        m.put("validation", report.validation());
        m.put("test", report.test());
        m.put("thresholdAt01PercentFpr", finite(report.thresholdAt01PercentFpr()));
        m.put("thresholdAt1PercentFpr", finite(report.thresholdAt1PercentFpr()));
        return JSON.writeValueAsString(m);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
