package dev.mamori.threeds.risk;

import java.util.Currency;
import java.util.Map;
import java.util.TreeMap;

/**
 * An issuer's ACS policy: which risk scores (0–1000) pass without friction, which are challenged
 * and which are refused, the exemptions and the limits on challenges.
 *
 * <ul>
 *   <li>score below {@code frictionlessBelow}: Y (frictionless); from it up to {@code refuseAt}: challenge;
 *       at or above {@code refuseAt}: N with reason 11 (suspected fraud). 1001 never refuses by score.</li>
 *   <li>low-value exemption: a payment in the challenge band at or under the currency's {@code lowValueLimits}
 *       passes as Y while the card has had fewer than {@code lowValueMaxConsecutive} such exemptions since
 *       its last challenge (PSD2's "five in a row" rule).</li>
 *   <li>transaction-risk-analysis exemption: a payment in the challenge band with a score under {@code traBelow}
 *       and an amount up to the currency's {@code traLimits} passes as Y.</li>
 *   <li>at most {@code maxChallengesPerDay} challenges per card in 24 hours; beyond, N with reason 19.</li>
 *   <li>{@code nonPaymentSupported} / {@code threeRiSupported}: false answers N with reason 20 / 21.</li>
 *   <li>{@code honourRequestorExemptions}: threeDSRequestorChallengeInd 05 (TRA performed), 07 (SCA performed)
 *       and 08 (trusted list) pass as Y unless the score is refused; otherwise they count as 02.</li>
 *   <li>{@code confidenceReasons}: a Y carries transStatusReason 15–18 (low to very high confidence) by score.</li>
 * </ul>
 */
public record AcsPolicy(int frictionlessBelow, int refuseAt, Map<Currency, Long> lowValueLimits, int lowValueMaxConsecutive, int traBelow,
                        Map<Currency, Long> traLimits, int maxChallengesPerDay, boolean nonPaymentSupported, boolean threeRiSupported,
                        boolean honourRequestorExemptions, boolean confidenceReasons) {
    public static final int MAX_SCORE = 1000;
    /** A refuse threshold no score reaches. */
    public static final int NEVER = MAX_SCORE + 1;
    public static final long MAX_LIMIT_MINOR = 1_000_000_000_000L;
    public static final int MAX_CURRENCIES = 20;

    private static final Currency JPY = Currency.getInstance("JPY");

    public AcsPolicy {
        range("frictionlessBelow", frictionlessBelow, 0, NEVER);
        range("refuseAt", refuseAt, 0, NEVER);
        if (refuseAt < frictionlessBelow) {
            throw new InvalidPolicyException("refuseAt", "not-below-frictionless", "refuseAt must be at least frictionlessBelow");
        }
        range("lowValueMaxConsecutive", lowValueMaxConsecutive, 0, 100);
        range("traBelow", traBelow, 0, NEVER);
        if (traBelow > refuseAt) {
            throw new InvalidPolicyException("traBelow", "not-above-refuse", "traBelow must not be above refuseAt");
        }
        range("maxChallengesPerDay", maxChallengesPerDay, 1, 100);
        lowValueLimits = limits("lowValueLimits", lowValueLimits);
        traLimits = limits("traLimits", traLimits);
    }

    /**
     * What a tenant without a policy of its own gets: frictionless under 300, challenge up to 700,
     * low-value exemption up to JPY 3,000 five times in a row, TRA under 150 up to JPY 30,000, five
     * challenges per card a day, confidence reasons on Y.
     */
    public static AcsPolicy defaults() {
        return new AcsPolicy(300, 700, Map.of(JPY, 3_000L), 5, 150, Map.of(JPY, 30_000L), 5, true, true, true, true);
    }

    /** The low-value limit for a currency, or -1 when the policy has none (no exemption). */
    public long lowValueLimit(Currency currency) {
        return currency == null ? -1 : lowValueLimits.getOrDefault(currency, -1L);
    }

    /** The TRA amount limit for a currency, or -1 when the policy has none. */
    public long traLimit(Currency currency) {
        return currency == null ? -1 : traLimits.getOrDefault(currency, -1L);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidPolicyException(field, "range", field + " must be between " + min + " and " + max);
        }
    }

    private static Map<Currency, Long> limits(String field, Map<Currency, Long> limits) {
        if (limits == null) {
            throw new InvalidPolicyException(field, "required", field + " is required (an empty object for none)");
        }
        if (limits.size() > MAX_CURRENCIES) {
            throw new InvalidPolicyException(field, "size", field + " may hold at most " + MAX_CURRENCIES + " currencies");
        }
        TreeMap<Currency, Long> sorted = new TreeMap<>((a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()));
        for (Map.Entry<Currency, Long> e : limits.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new InvalidPolicyException(field, "required", field + " holds a currency or limit without a value");
            }
            long v = e.getValue();
            if (v < 0 || v > MAX_LIMIT_MINOR) {
                throw new InvalidPolicyException(field + "." + e.getKey().getCurrencyCode(), "range",
                        field + "." + e.getKey().getCurrencyCode() + " must be between 0 and " + MAX_LIMIT_MINOR + " minor units");
            }
            sorted.put(e.getKey(), v);
        }
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sorted));
    }
}
