package dev.mamori.risk;

import java.time.Instant;
import java.util.UUID;

/**
 * One logged decision of a card, only what another module's view of the card's recent use needs
 * (the 3-D Secure ACS's risk decision reads these per AReq): when, what kind, how it was answered,
 * and the amount. A much smaller read than {@link LoggedDecision}.
 *
 * @param responseCode null for a decision logged without one
 * @param action what the rules and model decided (approve, review, challenge, decline)
 */
public record CardActivity(UUID decisionId, Instant receivedAt, MessageKind kind, ResponseCode responseCode, Action action,
                           long amountMinor, String currency) {

    public boolean approved() {
        return responseCode != null && responseCode.approved();
    }
}
