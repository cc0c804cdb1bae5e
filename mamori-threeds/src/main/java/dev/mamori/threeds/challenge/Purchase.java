package dev.mamori.threeds.challenge;

import java.util.Currency;

/**
 * What a one-time password message says about the purchase: the merchant and the amount.
 *
 * @param merchantName as the merchant sent it (control characters are dropped before it is shown)
 * @param amountMinor the amount in minor units, or null for a non-payment authentication
 * @param currency the currency, or null with a null amount
 */
public record Purchase(String merchantName, Long amountMinor, Currency currency) {
}
