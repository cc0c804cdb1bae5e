package dev.mamori.risk.iso;

import com.solab.iso8583.CustomField;
import com.solab.iso8583.IsoType;
import com.solab.iso8583.IsoValue;
import com.solab.iso8583.MessageFactory;
import com.solab.iso8583.parse.FieldParseInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes and decodes ISO 8583 (1987) messages in the binary layout of jPOS's {@code ISO87BPackager}:
 * MTI as 2 BCD bytes, an 8-byte binary primary bitmap, an 8-byte secondary bitmap when any field
 * above 64 is present, then the fields (see {@code package-info} for the table). The 2-byte length
 * header that frames a message on TCP is not part of it.
 *
 * <p>j8583 splits the message into fields and writes it back (bitmaps, fixed and variable
 * lengths); this class turns BCD into digits itself, because j8583 reads BCD digits as numbers
 * without checking the nibbles, and writes the IFB_LLNUM fields (2, 32, 33, 35, 99, 100) itself,
 * because j8583 writes an odd digit count rounded up to even (15 digits as "16").
 *
 * <p>Thread-safe and reusable: build one and share it.
 */
public final class Iso8583Codec {
    private static final String LATIN_1 = StandardCharsets.ISO_8859_1.name();
    /** j8583 needs a parsing guide per MTI; every MTI has the same layout, so one guide serves all. */
    private static final int GUIDE_MTI = 0x0100;
    private static final int PRIMARY_BITMAP_END = 2 + 8;

    private final MessageFactory<com.solab.iso8583.IsoMessage> factory = new MessageFactory<>();

    public Iso8583Codec() {
        factory.setUseBinaryMessages(true);
        factory.setUseBinaryBitmap(true);
        factory.setCharacterEncoding(LATIN_1);
        Map<Integer, FieldParseInfo> guide = new HashMap<>();
        for (int field = 2; field <= IsoField.MAX_FIELD; field++) {
            IsoField spec = IsoField.of(field);
            FieldParseInfo parser = FieldParseInfo.getInstance(wireType(spec), wireLength(spec), LATIN_1, false);
            guide.put(field, new NamingParser(parser));
        }
        factory.setParseMap(GUIDE_MTI, guide);
        factory.freeze();
    }

    /**
     * Decodes one message (without its length header).
     *
     * @throws IsoFormatException naming {@code mti}, {@code bitmap}, {@code length} or the field
     *     number, and the rule broken; never the data
     */
    public IsoMessage decode(byte[] message) {
        String mti = readMti(message);
        com.solab.iso8583.IsoMessage parsed = split(message, 0);
        IsoMessage result = IsoMessage.of(mti);
        int expectedLength = PRIMARY_BITMAP_END + (hasSecondaryBitmap(message) ? 8 : 0);
        for (int field = 2; field <= IsoField.MAX_FIELD; field++) {
            IsoValue<?> value = parsed.getField(field);
            if (value != null) {
                IsoField spec = IsoField.of(field);
                Object converted = fromWire(spec, value);
                result.putRaw(field, converted);
                expectedLength += spec.wireLength(valueLength(converted));
            }
        }
        if (expectedLength != message.length) {
            throw new IsoFormatException("length", (message.length - expectedLength) + " bytes follow the last field");
        }
        return result;
    }

    /**
     * Encodes a message. Values were checked when set, so this does not fail for a message built
     * through {@link IsoMessage}.
     */
    public byte[] encode(IsoMessage message) {
        com.solab.iso8583.IsoMessage out = factory.newMessage(Integer.parseInt(message.mti(), 16));
        for (int field : message.fields()) {
            IsoField spec = IsoField.of(field);
            Object value = message.raw(field);
            switch (spec.kind) {
                case NUMERIC -> out.setValue(field, bcd((String) value, true), IsoType.BINARY, wireLength(spec));
                case AMOUNT -> {
                    String amount = (String) value;
                    byte[] digits = bcd(amount.substring(1), true);
                    byte[] bytes = new byte[1 + digits.length];
                    bytes[0] = (byte) amount.charAt(0);
                    System.arraycopy(digits, 0, bytes, 1, digits.length);
                    out.setValue(field, bytes, IsoType.BINARY, bytes.length);
                }
                case LLNUM -> out.setField(field, new LlnumValue((String) value));
                case CHAR -> out.setValue(field, value, IsoType.ALPHA, spec.length);
                case LLCHAR -> out.setValue(field, value, IsoType.LLVAR, ((String) value).length());
                case LLLCHAR -> out.setValue(field, value, IsoType.LLLVAR, ((String) value).length());
                case LLLBYTES -> out.setValue(field, value, IsoType.LLLBIN, ((byte[]) value).length);
                case BINARY -> out.setValue(field, value, IsoType.BINARY, spec.length);
            }
        }
        try {
            return out.writeData();
        } catch (RuntimeException e) {
            // j8583's own messages can quote values; name the type only.
            throw new IllegalStateException("ISO 8583 message could not be encoded: " + e.getClass().getName());
        }
    }

