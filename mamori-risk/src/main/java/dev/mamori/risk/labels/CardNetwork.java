package dev.mamori.risk.labels;

import java.util.Locale;

/** The card networks whose chargeback reason codes Mamori knows. */
public enum CardNetwork {
    VISA, MASTERCARD, JCB, AMEX, DINERS, UNIONPAY;

    /** Lower case: {@code visa}, {@code mastercard}, {@code jcb}, {@code amex}, {@code diners}, {@code unionpay}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the network with this id (case-insensitive), or null */
    public static CardNetwork fromId(String id) {
        for (CardNetwork network : values()) {
            if (network.id().equalsIgnoreCase(id)) {
                return network;
            }
        }
        return null;
    }
}
