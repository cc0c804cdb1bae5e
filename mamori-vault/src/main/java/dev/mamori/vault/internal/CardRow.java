package dev.mamori.vault.internal;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code vault.cards}; the card number is only in {@code ciphertext}. */
public record CardRow(UUID tenantId, String token, String format, byte[] ciphertext, int dataKeyVersion,
                      String fingerprint, String brand, String bin, String last4, int panLength,
                      int expiryMonth, int expiryYear, Instant createdAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "CardRow[" + token + ", " + bin + "…" + last4 + ", key v" + dataKeyVersion + "]";
    }
}
