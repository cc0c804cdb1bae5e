package dev.mamori.server.risk.evaluation;

import dev.mamori.risk.RiskModule;
import org.springframework.stereotype.Component;

/**
 * The model running in shadow, as it scored live traffic: each logged decision by its
 * {@code shadow_score}, next to the live model's {@code score} on the same decisions — what a fraud
 * team compares before promoting the shadow version. Decisions without a shadow score are unscored.
 */
@Component
class ShadowModelSubject implements EvaluationSubject {
    static final String ID = "shadow-model";

    private final RiskModule risk;

    ShadowModelSubject(RiskModule risk) {
        this.risk = risk;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Rows rows(Query query) {
        return new Rows(LoggedDecisionRows.read(risk, query, d -> d.shadowScore() == null ? Double.NaN : d.shadowScore(), false), null);
    }
}
