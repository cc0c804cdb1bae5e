package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.model.ModelReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The host's answer to one request, as logged before it was sent.
 *
 * @param id the decision's id (the authorization id in the JSON API)
 * @param responseCode field 39
 * @param action what the rules and checks concluded (a review is approved, a challenge asks for 3-D Secure)
 * @param approvalCode field 38 for approvals, else null
 * @param reasons reason codes, most decisive first (e.g. {@code cvc-mismatch}, {@code velocity})
 * @param firedRules every rule whose condition held, shadow ones included
 * @param ruleVersion the enforced rule set version, or null when the tenant has none
 * @param score the model score when one ran, else null
 * @param fallback why the scoring stage was replaced by the tenant's fallback policy, or null
 * @param latencyMicros time from receipt to the logged decision
 * @param duplicate true when this answers a repeated message with the first answer
 * @param cardAccountId the card account, or null when no card matched
 * @param modelVersion the fraud model version that produced {@code score}, or null
 * @param modelReasons the model's top reasons (features that raised the score most), empty without a score
 */
public record Decision(
        UUID id,
        TenantId tenant,
        MessageKind kind,
        ResponseCode responseCode,
        Action action,
        String approvalCode,
        List<String> reasons,
        List<FiredRule> firedRules,
        Integer ruleVersion,
        Double score,
        String fallback,
        long latencyMicros,
        boolean duplicate,
        UUID cardAccountId,
        Instant decidedAt,
        Integer modelVersion,
        List<ModelReason> modelReasons) {

    public Decision {
        reasons = List.copyOf(reasons);
        firedRules = List.copyOf(firedRules);
        modelReasons = List.copyOf(modelReasons);
    }

    public boolean approved() {
        return responseCode.approved();
    }

    Decision asDuplicate() {
        return new Decision(id, tenant, kind, responseCode, action, approvalCode, reasons, firedRules, ruleVersion, score,
                fallback, latencyMicros, true, cardAccountId, decidedAt, modelVersion, modelReasons);
    }
}
