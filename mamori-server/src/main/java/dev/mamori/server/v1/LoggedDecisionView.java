package dev.mamori.server.v1;

import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.model.ModelReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A decision-log row as the API shows it: response code as its two characters with its meaning,
 * reasons and fired rules as lists, the card as BIN and last four (the fingerprint stays inside).
 * {@code threeDsValueCheck} is what the host made of the 3-D Secure authentication value (valid,
 * forged, mismatched, replayed, unverified; null without one); {@code liabilityShift} whether fraud
 * liability moved to the issuer (a valid value with ECI 05/02 or 06/01), which a chargeback needs.
 */
record LoggedDecisionView(UUID id, String kind, String source, Instant receivedAt, String stan, String rrn, String terminalId,
                          String merchantId, String merchantName, String merchantCountry, String mcc, String channel, UUID cardAccountId,
                          String bin, String last4, long amount, String currency, String deviceId, String ip, String email,
                          String deliveryAddress, String eci, String threeDsStatus, String responseCode, String responseText,
                          String action, String approvalCode, List<String> reasons, List<FiredRule> firedRules, Integer ruleVersion,
                          Double score, Integer modelVersion, List<ModelReasonView> modelReasons, Integer shadowModelVersion,
                          Double shadowScore, String fallback, long latencyMicros, long held, boolean cvcFailed, UUID originalId,
                          Instant reversedAt, String threeDsValueCheck, boolean liabilityShift) {

    static LoggedDecisionView of(LoggedDecision d) {
        List<String> reasons = d.reasons() == null || d.reasons().isEmpty() ? List.of() : List.of(d.reasons().split(","));
        return new LoggedDecisionView(d.id(), d.kind().name(), d.source(), d.receivedAt(), d.stan(), d.rrn(), d.terminalId(),
                d.merchantId(), d.merchantName(), d.merchantCountry(), d.mcc(), d.channel().id(), d.cardAccountId(), d.bin(), d.last4(),
                d.amountMinor(), d.currency(), d.deviceId(), d.ip(), d.email(), d.deliveryAddress(), d.eci(), d.threeDsStatus(),
                d.responseCode().code(), d.responseCode().description(), d.action().id(), d.approvalCode(), reasons,
                DecisionLog.firedRules(d), d.ruleVersion(), d.score(), d.modelVersion(),
                ModelReasonView.of(ModelReason.parse(d.modelReasons())), d.shadowModelVersion(), d.shadowScore(), d.fallback(),
                d.latencyMicros(), d.heldMinor(), d.cvcFailed(),
                d.originalId(), d.reversedAt(), d.threeDsValueCheck(), d.liabilityShift());
    }

    static List<LoggedDecisionView> of(List<LoggedDecision> decisions) {
        return decisions.stream().map(LoggedDecisionView::of).toList();
    }
}
