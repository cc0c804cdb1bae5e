package dev.mamori.server.v1;

import dev.mamori.risk.model.ModelReason;
import dev.mamori.risk.model.ReasonTexts;
import java.util.List;
import java.util.Locale;

/**
 * One of the model's top reasons for a decision: the feature, its value, how much it raised the
 * score (log-odds), and the same in words for an analyst or a cardholder-service agent.
 */
record ModelReasonView(String feature, double value, double contribution, String en, String ja) {

    static List<ModelReasonView> of(List<ModelReason> reasons) {
        return reasons.stream().map(r -> new ModelReasonView(r.feature(), r.value(), r.contribution(),
                ReasonTexts.explain(r, Locale.ENGLISH), ReasonTexts.explain(r, Locale.JAPANESE))).toList();
    }
}
