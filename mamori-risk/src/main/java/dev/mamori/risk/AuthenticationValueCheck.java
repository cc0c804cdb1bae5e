package dev.mamori.risk;

import java.util.Locale;

/** What the host made of the authentication value an authorization carried, as the decision log records it. */
public enum AuthenticationValueCheck {
    /** Verified for this card, amount, currency, merchant and ECI, and not used before. */
    VALID,
    /** Not made under the issuer's key: declined 59 with reason {@code 3ds-value-forged}. */
    FORGED,
    /** Genuine but for other data: not authenticated, reason {@code 3ds-value-mismatch}. */
    MISMATCHED,
    /** Already accepted for another authorization: declined 59 with reason {@code 3ds-value-replayed}. */
    REPLAYED,
    /** Could not be checked (no verifier, key provider down): not authenticated, reason {@code 3ds-value-unverified}. */
    UNVERIFIED;

    /** The lower-case name stored in the decision log, e.g. {@code "forged"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the check for a stored id, or null for null */
    public static AuthenticationValueCheck fromId(String id) {
        return id == null ? null : valueOf(id.toUpperCase(Locale.ROOT));
    }
}
