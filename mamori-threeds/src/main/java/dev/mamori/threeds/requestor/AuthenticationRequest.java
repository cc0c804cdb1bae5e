package dev.mamori.threeds.requestor;

/**
 * A merchant's (or PSP's) request to authenticate a card payment: the card as a vault token, never
 * the card number.
 *
 * @param amountMinor the purchase amount in minor units (null for a non-payment authentication)
 * @param returnUrl where the cardholder's browser goes back after a challenge
 * @param challengeWindowSize 01 (250x400) to 05 (full screen); null for 05
 * @param challengePreference no-preference, no-challenge, challenge or mandate (or the spec's 01–04); null for no-preference
 * @param category payment or non-payment; null for payment
 * @param channel browser or 3ri; null for browser
 * @param skipMethod true to skip the ACS's 3DS Method even when it has one
 * @param decoupledMaxMinutes when set (1 to 10080), the requestor accepts decoupled authentication
 *     (threeDSRequestorDecReqInd Y) and waits this long for its result (threeDSRequestorDecMaxTime)
 */
public record AuthenticationRequest(String token, Long amountMinor, String currency, Merchant merchant, Browser browser,
                                    String returnUrl, String challengeWindowSize, String challengePreference, String orderId,
                                    String email, Shipping shipping, String category, String channel, Boolean skipMethod,
                                    Integer decoupledMaxMinutes) {

    /** Without decoupled authentication. */
    public AuthenticationRequest(String token, Long amountMinor, String currency, Merchant merchant, Browser browser, String returnUrl,
                                 String challengeWindowSize, String challengePreference, String orderId, String email, Shipping shipping,
                                 String category, String channel, Boolean skipMethod) {
        this(token, amountMinor, currency, merchant, browser, returnUrl, challengeWindowSize, challengePreference, orderId, email,
                shipping, category, channel, skipMethod, null);
    }

    /** @param country ISO 3166 numeric (392) or alpha-2 (JP) */
    public record Merchant(String id, String name, String mcc, String country, String acquirerBin) {
    }

    /** What the merchant's page read from the cardholder's browser. */
    public record Browser(String acceptHeader, String userAgent, String language, Integer colorDepth, Integer screenHeight,
                          Integer screenWidth, Integer timeZone, Boolean javaEnabled, Boolean javascriptEnabled, String ip) {
    }

    public record Shipping(String line1, String line2, String city, String postCode, String country) {
    }
}
