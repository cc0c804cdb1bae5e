package dev.mamori.vault.scan;

import dev.mamori.common.CardBrand;
import java.util.Objects;

/**
 * One card number found: where it is, its brand and its masked form (first six and last four
 * digits at most, as {@link dev.mamori.common.Pan#masked()}).
 *
 * <p>Security guarantees: holds no full card number, so {@link #toString()} and every accessor
 * are safe to print. Deliberately not a record: nothing here may ever grow a PAN component.
 */
public final class ScanFinding {

    /** Where a finding is: in a file (or archive entry) or in a database table. */
    public enum Kind { FILE, DATABASE }

    private final Kind kind;
    private final String location;
    private final long line;
    private final long column;
    private final long offset;
    private final String columnName;
    private final String row;
    private final CardBrand brand;
    private final String masked;
    private final boolean testCard;

    private ScanFinding(Kind kind, String location, long line, long column, long offset, String columnName,
            String row, CardBrand brand, String masked, boolean testCard) {
        this.kind = kind;
        this.location = Objects.requireNonNull(location);
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.columnName = columnName;
        this.row = row;
        this.brand = Objects.requireNonNull(brand);
        this.masked = Objects.requireNonNull(masked);
        this.testCard = testCard;
    }

    static ScanFinding inFile(String location, long line, long column, long offset, CardBrand brand, String masked,
            boolean testCard) {
        return new ScanFinding(Kind.FILE, location, line, column, offset, null, null, brand, masked, testCard);
    }

    static ScanFinding inDatabase(String table, String columnName, String row, long offset, CardBrand brand,
            String masked, boolean testCard) {
        return new ScanFinding(Kind.DATABASE, table, 0, 0, offset, columnName, row, brand, masked, testCard);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The file ({@code logs/app.log}, archive entries as {@code backup.zip!/db/cards.csv}) or the
     * table ({@code PUBLIC.ORDERS}). Card numbers in a name are masked too.
     */
    public String location() {
        return location;
    }

    /** Line of the first digit, from 1; 0 for a database finding. */
    public long line() {
        return line;
    }

    /** Byte column of the first digit in its line, from 1; 0 for a database finding. */
    public long column() {
        return column;
    }

    /** Offset of the first digit: in bytes from the file's start, in characters from the value's start. */
    public long offset() {
        return offset;
    }

    /** The database column, or {@code null} for a file finding. */
    public String columnName() {
        return columnName;
    }

    /** The row: its primary key ({@code ID=42}) or, without one, {@code #7} (row number); null for files. */
    public String row() {
        return row;
    }

    public CardBrand brand() {
        return brand;
    }

    /** First six, asterisks, last four: {@code 411111******1111}. */
    public String masked() {
        return masked;
    }

    /** Whether this is one of the public test card numbers (reported only with --include-test-cards). */
    public boolean testCard() {
        return testCard;
    }

    @Override
    public String toString() {
        String where = kind == Kind.FILE
                ? location + ":" + line + ":" + column
                : location + " column " + columnName + " row " + row;
        return "ScanFinding[" + where + ", " + brand.id() + ", " + masked + (testCard ? ", test card" : "") + "]";
    }
}
