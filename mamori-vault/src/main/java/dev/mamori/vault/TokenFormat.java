package dev.mamori.vault;

/** How a token looks. */
public enum TokenFormat {
    /** {@code tok_} and 22 base64url characters (128 random bits): the default. */
    OPAQUE("opaque"),
    /**
     * 16 digits ending in the card's last four, for systems whose fields only take card-shaped
     * values. Never passes the Luhn check, so it can never be mistaken for, or used as, a card.
     */
    FORMAT_PRESERVING("format_preserving");

    private final String id;

    TokenFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TokenFormat fromId(String id) {
        for (TokenFormat format : values()) {
            if (format.id.equals(id)) {
                return format;
            }
        }
        throw new InvalidCardException("format", "enum", "format must be opaque or format_preserving");
    }
}
