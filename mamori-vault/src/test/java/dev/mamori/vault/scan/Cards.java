package dev.mamori.vault.scan;

import dev.mamori.common.Luhn;

/** Luhn-valid card numbers of every brand that are not on the public test-card list. */
final class Cards {
    private Cards() {}

    static final String VISA = withCheckDigit("453201511283036");
    static final String VISA_13 = withCheckDigit("449218023127");
    static final String VISA_19 = withCheckDigit("491761234567890123");
    static final String MASTERCARD = withCheckDigit("531887264509712");
    static final String MASTERCARD_2_SERIES = withCheckDigit("227483019374650");
    static final String AMEX = withCheckDigit("37424523817653");
    static final String JCB = withCheckDigit("356984127364918");
    static final String DINERS = withCheckDigit("3643871920574");
    static final String DISCOVER = withCheckDigit("601187364519283");
    static final String UNIONPAY = withCheckDigit("621483920174635");
    static final String UNIONPAY_19 = withCheckDigit("621483920174635123");

    static String withCheckDigit(String payload) {
        return payload + Luhn.checkDigit(payload);
    }

    /** Luhn-invalid: the last digit moved by one. */
    static String withWrongCheckDigit(String card) {
        char last = card.charAt(card.length() - 1);
        return card.substring(0, card.length() - 1) + (char) (last == '9' ? '0' : last + 1);
    }

    /** The rule every finding follows: first six, asterisks, last four. */
    static String masked(String card) {
        return card.substring(0, 6) + "*".repeat(card.length() - 10) + card.substring(card.length() - 4);
    }

    static String grouped(String card, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < card.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(separator);
            }
            out.append(card.charAt(i));
        }
        return out.toString();
    }
}
