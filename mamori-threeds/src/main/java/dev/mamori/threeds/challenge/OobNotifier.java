package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import java.time.Instant;

/**
 * Tells the issuer's app that a purchase waits for the cardholder's approval. The issuer's app
 * backend answers through {@link CardholderChallenges#answerOutOfBand}. Implement it for a push
 * service; {@link #toOutbox} is the demo default.
 */
@FunctionalInterface
public interface OobNotifier {

    /** @param device the app registration id the card is enrolled with */
    record Request(TenantId tenant, String acsTransId, String device, Purchase purchase, String cardLast4, Instant expiresAt) {
    }

    /** @throws OtpSender.OtpDeliveryException when the app could not be reached (the challenge does not start) */
    void notify(Request request) throws OtpSender.OtpDeliveryException;

    /** Writes the request to the outbox, where the demo console shows it. */
    static OobNotifier toOutbox(Outbox outbox) {
        return request -> outbox.add(request.tenant(), "app", Masking.device(request.device()), "3-D Secure approval",
                "acsTransId=" + request.acsTransId() + " card ending " + request.cardLast4()
                        + (request.purchase() == null ? "" : " " + dev.mamori.threeds.challenge.internal.OtpTexts.purchaseLine(request.purchase()))
                        + " expires " + request.expiresAt());
    }
}
