package dev.mamori.server.risk.evaluation;

import dev.mamori.risk.RiskModule;
import org.springframework.stereotype.Component;

/**
 * The live model as it scored: each logged decision by its {@code score} column. Decisions logged
 * without a score (before a model served, or when scoring fell back) are counted as unscored and
 * measure nothing.
 */
@Component
class LiveModelSubject implements EvaluationSubject {
    static final String ID = "live-model";

    private final RiskModule risk;

    LiveModelSubject(RiskModule risk) {
        this.risk = risk;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Rows rows(Query query) {
        return new Rows(LoggedDecisionRows.read(risk, query, d -> d.score() == null ? Double.NaN : d.score(), false), null);
    }
}
