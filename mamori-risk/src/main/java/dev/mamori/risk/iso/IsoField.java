package dev.mamori.risk.iso;

/**
 * The field layout of jPOS's stock {@code ISO87BPackager} (jPOS 2.1.10), read from the packager
 * itself, one entry per data element 2 to 128. Kept as a table so that the codec, the length
 * check and the validation of {@link IsoMessage#set} cannot disagree.
 */
final class IsoField {
    /** How a field is written on the wire. */
    enum Kind {
        /** IFB_NUMERIC: fixed number of BCD digits, odd lengths padded on the left with a 0 nibble. */
        NUMERIC,
        /** IFB_LLNUM: 1-byte BCD digit count, then BCD digits padded on the right; track 2 writes '=' as nibble D. */
        LLNUM,
        /** IF_CHAR: fixed length, ISO-8859-1, padded on the right with spaces. */
        CHAR,
        /** IFB_LLCHAR: 1-byte BCD length, then ISO-8859-1 characters. */
        LLCHAR,
        /** IFB_LLLCHAR: 2-byte BCD length, then ISO-8859-1 characters. */
        LLLCHAR,
        /** Field 48: IFB_LLLCHAR on the wire, but Mamori reads the bytes as UTF-8 TLVs, so it stays bytes here. */
        LLLBYTES,
        /** IFB_BINARY: fixed number of raw bytes. */
        BINARY,
        /** IFB_AMOUNT: one ASCII sign character (C or D) then BCD digits. */
        AMOUNT
    }

    static final int MAX_FIELD = 128;
    private static final IsoField[] FIELDS = new IsoField[MAX_FIELD + 1];

    final int number;
    final Kind kind;
    /** Fixed length (digits, characters or bytes) or, for variable fields, the maximum. */
    final int length;

    private IsoField(int number, Kind kind, int length) {
        this.number = number;
        this.kind = kind;
        this.length = length;
    }

    /** The field's definition, or {@code null} for 0, 1 (bitmap) and numbers outside 2 to 128. */
    static IsoField of(int number) {
        return number >= 2 && number <= MAX_FIELD ? FIELDS[number] : null;
    }

    boolean isText() {
        return kind != Kind.BINARY && kind != Kind.LLLBYTES;
    }

    boolean isFixed() {
        return kind == Kind.NUMERIC || kind == Kind.CHAR || kind == Kind.BINARY || kind == Kind.AMOUNT;
    }

    /** Bytes this field takes on the wire for a value of {@code valueLength} digits, characters or bytes. */
    int wireLength(int valueLength) {
        return switch (kind) {
            case NUMERIC -> (length + 1) / 2;
            case AMOUNT -> 1 + length / 2;
            case LLNUM -> 1 + (valueLength + 1) / 2;
            case CHAR, BINARY -> length;
            case LLCHAR -> 1 + valueLength;
            case LLLCHAR, LLLBYTES -> 2 + valueLength;
        };
    }

    private static void define(Kind kind, int length, int... numbers) {
        for (int n : numbers) {
            FIELDS[n] = new IsoField(n, kind, length);
        }
    }

    static {
        define(Kind.LLNUM, 19, 2);
        define(Kind.NUMERIC, 6, 3, 11, 12, 73);
        define(Kind.NUMERIC, 12, 4, 5, 6, 82, 83, 84, 85);
        define(Kind.NUMERIC, 10, 7, 74, 75, 76, 77, 78, 79, 80, 81);
        define(Kind.NUMERIC, 8, 8, 9, 10);
        define(Kind.NUMERIC, 4, 13, 14, 15, 16, 17, 18, 71, 72);
        define(Kind.NUMERIC, 3, 19, 20, 21, 22, 23, 24, 68, 69, 70);
        define(Kind.NUMERIC, 2, 25, 26, 67);
        define(Kind.NUMERIC, 1, 27, 66);
        define(Kind.AMOUNT, 9, 28, 29, 30, 31);
        define(Kind.LLNUM, 11, 32, 33, 99, 100);
        define(Kind.LLCHAR, 28, 34, 102, 103);
        define(Kind.LLNUM, 37, 35);
        define(Kind.LLLCHAR, 104, 36);
        define(Kind.CHAR, 12, 37);
        define(Kind.CHAR, 6, 38, 93);
        define(Kind.CHAR, 2, 39, 92);
        define(Kind.CHAR, 3, 40, 49, 50, 51);
        define(Kind.CHAR, 8, 41);
        define(Kind.CHAR, 15, 42);
        define(Kind.CHAR, 40, 43);
        define(Kind.LLCHAR, 25, 44);
        define(Kind.LLCHAR, 76, 45);
        define(Kind.LLLCHAR, 999, 46, 47, 55, 56, 57, 58, 59, 60, 61, 62, 63);
        define(Kind.LLLBYTES, 999, 48);
        define(Kind.BINARY, 8, 52, 64, 128);
        define(Kind.NUMERIC, 16, 53, 86, 87, 88, 89);
        define(Kind.LLLCHAR, 120, 54);
        define(Kind.BINARY, 1, 65);
        define(Kind.NUMERIC, 42, 90);
        define(Kind.CHAR, 1, 91);
        define(Kind.CHAR, 7, 94);
        define(Kind.CHAR, 42, 95);
        define(Kind.BINARY, 16, 96);
        define(Kind.AMOUNT, 17, 97);
        define(Kind.CHAR, 25, 98);
        define(Kind.LLCHAR, 17, 101);
        define(Kind.LLLCHAR, 100, 104);
        for (int n = 105; n <= 127; n++) {
            define(Kind.LLLCHAR, 999, n);
        }
        for (int n = 2; n <= MAX_FIELD; n++) {
            if (FIELDS[n] == null) {
                throw new ExceptionInInitializerError("field " + n + " has no definition");
            }
        }
    }
}