    /**
     * What could be read of a message that failed to decode with {@code error}: its MTI and the
     * fields before the one that broke, for echoing in a format-error response. {@code null} when
     * even the MTI or the bitmap could not be read.
     */
    IsoMessage salvage(byte[] message, IsoFormatException error) {
        String mti;
        try {
            mti = readMti(message);
        } catch (IsoFormatException e) {
            return null;
        }
        if (error.element().equals("mti") || error.element().equals("bitmap")) {
            return IsoMessage.of(mti);
        }
        int firstBad = error.field() > 0 ? error.field() : IsoField.MAX_FIELD + 1;
        IsoMessage result = IsoMessage.of(mti);
        try {
            com.solab.iso8583.IsoMessage parsed = split(message, firstBad);
            for (int field = 2; field < firstBad; field++) {
                IsoValue<?> value = parsed.getField(field);
                if (value != null) {
                    result.putRaw(field, fromWire(IsoField.of(field), value));
                }
            }
        } catch (IsoFormatException e) {
            return IsoMessage.of(mti);
        }
        return result;
    }

    private static String readMti(byte[] message) {
        if (message.length < 2) {
            throw new IsoFormatException("mti", "message is shorter than the 2-byte MTI");
        }
        String mti = bcdDigits(message, 0, 4, false, false);
        if (mti == null) {
            throw new IsoFormatException("mti", "must be 4 BCD digits");
        }
        return mti;
    }

    private static boolean hasSecondaryBitmap(byte[] message) {
        return (message[2] & 0x80) != 0;
    }

    /**
     * Runs j8583 over a copy of the message. With {@code firstIgnored} > 0 the bitmap bits from
     * that field on are cleared first, so only the fields before it are read.
     */
    private com.solab.iso8583.IsoMessage split(byte[] message, int firstIgnored) {
        if (message.length < PRIMARY_BITMAP_END) {
            throw new IsoFormatException("bitmap", "message is shorter than the 8-byte primary bitmap");
        }
        if (hasSecondaryBitmap(message) && message.length < PRIMARY_BITMAP_END + 8) {
            throw new IsoFormatException("bitmap", "secondary bitmap is cut short");
        }
        byte[] copy = message.clone();
        copy[0] = (byte) (GUIDE_MTI >> 8);
        copy[1] = (byte) GUIDE_MTI;
        if (firstIgnored > 0) {
            int bitmapBits = hasSecondaryBitmap(message) ? 128 : 64;
            for (int field = firstIgnored; field <= bitmapBits; field++) {
                copy[2 + (field - 1) / 8] &= (byte) ~(0x80 >>> ((field - 1) % 8));
            }
        }
        try {
            com.solab.iso8583.IsoMessage parsed = factory.parseMessage(copy, 0);
            if (parsed == null) {
                throw new IsoFormatException("bitmap", "names a field that cannot be read");
            }
            return parsed;
        } catch (FieldFailure e) {
            throw new IsoFormatException(e.field, e.rule);
        } catch (ParseException | UnsupportedEncodingException | RuntimeException e) {
            throw new IsoFormatException("bitmap", "message cannot be split into the fields its bitmap names");
        }
    }

