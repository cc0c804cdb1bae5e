package dev.mamori.threeds.acs;

import dev.mamori.common.CardBrand;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.util.Optional;

/**
 * Which issuer a card number belongs to and the card's id there: how the ACS finds the card of an
 * AReq. The server answers from the issuers' BIN routes and the vault's fingerprint. A card the
 * directory does not know is answered {@code N} with transStatusReason 08 (no card record).
 */
@FunctionalInterface
public interface CardDirectory {

    Optional<Card> find(Pan pan);

    /**
     * A card the ACS authenticates for.
     *
     * @param cardFingerprint the vault's fingerprint of the card in the issuer tenant (the risk engine's card id)
     */
    record Card(TenantId issuer, String cardFingerprint, CardBrand brand) {
    }
}
