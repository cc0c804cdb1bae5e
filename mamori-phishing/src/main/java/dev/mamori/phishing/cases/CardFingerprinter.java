package dev.mamori.phishing.cases;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;

/**
 * Turns a card number found in a report into the tenant's card fingerprint (the vault's HMAC), so
 * that the card can be put on the risk module's block list without the number being kept. The
 * server passes the vault's function in; this module depends on neither the vault nor risk.
 */
@FunctionalInterface
public interface CardFingerprinter {
    String fingerprint(TenantId tenant, Pan pan);
}
