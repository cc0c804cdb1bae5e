package dev.mamori.common;

/**
 * Card brands Mamori recognises from the leading digits (the issuer identification number) and
 * the lengths each brand issues. Ranges follow the brands' published IIN tables; where two brands
 * share a range (UnionPay's 622126–622925 is also accepted on Discover's network) the issuing
 * brand is named.
 */
public enum CardBrand {
    VISA("visa", "Visa"),
    MASTERCARD("mastercard", "Mastercard"),
    AMEX("amex", "American Express"),
    JCB("jcb", "JCB"),
    DINERS("diners", "Diners Club"),
    DISCOVER("discover", "Discover"),
    UNIONPAY("unionpay", "UnionPay");

    private final String id;
    private final String displayName;

    CardBrand(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The stable lower-case name used in the API and the database, e.g. {@code "mastercard"}. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The brand whose IIN range the digits start with, or {@code null}. Needs at least 6 digits. */
    public static CardBrand detect(CharSequence digits) {
        if (digits == null || digits.length() < 6) {
            return null;
        }
        int two = prefix(digits, 2);
        int four = prefix(digits, 4);
        int six = prefix(digits, 6);
        if (digits.charAt(0) == '4') {
            return VISA;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return MASTERCARD;
        }
        if (two == 34 || two == 37) {
            return AMEX;
        }
        if (four >= 3528 && four <= 3589) {
            return JCB;
        }
        if (two == 36 || two == 38 || two == 39 || (six >= 300000 && six <= 305999) || four == 3095) {
            return DINERS;
        }
        if (two == 62) {
            return UNIONPAY;
        }
        if (four == 6011 || two == 65 || (six >= 644000 && six <= 649999)) {
            return DISCOVER;
        }
        return null;
    }

    /** Whether this brand issues card numbers of {@code length} digits. */
    public boolean issuesLength(int length) {
        return switch (this) {
            case VISA -> length == 13 || length == 16 || length == 19;
            case MASTERCARD -> length == 16;
            case AMEX -> length == 15;
            case DINERS -> length >= 14 && length <= 19;
            case JCB, DISCOVER, UNIONPAY -> length >= 16 && length <= 19;
        };
    }

    /** Security code length: four digits on the front of an Amex card (CID), three elsewhere. */
    public int securityCodeLength() {
        return this == AMEX ? 4 : 3;
    }

    public static CardBrand fromId(String id) {
        for (CardBrand brand : values()) {
            if (brand.id.equals(id)) {
                return brand;
            }
        }
        throw new IllegalArgumentException("unknown card brand id");
    }

    private static int prefix(CharSequence digits, int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
