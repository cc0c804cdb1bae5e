package dev.mamori.vault.scan;

import dev.mamori.common.CardBrand;
import dev.mamori.vault.scan.internal.PanByteScanner;
import dev.mamori.vault.scan.internal.TextMasker;
import java.util.ArrayList;
import java.util.List;

/** What one unit of work (a file, a table) found; merged into a {@link ScanReport}. Not thread-safe. */
final class Results implements PanByteScanner.Listener {
    final List<ScanFinding> findings = new ArrayList<>();
    final List<ScanError> errors = new ArrayList<>();
    private final boolean includeTestCards;
    long files;
    long bytes;
    long tables;
    long rows;
    long ignoredTestCards;

    // Where the listener's findings are: set before each stream is scanned.
    private String location;
    private String columnName;
    private String row;

    Results(boolean includeTestCards) {
        this.includeTestCards = includeTestCards;
    }

    void inFile(String location) {
        this.location = safe(location);
        this.columnName = null;
        this.row = null;
    }

    void inDatabase(String table, String columnName, String row) {
        this.location = safe(table);
        this.columnName = safe(columnName);
        this.row = safe(row);
    }

    @Override
    public void found(long offset, int length, long line, long column, CardBrand brand, String masked, boolean testCard) {
        if (testCard && !includeTestCards) {
            ignoredTestCards++;
            return;
        }
        findings.add(columnName == null
                ? ScanFinding.inFile(location, line, column, offset, brand, masked, testCard)
                : ScanFinding.inDatabase(location, columnName, row, offset, brand, masked, testCard));
    }

    void error(String location, String message) {
        errors.add(new ScanError(safe(location), safe(message)));
    }

    void add(Results other) {
        findings.addAll(other.findings);
        errors.addAll(other.errors);
        files += other.files;
        bytes += other.bytes;
        tables += other.tables;
        rows += other.rows;
        ignoredTestCards += other.ignoredTestCards;
    }

    /** Names and messages come from outside (a file called 4111111111111111.csv): mask them too. */
    static String safe(String text) {
        return text == null ? "" : TextMasker.mask(text);
    }
}
