package dev.mamori.risk;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;

/**
 * The vault's per-tenant card fingerprint (keyed HMAC of the card number): how the host finds a
 * card account without storing the number.
 */
@FunctionalInterface
public interface CardFingerprinter {
    String fingerprint(TenantId tenant, Pan pan);
}
