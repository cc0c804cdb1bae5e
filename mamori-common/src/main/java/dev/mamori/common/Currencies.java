package dev.mamori.common;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ISO 4217 currencies by their numeric code: ISO 8583 field 49 and 3-D Secure's purchaseCurrency
 * carry {@code 392} for yen. The table is built once; a lookup is a map read (it is on the
 * authorization and AReq hot paths).
 */
public final class Currencies {
    private static final Map<Integer, Currency> BY_NUMERIC_CODE = byNumericCode();

    private Currencies() {
    }

    /** The currency of a three-digit numeric code such as {@code "392"}; empty for anything else. */
    public static Optional<Currency> byNumericCode(String code) {
        if (code == null || code.length() != 3) {
            return Optional.empty();
        }
        int value = 0;
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            value = value * 10 + (c - '0');
        }
        return byNumericCode(value);
    }

    public static Optional<Currency> byNumericCode(int code) {
        return Optional.ofNullable(BY_NUMERIC_CODE.get(code));
    }

    private static Map<Integer, Currency> byNumericCode() {
        Map<Integer, Currency> map = new HashMap<>();
        for (Currency c : Currency.getAvailableCurrencies()) {
            if (c.getNumericCode() <= 0) {
                continue;
            }
            // Two codes share a number when one replaced the other (532: ANG and its successor XCG; 891: CSD
            // and YUM): keep the alphabetically later code, the same one on every JVM.
            map.merge(c.getNumericCode(), c, (a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()) >= 0 ? a : b);
        }
        return Map.copyOf(map);
    }
}
