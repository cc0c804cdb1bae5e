package dev.mamori.server.risk.evaluation;

import dev.mamori.lab.eval.EvaluationRow;
import dev.mamori.lab.train.LogReplay;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.model.GradientBoostedTrees;
import dev.mamori.risk.model.InvalidModelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A registered model version (draft, shadow or retired as well as active) replayed over the period:
 * every decision scored as the host would have scored it with that version, from the same feature
 * code and the logged outcomes, the feature state warmed up with the longest window before the period.
 */
@Component
class ReplayedModelSubject implements EvaluationSubject {
    static final String ID = "model";

    private final RiskModule risk;
    private final RiskModule.Settings settings;

    ReplayedModelSubject(RiskModule risk, RiskModule.Settings settings) {
        this.risk = risk;
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Rows rows(Query q) {
        if (q.model() == null || !q.model().matches("[1-9][0-9]{0,8}")) {
            throw new InvalidEvaluationRequest("model", "version", "name the model version to replay, e.g. \"model\": \"3\"");
        }
        int version = Integer.parseInt(q.model());
        byte[] json = risk.models().modelJson(q.tenant(), version)
                .orElseThrow(() -> new InvalidEvaluationRequest("model", "unknown-version", "there is no model version " + version));
        long count = risk.decisionLog().count(q.tenant(), q.from(), q.to());
        if (count > q.maxRows()) {
            throw new InvalidEvaluationRequest("to", "max-decisions", "the period holds " + count + " decisions; an evaluation reads at most "
                    + q.maxRows() + ": choose a shorter period");
        }
        Duration warmUp = settings.windows().stream().max(Duration::compareTo).orElse(Duration.ofDays(7));
        List<LoggedDecision> decisions = new ArrayList<>();
        risk.decisionLog().forEach(q.tenant(), q.from().minus(warmUp), q.to(), decisions::add);
        double[] scores;
        try {
            scores = LogReplay.score(decisions, q.from(), GradientBoostedTrees.fromXgboostJson(json), settings.windows(), settings.features());
        } catch (InvalidModelException e) {
            throw new InvalidEvaluationRequest("model", "replayable", e.getMessage());
        }
        List<EvaluationRow> rows = new ArrayList<>(scores.length);
        int first = decisions.size() - scores.length;
        for (int i = 0; i < scores.length; i++) {
            LoggedDecision d = decisions.get(first + i);
            rows.add(new EvaluationRow(d.receivedAt(), d.cardFingerprint() != null ? d.cardFingerprint() : "decision:" + d.id(),
                    d.channel() == null ? null : d.channel().id(), d.mcc(), LoggedDecisionRows.major(d.amountMinor(), d.currency()),
                    scores[i], Boolean.TRUE.equals(q.labels().get(d.id())), null));
        }
        return new Rows(rows, null);
    }
}
