package dev.mamori.risk;

import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import java.time.YearMonth;

/**
 * Verifies CVC2/CVV2 the way issuers do: recomputes it from card number, expiry and service code
 * with the issuer's card verification key, which never leaves the key provider. Nothing is stored.
 */
@FunctionalInterface
public interface SecurityCodeVerifier {
    /**
     * @return true when {@code presented} is the card's code
     * @throws RuntimeException when the key is unknown or the key provider is unavailable
     */
    boolean verify(TenantId tenant, String cvkName, Pan pan, YearMonth expiry, String serviceCode, SecurityCode presented);
}
