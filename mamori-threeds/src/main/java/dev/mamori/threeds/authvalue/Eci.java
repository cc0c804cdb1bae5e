package dev.mamori.threeds.authvalue;

import dev.mamori.common.CardBrand;
import dev.mamori.threeds.TransStatus;

/**
 * Electronic commerce indicators of a 3-D Secure result, per brand. Visa, JCB, American Express,
 * Diners Club, Discover and UnionPay use 05 (fully authenticated), 06 (attempted) and 07 (not
 * authenticated); Mastercard uses 02, 01 and 00.
 */
public final class Eci {
    private Eci() {
    }

    /** The ECI for {@code status} on a card of {@code brand}: Y → fully authenticated, A → attempted, anything else → none. */
    public static String of(CardBrand brand, TransStatus status) {
        boolean mastercard = brand == CardBrand.MASTERCARD;
        if (status == TransStatus.Y) {
            return mastercard ? "02" : "05";
        }
        if (status == TransStatus.A) {
            return mastercard ? "01" : "06";
        }
        return mastercard ? "00" : "07";
    }

    /** 05 or 02: the cardholder was authenticated by the issuer. */
    public static boolean fullyAuthenticated(String eci) {
        return "05".equals(eci) || "02".equals(eci);
    }

    /** 06 or 01: authentication was attempted (the issuer or its ACS could not authenticate, the attempt is proof). */
    public static boolean attempted(String eci) {
        return "06".equals(eci) || "01".equals(eci);
    }

    /**
     * Whether a valid authentication value with this ECI shifts fraud liability to the issuer:
     * fully authenticated or attempted.
     */
    public static boolean shiftsLiability(String eci) {
        return fullyAuthenticated(eci) || attempted(eci);
    }

    /** Whether {@code eci} is one of the six codes above. */
    public static boolean known(String eci) {
        return shiftsLiability(eci) || "07".equals(eci) || "00".equals(eci);
    }
}
