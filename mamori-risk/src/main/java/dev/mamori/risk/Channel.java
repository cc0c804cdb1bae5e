package dev.mamori.risk;

/** How the card was presented; decides which checks apply (track data is refused for EC). */
public enum Channel {
    /** E-commerce: card not present, on the merchant's website or app. */
    ECOMMERCE("ec"),
    /** Card present at a terminal. */
    FACE_TO_FACE("f2f"),
    /** Mail or telephone order: card not present, no browser. */
    MAIL_TELEPHONE("moto");

    private final String id;

    Channel(String id) {
        this.id = id;
    }

    /** The short id used in rules, JSON and field 48 ({@code ec}, {@code f2f}, {@code moto}). */
    public String id() {
        return id;
    }

    /** @return the channel for an id, case-insensitive, or null */
    public static Channel fromId(String id) {
        for (Channel channel : values()) {
            if (channel.id.equalsIgnoreCase(id)) {
                return channel;
            }
        }
        return null;
    }
}
