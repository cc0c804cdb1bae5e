package dev.mamori.risk;

import java.util.Locale;

/** An issuer card's status; anything but ACTIVE declines every authorization. */
public enum CardStatus {
    ACTIVE(null),
    BLOCKED(ResponseCode.RESTRICTED_CARD),
    LOST(ResponseCode.LOST_CARD),
    STOLEN(ResponseCode.STOLEN_CARD),
    EXPIRED(ResponseCode.EXPIRED_CARD);

    private final ResponseCode declineCode;

    CardStatus(ResponseCode declineCode) {
        this.declineCode = declineCode;
    }

    /** The response an authorization gets for a card in this status; null for ACTIVE. */
    public ResponseCode declineCode() {
        return declineCode;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the status for an id (active, blocked, lost, stolen, expired), or null */
    public static CardStatus fromId(String id) {
        for (CardStatus status : values()) {
            if (status.id().equalsIgnoreCase(id)) {
                return status;
            }
        }
        return null;
    }
}