    private static Object fromWire(IsoField spec, IsoValue<?> value) {
        int field = spec.number;
        Object raw = value.getValue();
        switch (spec.kind) {
            case NUMERIC -> {
                String digits = bcdDigits((byte[]) raw, 0, spec.length, true, false);
                if (digits == null) {
                    throw new IsoFormatException(field, "must be " + spec.length + " BCD digits");
                }
                return digits;
            }
            case AMOUNT -> {
                byte[] bytes = (byte[]) raw;
                String digits = bcdDigits(bytes, 1, spec.length - 1, true, false);
                if ((bytes[0] != 'C' && bytes[0] != 'D') || digits == null) {
                    throw new IsoFormatException(field, "must be C or D followed by " + (spec.length - 1) + " BCD digits");
                }
                return (char) bytes[0] + digits;
            }
            case LLNUM -> {
                int count = value.getLength();
                if (count > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " digits");
                }
                String digits = bcdDigits((byte[]) raw, 0, count, false, field == 35);
                if (digits == null) {
                    throw new IsoFormatException(field, field == 35 ? "must be BCD digits and '='" : "must be BCD digits");
                }
                return digits;
            }
            case CHAR, LLCHAR, LLLCHAR -> {
                String text = (String) raw;
                if (text.length() > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " characters");
                }
                return text;
            }
            case LLLBYTES -> {
                byte[] bytes = (byte[]) raw;
                if (bytes.length > spec.length) {
                    throw new IsoFormatException(field, "must be at most " + spec.length + " bytes");
                }
                return bytes;
            }
            default -> {
                return raw;
            }
        }
    }

    private static int valueLength(Object value) {
        return value instanceof byte[] b ? b.length : ((String) value).length();
    }

    private static IsoType wireType(IsoField spec) {
        return switch (spec.kind) {
            case NUMERIC, AMOUNT, BINARY -> IsoType.BINARY;
            case LLNUM -> IsoType.LLBCDBIN;
            case CHAR -> IsoType.ALPHA;
            case LLCHAR -> IsoType.LLVAR;
            case LLLCHAR -> IsoType.LLLVAR;
            case LLLBYTES -> IsoType.LLLBIN;
        };
    }

    /** j8583's length: bytes for what it sees as binary, characters for ALPHA, 0 for variable fields. */
    private static int wireLength(IsoField spec) {
        return switch (spec.kind) {
            case NUMERIC, AMOUNT, CHAR, BINARY -> spec.wireLength(spec.length);
            default -> 0;
        };
    }

    /** Packs digits as BCD, two per byte; an odd count gets a 0 nibble on the left or on the right. */
    static byte[] bcd(String digits, boolean padLeft) {
        int n = digits.length();
        byte[] out = new byte[(n + 1) / 2];
        int offset = (n % 2 == 1 && padLeft) ? 1 : 0;
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            int nibble = c == '=' ? 0xD : c - '0';
            int position = i + offset;
            out[position / 2] |= (byte) (position % 2 == 0 ? nibble << 4 : nibble);
        }
        return out;
    }

    /** Reads {@code count} BCD digits from {@code offset}; {@code null} if a nibble is not a digit. */
    static String bcdDigits(byte[] bytes, int offset, int count, boolean padLeft, boolean track2) {
        char[] out = new char[count];
        int skip = (count % 2 == 1 && padLeft) ? 1 : 0;
        for (int i = 0; i < count; i++) {
            int position = i + skip;
            int b = bytes[offset + position / 2];
            int nibble = position % 2 == 0 ? (b >> 4) & 0xF : b & 0xF;
            if (nibble <= 9) {
                out[i] = (char) ('0' + nibble);
            } else if (nibble == 0xD && track2) {
                out[i] = '=';
            } else {
                return null;
            }
        }
        return new String(out);
    }

    /** An IFB_LLNUM value: 1-byte BCD digit count, then the digits, padded on the right. */
    private static final class LlnumValue extends IsoValue<byte[]> {
        LlnumValue(String digits) {
            super(IsoType.LLBCDBIN, bcd(digits, false), digits.length());
        }

        @Override
        public void write(OutputStream out, boolean binary, boolean forceStringEncoding) throws IOException {
            write(out, binary, forceStringEncoding, false);
        }

        @Override
        public void write(OutputStream out, boolean binary, boolean forceStringEncoding, boolean hexLength)
                throws IOException {
            int digits = getLength();
            out.write((digits / 10) << 4 | digits % 10);
            out.write(getValue());
        }
    }

    /** Thrown through j8583 so that a failure keeps the number of the field that caused it. */
    private static final class FieldFailure extends RuntimeException {
        final int field;
        final String rule;

        FieldFailure(int field, String rule) {
            super(null, null, false, false);
            this.field = field;
            this.rule = rule;
        }
    }

    /** Wraps j8583's field parser so that its errors (whose texts may quote data) become a field number. */
    private static final class NamingParser extends FieldParseInfo {
        private final FieldParseInfo inner;

        NamingParser(FieldParseInfo inner) {
            super(inner.getType(), inner.getLength());
            this.inner = inner;
        }

        @Override
        public <T> IsoValue<?> parse(int field, byte[] buf, int pos, CustomField<T> custom) {
            throw new FieldFailure(field, "must be binary-encoded");
        }

        @Override
        public <T> IsoValue<?> parseBinary(int field, byte[] buf, int pos, CustomField<T> custom) {
            try {
                return inner.parseBinary(field, buf, pos, null);
            } catch (ParseException | UnsupportedEncodingException | RuntimeException e) {
                String text = String.valueOf(e.getMessage());
                throw new FieldFailure(field, text.startsWith("Insufficient") ? "runs past the end of the message"
                        : "has an invalid length prefix");
            }
        }
    }
}
