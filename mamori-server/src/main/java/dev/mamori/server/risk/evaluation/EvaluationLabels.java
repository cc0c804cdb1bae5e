package dev.mamori.server.risk.evaluation;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.LabelView;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where evaluations read fraud labels: one bean, so the label store is pointed at in one place.
 * Another configuration (or a test) that defines its own {@link LabelView} bean replaces it.
 *
 * <p>Until the risk module's label store ({@code RiskModule.labels()}) is wired here, no decision
 * has a known label: every one counts as good, and average precision and recall are undefined.
 */
@Configuration
class EvaluationLabels {

    @Bean
    @ConditionalOnMissingBean(LabelView.class)
    LabelView evaluationLabelView(RiskModule risk) {
        // Re-point to the label store: return risk.labels();
        return (tenant, from, to, asOf) -> java.util.Map.of();
    }
}
