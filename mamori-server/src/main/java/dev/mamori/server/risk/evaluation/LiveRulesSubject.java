package dev.mamori.server.risk.evaluation;

import dev.mamori.lab.eval.OperatingPoint;
import dev.mamori.risk.RiskModule;
import org.springframework.stereotype.Component;

/**
 * The live rules as they were enforced: each logged decision scored by its action (decline 3,
 * challenge 2, review 1, approve 0), so the curves have one point per action, and the money view
 * taken at the enforced actions. The action is the host's whole decision: rules together with
 * the hard checks (card status, expiry, CVC2, lists, open-to-buy).
 */
@Component
class LiveRulesSubject implements EvaluationSubject {
    static final String ID = "live-rules";

    private final RiskModule risk;

    LiveRulesSubject(RiskModule risk) {
        this.risk = risk;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Rows rows(Query query) {
        return new Rows(LoggedDecisionRows.read(risk, query, d -> LoggedDecisionRows.friction(d.action()), true),
                OperatingPoint.enforcedActions());
    }
}
