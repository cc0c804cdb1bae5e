package dev.mamori.risk;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of the decision log, as the console and the search API show it. Card data is BIN and
 * last four only; the fingerprint links rows of one card.
 *
 * @param score the active fraud model's score (0 to 1), or null when no model scored it
 * @param modelVersion the version that produced {@code score}
 * @param modelReasons its top reasons in {@link dev.mamori.risk.model.ModelReason#format}'s form
 * @param shadowModelVersion the model version running in shadow, or null
 * @param shadowScore its score (logged only, never acting)
 * @param threeDsValueCheck what the host made of the 3-D Secure authentication value: {@code valid},
 *     {@code forged}, {@code mismatched}, {@code replayed} or {@code unverified}; null when there was none
 * @param liabilityShift whether fraud liability shifted to the issuer: a valid value with ECI 05/02
 *     (authenticated) or 06/01 (attempted)
 */
public record LoggedDecision(
        UUID id,
        TenantId tenant,
        MessageKind kind,
        String source,
        Instant receivedAt,
        String stan,
        String rrn,
        String terminalId,
        String merchantId,
        String merchantName,
        String merchantCountry,
        String mcc,
        Channel channel,
        UUID cardAccountId,
        String cardFingerprint,
        String bin,
        String last4,
        long amountMinor,
        String currency,
        String deviceId,
        String ip,
        String email,
        String deliveryAddress,
        String addressKey,
        String eci,
        String threeDsStatus,
        ResponseCode responseCode,
        Action action,
        String approvalCode,
        String reasons,
        String firedRules,
        Integer ruleVersion,
        Double score,
        String fallback,
        long latencyMicros,
        long heldMinor,
        boolean cvcFailed,
        UUID originalId,
        Instant reversedAt,
        Integer modelVersion,
        String modelReasons,
        Integer shadowModelVersion,
        Double shadowScore,
        String threeDsValueCheck,
        boolean liabilityShift) {
}
