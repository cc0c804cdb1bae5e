package dev.mamori.risk;

import dev.mamori.common.CardBrand;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.UUID;

/**
 * An issuer's card: status, credit limit and what is held against it. The card number itself is
 * not here, only the vault fingerprint that finds it and the BIN and last four that show it.
 *
 * @param serviceCode the three digits the issuer encoded on the card (used for track CVV); CVC2
 *     is computed with {@code 000} as card schemes do
 * @param cvkName the card verification key (held by the key provider) that verifies CVC2, or null
 * @param atRiskSince when card-testing defence saw this card approved for a source that was
 *     guessing numbers, or null
 */
public record CardAccount(
        UUID id,
        TenantId tenant,
        String fingerprint,
        CardBrand brand,
        String bin,
        String last4,
        YearMonth expiry,
        String serviceCode,
        CardStatus status,
        Currency currency,
        long creditLimitMinor,
        long heldMinor,
        String cvkName,
        Instant atRiskSince,
        String atRiskReason,
        Instant createdAt,
        Instant updatedAt) {

    /** What can still be authorized: the limit less what approvals hold. */
    public long openToBuyMinor() {
        return creditLimitMinor - heldMinor;
    }

    /** "VISA •••• 1111"-style label for screens and logs. */
    public String label() {
        return brand.displayName() + " " + bin + "…" + last4;
    }
}
