package dev.mamori.vault;

import dev.mamori.common.CardBrand;
import java.time.Instant;

/**
 * What anyone allowed to use a token may know about its card: no card number beyond the first
 * six and last four digits (PCI DSS 3.4.1), no holder name.
 *
 * @param fingerprint the same for the same card number within a tenant, different across tenants
 * @param deduplicated true when tokenize returned an existing token
 * @param securityCodeHeldUntil when the security code given with this tokenization is wiped, or null
 */
public record CardMetadata(String token, TokenFormat format, CardBrand brand, String bin, String last4, int panLength,
                           CardExpiry expiry, String fingerprint, Instant createdAt, Instant expiresAt,
                           boolean deduplicated, Instant securityCodeHeldUntil) {

    /** First six, asterisks, last four. */
    public String maskedPan() {
        return bin + "*".repeat(panLength - 10) + last4;
    }

    CardMetadata withTokenizeOutcome(boolean deduplicated, Instant securityCodeHeldUntil) {
        return new CardMetadata(token, format, brand, bin, last4, panLength, expiry, fingerprint, createdAt, expiresAt,
                deduplicated, securityCodeHeldUntil);
    }
}
