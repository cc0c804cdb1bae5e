package dev.mamori.server.risk.evaluation;

import dev.mamori.common.TenantId;
import dev.mamori.lab.eval.Evaluation;
import dev.mamori.lab.eval.OperatingPoint;
import dev.mamori.risk.labels.LabelView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Evaluates a subject (the live rules, the live model, or any other {@link EvaluationSubject}
 * bean) over a period of the tenant's logged decisions against the fraud labels known now, for
 * the API and the console alike. Reads only: nothing is written.
 */
@Component
public class Evaluations {
    /** A period with more decisions is refused rather than cut: a sample would change every measure. */
    public static final int MAX_DECISIONS = 500_000;
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final Map<String, EvaluationSubject> subjects = new TreeMap<>();
    private final LabelView labels;
    private final Clock clock;

    public Evaluations(List<EvaluationSubject> subjects, LabelView labels, Clock clock) {
        for (EvaluationSubject subject : subjects) {
            if (this.subjects.put(subject.id(), subject) != null) {
                throw new IllegalStateException("two evaluation subjects share the id " + subject.id());
            }
        }
        this.labels = labels;
        this.clock = clock;
    }

    /** The subjects' ids, sorted. */
    public List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /**
     * @param k cards per day for card precision@k; null for 100
     * @param threshold the money view's decline threshold; null for the subject's own (the enforced
     *     actions for rules, 1 % false positives for a model)
     * @param model for a subject that replays a model; null otherwise
     */
    public record Request(String subject, Instant from, Instant to, Integer k, Double threshold, String model) {
    }

    /** @param labelsAsOf labels known at this instant counted */
    public record Result(String subject, Instant from, Instant to, Instant labelsAsOf, Evaluation evaluation) {
    }

    /** @throws InvalidEvaluationRequest naming the field and the rule it broke */
    public Result evaluate(TenantId tenant, Request r) {
        if (r.subject() == null || r.subject().isBlank()) {
            throw new InvalidEvaluationRequest("subject", "required", "subject is required: one of " + String.join(", ", subjects()));
        }
        EvaluationSubject subject = subjects.get(r.subject());
        if (subject == null) {
            throw new InvalidEvaluationRequest("subject", "one-of", "subject is one of " + String.join(", ", subjects()));
        }
        if (r.from() == null) {
            throw new InvalidEvaluationRequest("from", "required", "from is required (an ISO 8601 instant)");
        }
        if (r.to() == null) {
            throw new InvalidEvaluationRequest("to", "required", "to is required (an ISO 8601 instant)");
        }
        if (!r.from().isBefore(r.to())) {
            throw new InvalidEvaluationRequest("to", "after-from", "to is after from");
        }
        if (Duration.between(r.from(), r.to()).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidEvaluationRequest("to", "max-period", "a period is at most " + MAX_PERIOD.toDays() + " days");
        }
        Evaluation.Options options = Evaluation.Options.defaults();
        if (r.k() != null) {
            if (r.k() < 1 || r.k() > 100_000) {
                throw new InvalidEvaluationRequest("k", "range", "k is between 1 and 100000");
            }
            options = options.withK(r.k());
        }
        if (r.threshold() != null && !Double.isFinite(r.threshold())) {
            throw new InvalidEvaluationRequest("threshold", "number", "threshold is a finite number");
        }
        Instant asOf = clock.instant();
        Map<java.util.UUID, Boolean> known = labels.known(tenant, r.from(), r.to(), asOf);
        EvaluationSubject.Rows rows = subject.rows(new EvaluationSubject.Query(tenant, r.from(), r.to(), asOf, known, MAX_DECISIONS, r.model()));
        OperatingPoint point = r.threshold() != null ? OperatingPoint.threshold(r.threshold()) : rows.operatingPoint();
        return new Result(subject.id(), r.from(), r.to(), asOf, Evaluation.of(rows.rows(), options.withOperatingPoint(point)));
    }
}
