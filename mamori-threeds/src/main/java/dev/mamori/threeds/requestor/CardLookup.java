package dev.mamori.threeds.requestor;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.time.YearMonth;
import java.util.Optional;

/** Finds the card behind a vault token of the caller's tenant; the server's one detokenizes with an audit record. */
@FunctionalInterface
public interface CardLookup {

    /** @return empty when the tenant has no such token */
    Optional<Card> card(TenantId tenant, String token);

    /** The card number (masked by its toString) and its expiry, if known. */
    record Card(Pan pan, YearMonth expiry) {
    }
}
