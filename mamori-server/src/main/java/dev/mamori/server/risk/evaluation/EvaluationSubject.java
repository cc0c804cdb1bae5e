package dev.mamori.server.risk.evaluation;

import dev.mamori.common.TenantId;
import dev.mamori.lab.eval.EvaluationRow;
import dev.mamori.lab.eval.OperatingPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What can be evaluated over a period: something that gives each of the tenant's decisions of the
 * period a score. A Spring bean implementing this is offered by its {@link #id()} in the API's
 * {@code subject} field and the console's form; e.g. a registered model replayed over the period
 * is one more bean.
 */
public interface EvaluationSubject {

    /** The id the API and console name it by, e.g. {@code live-rules}. */
    String id();

    /**
     * The period's rows, each labelled from {@code query.labels()} (absent means good).
     *
     * @throws InvalidEvaluationRequest when the query does not fit this subject
     */
    Rows rows(Query query);

    /**
     * @param labels decision id → fraud (true) or confirmed good (false), as known at {@code asOf}
     * @param maxRows a period with more decisions than this is refused, not cut
     * @param model the model a replaying subject should use; null for the live subjects
     */
    record Query(TenantId tenant, Instant from, Instant to, Instant asOf, Map<UUID, Boolean> labels, int maxRows, String model) {
    }

    /**
     * @param operatingPoint the money view's default when the request names no threshold: the
     *     enforced actions for a rule set; null to let the evaluation pick (1 % false positives)
     */
    record Rows(List<EvaluationRow> rows, OperatingPoint operatingPoint) {
    }
}
