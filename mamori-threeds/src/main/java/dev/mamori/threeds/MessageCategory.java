package dev.mamori.threeds;

/** EMV 3-D Secure messageCategory: 01 payment (PA), 02 non-payment (NPA). */
public enum MessageCategory {
    PAYMENT("01"), NON_PAYMENT("02");

    private final String code;

    MessageCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** @return the category of a messageCategory value, or null when it is neither 01 nor 02 */
    public static MessageCategory fromCode(String code) {
        for (MessageCategory c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
