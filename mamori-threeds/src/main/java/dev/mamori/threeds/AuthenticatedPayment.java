package dev.mamori.threeds;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.Currency;

/**
 * What an authentication value is bound to: the card, the amount, the merchant and the 3DS
 * transaction. {@link #toString()} masks the card number.
 *
 * @param amountMinor the authenticated amount in minor units (0 for a non-payment authentication)
 * @param merchantId the acquirer's merchant id (acquirerMerchantID), as the later 0100 carries it
 * @param eci the ECI the ACS returned
 * @param method how the cardholder was authenticated: null for frictionless
 */
public record AuthenticatedPayment(TenantId tenant, Pan pan, long amountMinor, Currency currency, String merchantId,
                                   String acsTransId, String eci, ChallengeMethod method, Instant at) {
}
