package dev.mamori.risk;

import dev.mamori.common.TenantId;
import java.time.Instant;

/**
 * A source caught testing card numbers, declined until {@code blockedUntil}.
 *
 * @param kind device, ip, email, merchant (its probe-sized attempts only) or card (a card whose code was being guessed)
 * @param value the device id, IP, e-mail, merchant id, or the card's fingerprint
 */
public record SourceBlock(TenantId tenant, String kind, String value, String reason, Instant blockedUntil, Instant createdAt) {
}
