package dev.mamori.risk.iso;

/**
 * An ISO 8583 message, or a value for one of its fields, broke the layout. The message names the
 * element ({@code mti}, {@code bitmap}, {@code length} or a field number) and the rule, and never
 * repeats the data, so it is safe to log.
 */
public final class IsoFormatException extends IllegalArgumentException {
    private final String element;
    private final int field;
    private final String rule;

    public IsoFormatException(int field, String rule) {
        this(Integer.toString(field), field, rule);
    }

    IsoFormatException(String element, String rule) {
        this(element, -1, rule);
    }

    private IsoFormatException(String element, int field, String rule) {
        super((field > 0 ? "field " : "") + element + ": " + rule);
        this.element = element;
        this.field = field;
        this.rule = rule;
    }

    /** {@code mti}, {@code bitmap}, {@code length}, or the field number as text. */
    public String element() {
        return element;
    }

    /** The field number, or -1 when the error is in the MTI, the bitmap or the overall length. */
    public int field() {
        return field;
    }

    /** What the data should have looked like, e.g. "must be 6 BCD digits". */
    public String rule() {
        return rule;
    }
}
