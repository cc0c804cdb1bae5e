package dev.mamori.threeds.ds;

/** A card range that cannot be registered: {@link #field} and {@link #rule} say why (e.g. {@code endRange} / {@code overlap}). */
public final class CardRangeRejected extends RuntimeException {
    private final String field;
    private final String rule;

    public CardRangeRejected(String field, String rule, String message) {
        super(message, null, false, false);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
