package dev.mamori.risk;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.util.Currency;

/**
 * Verifies a 3-D Secure authentication value (CAVV/AAV) the way the issuer does: recomputes it
 * under the issuer's key, which never leaves the key provider, for this card, amount, currency,
 * merchant and ECI. Replays are the host's business (it keeps the values it accepted).
 *
 * <p>Without a verifier the host cannot verify any value, so no authorization counts as 3-D Secure
 * authenticated (see {@link RiskModule}).
 */
@FunctionalInterface
public interface AuthenticationValueVerifier {

    /** The verdict on one value. */
    enum Result {
        /** Made under the issuer's key for exactly this card, amount, currency, merchant and ECI. */
        VALID,
        /** Not made under the issuer's key (malformed, altered, or unknown key). */
        FORGED,
        /** Genuine, but issued for another card, amount, currency, merchant or ECI. */
        MISMATCHED
    }

    /**
     * @param merchantId the merchant id as the authorization carries it (ISO 8583 field 42, JSON merchantId)
     * @throws RuntimeException when the key provider is unavailable: the value is then unverified, not forged
     */
    Result verify(TenantId tenant, String value, Pan pan, long amountMinor, Currency currency, String merchantId, String eci);
}
