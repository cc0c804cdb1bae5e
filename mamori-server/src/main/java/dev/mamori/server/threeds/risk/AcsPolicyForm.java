package dev.mamori.server.threeds.risk;

import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.risk.AcsPolicy;
import dev.mamori.threeds.risk.InvalidPolicyException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An ACS policy as the API and the console page read and write it: limits by ISO 4217 code in minor
 * units. {@link #toPolicy()} checks every value and names the field and the rule it broke.
 */
public record AcsPolicyForm(Integer frictionlessBelow, Integer refuseAt, Map<String, Long> lowValueLimits, Integer lowValueMaxConsecutive,
                            Integer traBelow, Map<String, Long> traLimits, Integer maxChallengesPerDay, Boolean nonPaymentSupported,
                            Boolean threeRiSupported, Boolean honourRequestorExemptions, Boolean confidenceReasons) {

    public static AcsPolicyForm of(AcsPolicy p) {
        return new AcsPolicyForm(p.frictionlessBelow(), p.refuseAt(), codes(p.lowValueLimits()), p.lowValueMaxConsecutive(), p.traBelow(),
                codes(p.traLimits()), p.maxChallengesPerDay(), p.nonPaymentSupported(), p.threeRiSupported(), p.honourRequestorExemptions(),
                p.confidenceReasons());
    }

    /** @throws InvalidPolicyException naming the field and the rule */
    public AcsPolicy toPolicy() {
        return new AcsPolicy(required("frictionlessBelow", frictionlessBelow), required("refuseAt", refuseAt),
                currencies("lowValueLimits", lowValueLimits), required("lowValueMaxConsecutive", lowValueMaxConsecutive),
                required("traBelow", traBelow), currencies("traLimits", traLimits), required("maxChallengesPerDay", maxChallengesPerDay),
                required("nonPaymentSupported", nonPaymentSupported), required("threeRiSupported", threeRiSupported),
                required("honourRequestorExemptions", honourRequestorExemptions), required("confidenceReasons", confidenceReasons));
    }

    /** The policy, or a 400 problem naming the field and rule. */
    AcsPolicy toPolicyOrProblem() {
        try {
            return toPolicy();
        } catch (InvalidPolicyException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidPolicyException(field, "required", field + " is required");
        }
        return value;
    }

    private static Map<Currency, Long> currencies(String field, Map<String, Long> limits) {
        required(field, limits);
        Map<Currency, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : limits.entrySet()) {
            String code = e.getKey() == null ? "" : e.getKey().trim().toUpperCase(Locale.ROOT);
            Currency currency = null;
            if (code.matches("[A-Z]{3}")) {
                try {
                    currency = Currency.getInstance(code);
                } catch (IllegalArgumentException ignored) {
                    // not an ISO 4217 code: reported below
                }
            }
            if (currency == null) {
                throw new InvalidPolicyException(field, "currency", field + " keys must be ISO 4217 currency codes such as JPY");
            }
            if (e.getValue() == null) {
                throw new InvalidPolicyException(field + "." + code, "required", field + "." + code + " needs an amount in minor units");
            }
            out.put(currency, e.getValue());
        }
        return out;
    }

    private static Map<String, Long> codes(Map<Currency, Long> limits) {
        Map<String, Long> out = new LinkedHashMap<>();
        limits.forEach((c, v) -> out.put(c.getCurrencyCode(), v));
        return out;
    }
}
