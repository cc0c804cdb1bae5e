package dev.mamori.threeds;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;

/**
 * What the ACS knows about one authentication when it asks for a risk decision: the AReq's facts,
 * already validated. {@link #signals} holds the AReq's other data elements flattened to text
 * ({@code browserIPAddress}, {@code browserUserAgent}, {@code browserLanguage}, {@code email},
 * {@code shipAddrCountry}, {@code acctInfo.chAccAgeInd}, {@code merchantRiskIndicator.shipIndicator},
 * {@code deviceInfo}...): never the card number.
 *
 * <p>{@link #toString()} masks the card number (it is a {@link Pan}).
 *
 * @param cardFingerprint the vault fingerprint of the card in the issuer tenant (the card's id in the risk engine)
 * @param amountMinor the purchase amount in minor units, or null for a non-payment authentication
 * @param currency the purchase currency, or null for a non-payment authentication
 * @param challengeIndicator threeDSRequestorChallengeInd (01–09), or null when absent
 * @param threeRiIndicator threeRIInd for the 3RI channel, or null
 */
public record AuthenticationContext(
        TenantId tenant,
        Pan pan,
        String cardFingerprint,
        String acsTransId,
        String messageVersion,
        DeviceChannel channel,
        MessageCategory category,
        Long amountMinor,
        Currency currency,
        String merchantId,
        String merchantName,
        String mcc,
        String merchantCountry,
        String challengeIndicator,
        String threeRiIndicator,
        Map<String, String> signals,
        Instant at) {

    public AuthenticationContext {
        signals = Map.copyOf(signals);
    }
}
