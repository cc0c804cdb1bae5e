package dev.mamori.risk.labels;

import java.util.Locale;

/** Where a fraud label came from. */
public enum LabelSource {
    /** The cardholder reported authorizations as not theirs ("not me", 身に覚えのない利用). */
    NOT_ME,
    /** A chargeback through the card network, with its reason code: fraud or a non-fraud dispute. */
    CHARGEBACK,
    /** An analyst confirmed fraud or legitimate. */
    ANALYST,
    /** The card's number was exposed (leak, brand alert, phishing); its card-not-present use since then. */
    COMPROMISED;

    /** The id used in the API and the database: {@code not-me}, {@code chargeback}, {@code analyst}, {@code compromised}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the source with this id (case-insensitive), or null */
    public static LabelSource fromId(String id) {
        for (LabelSource source : values()) {
            if (source.id().equalsIgnoreCase(id)) {
                return source;
            }
        }
        return null;
    }
}
