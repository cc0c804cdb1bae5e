package dev.mamori.threeds.requestor;

import java.time.Instant;
import java.util.UUID;

/**
 * One authentication as the 3DS Server keeps it: no card number (the token and the masked card).
 *
 * @param status {@code method} (the merchant page runs the 3DS Method, then continues), {@code challenge}
 *     (the page posts {@link #creq} to {@link #acsUrl}), {@code decoupled} (waiting for the ACS's RReq),
 *     {@code completed} (the result is final) or {@code failed} (an Erro: {@link #errorCode})
 * @param methodData threeDSMethodData for the 3DS Method form, while {@code status} is {@code method}
 * @param creq the base64url CReq while {@code status} is {@code challenge}
 */
public record Authentication(UUID id, String status, String threeDsServerTransId, String maskedPan, String token, String orderId,
                             Long amountMinor, String currency, String messageVersion, String messageCategory, String deviceChannel,
                             String methodUrl, String methodData, String acsUrl, String creq, String dsTransId, String acsTransId,
                             String aresStatus, String transStatus, String transStatusReason, String eci, String authenticationValue,
                             String errorCode, String errorDescription, String returnUrl, Instant createdAt, Instant completedAt) {

    @Override
    public String toString() {
        return "Authentication[" + id + " " + status + " " + maskedPan + " transStatus=" + transStatus + "]";
    }
}
