package dev.mamori.vault.scan;

import java.time.Duration;
import java.util.List;

/** The outcome of a scan: what was scanned, what was found, what could not be read. */
public final class ScanReport {
    private final List<ScanFinding> findings;
    private final long filesScanned;
    private final long bytesScanned;
    private final long tablesScanned;
    private final long rowsScanned;
    private final long ignoredTestCards;
    private final List<ScanError> errors;
    private final Duration duration;

    ScanReport(List<ScanFinding> findings, long filesScanned, long bytesScanned, long tablesScanned, long rowsScanned,
            long ignoredTestCards, List<ScanError> errors, Duration duration) {
        this.findings = List.copyOf(findings);
        this.filesScanned = filesScanned;
        this.bytesScanned = bytesScanned;
        this.tablesScanned = tablesScanned;
        this.rowsScanned = rowsScanned;
        this.ignoredTestCards = ignoredTestCards;
        this.errors = List.copyOf(errors);
        this.duration = duration;
    }

    /** Card numbers found, in scan order (files in the order given, directories sorted by path). */
    public List<ScanFinding> findings() {
        return findings;
    }

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** Files read, each archive entry counted as a file. */
    public long filesScanned() {
        return filesScanned;
    }

    /** Bytes examined (uncompressed for archive entries; characters for database values). */
    public long bytesScanned() {
        return bytesScanned;
    }

    public long tablesScanned() {
        return tablesScanned;
    }

    public long rowsScanned() {
        return rowsScanned;
    }

    /** Public test card numbers seen and, without {@code includeTestCards}, not reported. */
    public long ignoredTestCards() {
        return ignoredTestCards;
    }

    public List<ScanError> errors() {
        return errors;
    }

    public Duration duration() {
        return duration;
    }

    /** Nothing at all could be read: every path or the database failed. */
    public boolean nothingScanned() {
        return filesScanned == 0 && tablesScanned == 0 && !errors.isEmpty();
    }

    @Override
    public String toString() {
        return "ScanReport[findings=" + findings.size() + ", files=" + filesScanned + ", bytes=" + bytesScanned
                + ", tables=" + tablesScanned + ", rows=" + rowsScanned + ", ignoredTestCards=" + ignoredTestCards
                + ", errors=" + errors.size() + ", duration=" + duration + "]";
    }
}
