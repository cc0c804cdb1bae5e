package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import java.util.Optional;

/** Finds the purchase of an ACS transaction, for the one-time password message (the ACS holds it). */
@FunctionalInterface
public interface PurchaseLookup {
    /** Messages without purchase details. */
    PurchaseLookup NONE = (tenant, acsTransId) -> Optional.empty();

    Optional<Purchase> find(TenantId tenant, String acsTransId);
}
