package dev.mamori.risk.iso;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.Pan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ISO 8583 (1987) message as the product sees it: a 4-digit MTI such as {@code "0100"} and
 * data elements 2 to 128 in the layout of jPOS's {@code ISO87BPackager}.
 *
 * <p>Text fields are read and written as strings: numeric fields as exactly their digits
 * ({@code get(4)} is {@code "000000001000"}), fixed character fields padded with spaces to their
 * length, amounts (28 to 31, 97) as a sign {@code C}/{@code D} followed by digits. Binary fields
 * (52, 64, 65, 96, 128) and field 48 are read and written as bytes; field 48 is Mamori's EC data,
 * see {@link #ecData()}. Every value is checked when it is set, so a message that holds it can
 * always be encoded; a bad value is an {@link IsoFormatException} naming the field and the rule.
 *
 * <p>Security: {@link #toString()} masks the PAN (fields 2 and 34) to the first six and last four
 * digits, shows only the length of track data, expiry date, EMV data, PIN block, MACs and field 48,
 * and masks anything that looks like a card number in the other fields. Not thread-safe: one
 * message belongs to one request.
 */
public final class IsoMessage {
    /** Fields copied from a request into its response by {@link #responseTo}. */
    private static final int[] ECHOED = {3, 4, 7, 11, 12, 13, 37, 41, 42, 49};
    /** Text fields shown in {@code toString} only by their length: track data, expiry, EMV data. */
    private static final int[] HIDDEN = {14, 35, 36, 45, 55};

    private final String mti;
    private final Object[] values = new Object[IsoField.MAX_FIELD + 1];

    private IsoMessage(String mti) {
        this.mti = mti;
    }

    /**
     * An empty message of type {@code mti}, four decimal digits such as {@code "0100"}.
     *
     * @throws IsoFormatException if the MTI is not four digits
     */
    public static IsoMessage of(String mti) {
        if (mti == null || mti.length() != 4 || !allDigits(mti)) {
            throw new IsoFormatException("mti", "must be 4 digits");
        }
        return new IsoMessage(mti);
    }

    /**
     * The response to {@code request}: the MTI's function digit plus one ({@code 0100} becomes
     * {@code 0110}, {@code 0420} becomes {@code 0430}) and the fields a peer matches a response
     * with: 3, 4, 7, 11, 12, 13, 37, 41, 42, 49, plus 90 for reversals (04xx) and 70 for network
     * management (08xx). The card number is not echoed: ISO87BPackager peers do not need it.
     *
     * @throws IllegalArgumentException if {@code request} is itself a response
     */
    public static IsoMessage responseTo(IsoMessage request) {
        int function = request.mti.charAt(2) - '0';
        if (function % 2 != 0) {
            throw new IllegalArgumentException("MTI " + request.mti + " is not a request");
        }
        IsoMessage response = new IsoMessage(request.mti.substring(0, 2) + (char) ('0' + function + 1)
                + request.mti.charAt(3));
        for (int field : ECHOED) {
            response.values[field] = request.values[field];
        }
        char messageClass = request.mti.charAt(1);
        if (messageClass == '4') {
            response.values[90] = request.values[90];
        } else if (messageClass == '8') {
            response.values[70] = request.values[70];
        }
        return response;
    }

    /** The message type indicator, four digits such as {@code "0100"}. */
    public String mti() {
        return mti;
    }

    public boolean has(int field) {
        return values[check(field).number] != null;
    }

    /** The numbers of the fields present, in ascending order. */
    public int[] fields() {
        int count = 0;
        for (Object value : values) {
            if (value != null) {
                count++;
            }
        }
        int[] present = new int[count];
        int i = 0;
        for (int field = 2; field <= IsoField.MAX_FIELD; field++) {
            if (values[field] != null) {
                present[i++] = field;
            }
        }
        return present;
    }

    /**
     * The value of a text field, or {@code null} when absent.
     *
     * @throws IllegalArgumentException for binary fields and field 48 (use {@link #bytes})
     */
    public String get(int field) {
        IsoField spec = check(field);
        if (!spec.isText()) {
            throw new IllegalArgumentException("field " + field + " is binary: use bytes(" + field + ")");
        }
        return (String) values[field];
    }

    /**
     * The bytes of a binary field, of field 48, or of a character field (ISO-8859-1, as jPOS
     * sends field 55's EMV data); a copy, or {@code null} when absent.
     *
     * @throws IllegalArgumentException for numeric fields (use {@link #get})
     */
    public byte[] bytes(int field) {
        IsoField spec = check(field);
        Object value = values[field];
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (spec.kind == IsoField.Kind.CHAR || spec.kind == IsoField.Kind.LLCHAR || spec.kind == IsoField.Kind.LLLCHAR) {
            return ((String) value).getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new IllegalArgumentException("field " + field + " is numeric: use get(" + field + ")");
    }

    /**
     * Sets a text field, or removes it when {@code value} is null. Fixed character fields shorter
     * than their length are padded with spaces, as jPOS does.
     *
     * @throws IsoFormatException naming the field and the rule when the value does not fit
     * @throws IllegalArgumentException for binary fields and field 48 (use {@link #setBytes})
     */
    public IsoMessage set(int field, String value) {
        IsoField spec = check(field);
        if (!spec.isText()) {
            throw new IllegalArgumentException("field " + field + " is binary: use setBytes(" + field + ", ...)");
        }
        values[field] = value == null ? null : validText(spec, value);
        return this;
    }

    /**
     * Sets a binary field, field 48, or a character field from its ISO-8859-1 bytes; removes the
     * field when {@code value} is null. The array is copied.
     *
     * @throws IsoFormatException naming the field and the rule when the value does not fit
     */
    public IsoMessage setBytes(int field, byte[] value) {
        IsoField spec = check(field);
        if (value == null) {
            values[field] = null;
            return this;
        }
        switch (spec.kind) {
            case BINARY -> {
                if (value.length != spec.length) {
                    throw new IsoFormatException(field, "must be " + spec.length + " bytes");
                }
                values[field] = value.clone();
            }
            case LLLBYTES -> {
                if (value.length > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " bytes");
                }
                values[field] = value.clone();
            }
            case CHAR, LLCHAR, LLLCHAR -> values[field] = validText(spec, new String(value, StandardCharsets.ISO_8859_1));
            default -> throw new IllegalArgumentException("field " + field + " is numeric: use set(" + field + ", ...)");
        }
        return this;
    }

    /** Removes a field. */
    public IsoMessage remove(int field) {
        values[check(field).number] = null;
        return this;
    }

    /** The response code, field 39, or {@code null}. */
    public String responseCode() {
        return (String) values[39];
    }

    /**
     * The card number in field 2 as a {@link Pan}, or {@code null} when the field is absent.
     *
     * @throws dev.mamori.common.InvalidPanException if field 2 is not a valid card number
     */
    public Pan pan() {
        String digits = (String) values[2];
        return digits == null ? null : Pan.of(digits);
    }

    /**
     * Field 48 parsed as Mamori's EC data, or {@code null} when absent.
     *
     * @throws IsoFormatException (field 48) naming the tag and the rule when the TLVs are malformed
     */
    public IsoEcData ecData() {
        byte[] data = (byte[]) values[48];
        return data == null ? null : IsoEcData.parse(data);
    }

    /** Sets field 48 to {@code data} encoded as TLVs, or removes it when {@code data} is null. */
    public IsoMessage setEcData(IsoEcData data) {
        return setBytes(48, data == null ? null : data.encode());
    }

    /** Raw stored value, no copy: for the codec only. */
    Object raw(int field) {
        return values[field];
    }

    /** Stores a value the codec has already checked. */
    void putRaw(int field, Object value) {
        values[field] = value;
    }

    private static IsoField check(int field) {
        IsoField spec = IsoField.of(field);
        if (spec == null) {
            throw new IllegalArgumentException("ISO 8583:1987 has data elements 2 to 128, not " + field);
        }
        return spec;
    }

    /** Checks a text value against its field's layout; returns it as it will be stored. */
    static String validText(IsoField spec, String value) {
        int field = spec.number;
        switch (spec.kind) {
            case NUMERIC -> {
                if (value.length() != spec.length || !allDigits(value)) {
                    throw new IsoFormatException(field, "must be " + spec.length + " digits");
                }
                return value;
            }
            case LLNUM -> {
                if (value.length() > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " digits");
                }
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    // Track 2 (field 35) separates the PAN from the expiry date with '=' (BCD nibble D).
                    if (!(c >= '0' && c <= '9') && !(c == '=' && field == 35)) {
                        throw new IsoFormatException(field, field == 35 ? "must be digits and '='" : "must be digits");
                    }
                }
                return value;
            }
            case AMOUNT -> {
                if (value.length() != spec.length || (value.charAt(0) != 'C' && value.charAt(0) != 'D')
                        || !allDigits(value.substring(1))) {
                    throw new IsoFormatException(field, "must be C or D followed by " + (spec.length - 1) + " digits");
                }
                return value;
            }
            case CHAR, LLCHAR, LLLCHAR -> {
                if (value.length() > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " characters");
                }
                for (int i = 0; i < value.length(); i++) {
                    if (value.charAt(i) > 0xFF) {
                        throw new IsoFormatException(field, "must be ISO-8859-1 characters");
                    }
                }
                if (spec.kind == IsoField.Kind.CHAR && value.length() < spec.length) {
                    StringBuilder padded = new StringBuilder(spec.length).append(value);
                    while (padded.length() < spec.length) {
                        padded.append(' ');
                    }
                    return padded.toString();
                }
                return value;
            }
            default -> throw new IllegalArgumentException("field " + field + " is binary");
        }
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("IsoMessage[mti=").append(mti);
        for (int field = 2; field <= IsoField.MAX_FIELD; field++) {
            Object value = values[field];
            if (value == null) {
                continue;
            }
            out.append(", ").append(field).append('=');
            if (value instanceof byte[] b) {
                out.append('[').append(b.length).append(" bytes]");
            } else if (field == 2 || field == 34) {
                out.append(maskPan((String) value));
            } else if (Arrays.binarySearch(HIDDEN, field) >= 0) {
                out.append('[').append(((String) value).length()).append(" characters]");
            } else {
                out.append(CardNumberDetector.mask((String) value));
            }
        }
        return out.append(']').toString();
    }

    /** First six and last four, whether or not the number passes Luhn; short values fully masked. */
    private static String maskPan(String pan) {
        char[] out = new char[pan.length()];
        boolean showEnds = pan.length() >= Pan.MIN_LENGTH;
        for (int i = 0; i < out.length; i++) {
            out[i] = showEnds && (i < 6 || i >= out.length - 4) ? pan.charAt(i) : '*';
        }
        return new String(out);
    }
}
