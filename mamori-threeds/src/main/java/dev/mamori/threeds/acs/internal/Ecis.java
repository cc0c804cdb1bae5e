package dev.mamori.threeds.acs.internal;

import dev.mamori.common.CardBrand;
import dev.mamori.threeds.TransStatus;

/** The Electronic Commerce Indicator of a result, by brand: Mastercard's 02/01/00, the others' 05/06/07. */
public final class Ecis {
    private Ecis() {
    }

    public static String eci(CardBrand brand, TransStatus status) {
        boolean mastercard = brand == CardBrand.MASTERCARD;
        return switch (status) {
            case Y -> mastercard ? "02" : "05";
            case A -> mastercard ? "01" : "06";
            default -> mastercard ? "00" : "07";
        };
    }
}
