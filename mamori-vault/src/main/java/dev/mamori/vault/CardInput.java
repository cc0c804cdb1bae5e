package dev.mamori.vault;

import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import java.util.Objects;

/**
 * A card to tokenize. Not a record, so it cannot print its card number or security code.
 *
 * @param holderName optional, as printed on the card
 * @param securityCode optional; never stored, only held in memory for the authorization window
 */
public final class CardInput {
    private final Pan pan;
    private final CardExpiry expiry;
    private final String holderName;
    private final SecurityCode securityCode;

    public CardInput(Pan pan, CardExpiry expiry, String holderName, SecurityCode securityCode) {
        this.pan = Objects.requireNonNull(pan, "pan");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.holderName = holderName == null || holderName.isBlank() ? null : holderName.strip();
        this.securityCode = securityCode;
    }

    public Pan pan() {
        return pan;
    }

    public CardExpiry expiry() {
        return expiry;
    }

    public String holderName() {
        return holderName;
    }

    public SecurityCode securityCode() {
        return securityCode;
    }

    @Override
    public String toString() {
        return "CardInput[" + pan.masked() + ", " + expiry + "]";
    }
}
