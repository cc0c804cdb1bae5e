package dev.mamori.vault.scan;

import dev.mamori.vault.scan.internal.CharSource;
import dev.mamori.vault.scan.internal.PanByteScanner;
import dev.mamori.vault.scan.internal.TestCardNumbers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * PAN discovery (PCI DSS 12.5.2, 12.10.7): finds card numbers in files, directories, zip and
 * gzip archives and database tables, to show that a system holds none.
 *
 * <h2>What counts as a card number</h2>
 * <ol>
 * <li><b>Digits</b>: 13 to 19 ASCII digits, written together ({@code 4111111111111111}) or in
 *     groups joined by <em>one</em> space or hyphen ({@code 4111 1111 1111 1111},
 *     {@code 3782-822463-10005}). Two separators in a row end the number: aligned columns in logs
 *     and fixed-width reports would otherwise join into candidates.</li>
 * <li><b>Groups</b>: a grouped number has groups of at most six digits, and every group but the
 *     last has at least four (cards are printed 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3, 4-4-4-1), so
 *     space-separated small numbers ({@code 3 14 15 92 65 35 89 79}), dates ({@code 2026-11-25})
 *     and an id followed by a status code ({@code /orders/4287640327 200}) never form a candidate.</li>
 * <li><b>Brand and length</b>: the first six digits are in a brand's IIN range and the brand issues
 *     that length ({@link dev.mamori.common.CardBrand#detect}, {@code issuesLength}). Epoch
 *     milliseconds and nanoseconds, snowflake ids, ISBNs and zero-padded ids start with digits no
 *     brand uses.</li>
 * <li><b>Luhn</b>: the check digit is right.</li>
 * <li><b>Boundaries</b>: a number starts and ends at a group boundary, so a candidate glued
 *     inside a longer digit run (16 digits inside 30) is not a card number. Within a run of
 *     groups every group is tried as a start ({@code "qty 2 4111 1111 1111 1111"} is found) and
 *     the longest card number from it wins; scanning resumes after it.</li>
 * <li><b>Decimals</b>: digits right after {@code digit.} or right before {@code .digit} are
 *     part of a decimal number ({@code 0.4111111111111111} is how a double prints), not a card.</li>
 * <li><b>Hexadecimal identifiers</b>: a number glued to letters that, with the characters glued
 *     to them (up to 64), are hexadecimal, optionally {@code 0x}-prefixed, is part of a hash, trace
 *     id or object id ({@code 9f86d0814111111111111111a08e}, {@code tok_7710aa4111 1111 ...}) and
 *     skipped. Letters that are not hex do not make a number safe: {@code Visa4111111111111111}
 *     and {@code pan=4111111111111111} are found. An id made of hexadecimal characters that
 *     happen to all be decimal digits cannot be told from a card number and is reported.</li>
 * <li><b>UUIDs</b>: digits inside a UUID-shaped token (8-4-4-4-12 hex joined by hyphens) are
 *     skipped: {@code 12345678-1234-5678-1234-567812345678} has Luhn-valid digit groups.</li>
 * <li><b>Test cards</b>: the public test numbers of the brands and PSPs
 *     ({@code test-card-numbers.txt}, e.g. 4111111111111111, 4242424242424242) are counted as
 *     ignored test cards unless {@link ScanOptions#withIncludeTestCards} asks to report them.</li>
 * </ol>
 *
 * <h2>What is read</h2>
 * Files as raw bytes: any ASCII-compatible encoding (ASCII, UTF-8, Latin-1, Shift_JIS, EUC-JP)
 * works; UTF-16 files and full-width digits in files are not recognised. Zip archives (by their
 * signature, so also .jar, .docx, .xlsx) and gzip files are opened, nested up to
 * {@link ScanOptions#maxArchiveDepth()} levels; entries are named {@code a.zip!/b.zip!/c.txt}.
 * Directories are walked recursively without following symbolic links; only regular files are
 * read. In a database every character, text, CLOB and JSON column, and every numeric column that
 * can hold 13 digits (BIGINT, DECIMAL/NUMERIC of precision 13+, DOUBLE), is read; there
 * full-width digits and the ideographic space and full-width hyphen are recognised.
 *
 * <h2>Security guarantees</h2>
 * No full card number leaves the scanner: findings hold the masked form only, and file names,
 * entry names, primary key values and error messages are masked with
 * the same rules (test cards included) before they are stored.
 */
public final class PanScanner {
    private final ScanOptions options;
    private final TestCardNumbers testCards = TestCardNumbers.builtIn();

    public PanScanner(ScanOptions options) {
        this.options = options;
    }

    /** Scans files and directories (recursively), each file by one of up to {@code threads} threads. */
    public ScanReport scan(Collection<Path> paths) {
        long started = System.nanoTime();
        Results total = new Results(options.includeTestCards());
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            collectFiles(path, files, total);
        }
        Results[] perFile = new Results[files.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            PanByteScanner engine = new PanByteScanner(options.bufferSize(), testCards);
            for (int i = next.getAndIncrement(); i < perFile.length; i = next.getAndIncrement()) {
                perFile[i] = scanFile(files.get(i), engine);
            }
        };
        int threads = Math.min(options.threads(), files.size());
        if (threads <= 1) {
            worker.run();
        } else {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(worker, "mamori-scan-" + t);
                thread.setDaemon(true);
                thread.start();
                workers.add(thread);
            }
            for (Thread thread : workers) {
                joinUninterruptibly(thread);
            }
        }
        for (Results results : perFile) {
            if (results != null) {
                total.add(results);
            }
        }
        return report(total, started);
    }

    /** Scans one stream (opened as an archive when it is one); {@code name} is how findings refer to it. */
    public ScanReport scan(InputStream in, String name) {
        long started = System.nanoTime();
        Results results = new Results(options.includeTestCards());
        try {
            scanStream(in, name, 0, new PanByteScanner(options.bufferSize(), testCards), results);
        } catch (IOException | RuntimeException e) {
            results.error(name, describe(e));
        }
        return report(results, started);
    }

    private ScanReport report(Results results, long started) {
        return new ScanReport(results.findings, results.files, results.bytes, results.tables, results.rows,
                results.ignoredTestCards, results.errors, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Files and archives

    private static void collectFiles(Path path, List<Path> files, Results results) {
        if (Files.isRegularFile(path)) {
            files.add(path); // a symbolic link named on the command line is followed
            return;
        }
        if (!Files.isDirectory(path)) {
            results.error(path.toString(), Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    ? "not a regular file or directory" : "no such file or directory");
            return;
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    results.error(file.toString(), describe(e));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        results.error(dir.toString(), describe(e));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            results.error(path.toString(), describe(e));
        }
        found.sort(null); // the same order on every run and every file system
        files.addAll(found);
    }

    private Results scanFile(Path file, PanByteScanner engine) {
        Results results = new Results(options.includeTestCards());
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            scanStream(in, name, 0, engine, results);
        } catch (IOException | RuntimeException e) {
            results.error(name, describe(e));
        }
        return results;
    }

    private void scanStream(InputStream raw, String location, int depth, PanByteScanner engine, Results results)
            throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 4);
        byte[] magic = new byte[4];
        int m = in.readNBytes(magic, 0, 4);
        in.unread(magic, 0, m);
        if (depth < options.maxArchiveDepth()) {
            // By signature, not by name: .jar, .docx and .xlsx are zips, and renamed backups too.
            if (m == 4 && magic[0] == 'P' && magic[1] == 'K'
                    && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))) {
                scanZip(in, magic[2] == 5, location, depth, engine, results);
                return;
            }
            if (m >= 2 && magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b) {
                // Not closed here: closing would close the enclosing stream, which the caller owns.
                GZIPInputStream gzip = new GZIPInputStream(in, 64 * 1024);
                scanStream(gzip, location + "!/" + gunzippedName(location), depth + 1, engine, results);
                return;
            }
        }
        results.inFile(location);
        results.files++;
        results.bytes += engine.scan(in::read, results);
    }

    private void scanZip(InputStream in, boolean emptyArchive, String location, int depth, PanByteScanner engine,
            Results results) {
        ZipInputStream zip = new ZipInputStream(in);
        String current = location;
        try {
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries++;
                if (entry.isDirectory()) {
                    continue;
                }
                current = location + "!/" + entry.getName();
                scanStream(zip, current, depth + 1, engine, results);
                current = location;
            }
            if (entries == 0 && !emptyArchive) {
                // ZipInputStream reads a truncated first header as "no entries": that is not a clean scan.
                results.error(location, "not a readable zip archive");
            }
        } catch (IOException | RuntimeException e) {
            // A corrupt entry usually ends the archive: report it and go on with the next file.
            results.error(current, describe(e));
        }
    }

    private static String gunzippedName(String location) {
        String name = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tgz")) {
            return name.substring(0, name.length() - 4) + ".tar";
        }
        return lower.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** An exception as a short message; masked later by {@link Results#error}. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    // ---------------------------------------------------------------------------------------------
    // Databases

    /**
     * Scans every table of the database (or only {@code tables}, names matched case-insensitively,
     * optionally {@code schema.table}), reading the columns listed in the class comment. Findings
     * name the table, the column and the row's primary key ({@code ID=42}) or, when the table has
     * none, its row number ({@code #7}, in the order the database returned the rows).
     */
    public ScanReport scanDatabase(Connection connection, Collection<String> tables) {
        long started = System.nanoTime();
        Results results = new Results(options.includeTestCards());
        PanByteScanner engine = new PanByteScanner(options.bufferSize(), testCards);
        List<TableRef> selected;
        try {
            selected = listTables(connection, tables, results);
        } catch (SQLException e) {
            results.error("database", describe(e));
            return report(results, started);
        }
        for (TableRef table : selected) {
            try {
                scanTable(connection, table, engine, results);
            } catch (SQLException | IOException | RuntimeException e) {
                results.error(table.display(), describe(e));
            }
        }
        return report(results, started);
    }

    private record TableRef(String catalog, String schema, String name) {
        String display() {
            return schema == null || schema.isEmpty() ? name : schema + "." + name;
        }
    }

    private record ColumnRef(String name, int jdbcType, String typeName) {}

    private static final List<String> SYSTEM_SCHEMAS = List.of("information_schema", "pg_catalog", "pg_toast");

    private static List<TableRef> listTables(Connection connection, Collection<String> wanted, Results results)
            throws SQLException {
        List<TableRef> all = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE");
                String schema = rs.getString("TABLE_SCHEM");
                // "TABLE" in PostgreSQL, "BASE TABLE" in H2 2.x; views would only repeat their tables.
                if (type == null || !(type.equalsIgnoreCase("TABLE") || type.equalsIgnoreCase("BASE TABLE"))
                        || (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                all.add(new TableRef(rs.getString("TABLE_CAT"), schema, rs.getString("TABLE_NAME")));
            }
        }
        if (wanted == null || wanted.isEmpty()) {
            return all;
        }
        List<TableRef> selected = new ArrayList<>();
        for (String name : wanted) {
            boolean matched = false;
            for (TableRef table : all) {
                if (table.name().equalsIgnoreCase(name) || table.display().equalsIgnoreCase(name)) {
                    selected.add(table);
                    matched = true;
                }
            }
            if (!matched) {
                results.error(name, "no such table");
            }
        }
        return selected;
    }

    private static boolean scannable(int jdbcType, String typeName, int size, int scale) {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB, Types.SQLXML -> true;
            // 19 digits; DOUBLE holds integers exactly up to 2^53, enough for 15- and most 16-digit numbers.
            case Types.BIGINT, Types.DOUBLE, Types.FLOAT -> true;
            case Types.DECIMAL, Types.NUMERIC -> size - Math.max(scale, 0) >= 13;
            case Types.OTHER, Types.JAVA_OBJECT -> typeName != null
                    && typeName.toLowerCase(Locale.ROOT).matches(".*(json|text|xml|char).*");
            default -> false;
        };
    }

    private void scanTable(Connection connection, TableRef table, PanByteScanner engine, Results results)
            throws SQLException, IOException {
        DatabaseMetaData meta = connection.getMetaData();
        List<ColumnRef> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(table.catalog(), table.schema(), table.name(), "%")) {
            while (rs.next()) {
                int type = rs.getInt("DATA_TYPE");
                String typeName = rs.getString("TYPE_NAME");
                if (scannable(type, typeName, rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS"))) {
                    columns.add(new ColumnRef(rs.getString("COLUMN_NAME"), type, typeName));
                }
            }
        }
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
            List<Map.Entry<Integer, String>> ordered = new ArrayList<>();
            while (rs.next()) {
                ordered.add(Map.entry(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME")));
            }
            ordered.sort(Map.Entry.comparingByKey());
            for (Map.Entry<Integer, String> key : ordered) {
                keys.add(key.getValue());
            }
        }
        results.tables++;
        if (columns.isEmpty()) {
            return;
        }
        String quote = meta.getIdentifierQuoteString();
        quote = quote == null || quote.isBlank() ? "" : quote.strip();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(quoted(keys.get(i), quote)).append(", ");
        }
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quoted(columns.get(i).name(), quote));
        }
        sql.append(" FROM ");
        if (table.schema() != null && !table.schema().isEmpty()) {
            sql.append(quoted(table.schema(), quote)).append('.');
        }
        sql.append(quoted(table.name(), quote));
        if (!keys.isEmpty()) {
            sql.append(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(quoted(keys.get(i), quote));
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(500); // PostgreSQL streams with a cursor only when autocommit is off
            try (ResultSet rs = statement.executeQuery(sql.toString())) {
                long rowNumber = 0;
                StringBuilder row = new StringBuilder();
                while (rs.next()) {
                    rowNumber++;
                    results.rows++;
                    row.setLength(0);
                    if (keys.isEmpty()) {
                        row.append('#').append(rowNumber);
                    }
                    for (int k = 0; k < keys.size(); k++) {
                        row.append(k == 0 ? "" : ", ").append(keys.get(k)).append('=').append(rs.getString(k + 1));
                    }
                    String rowText = null;
                    for (int c = 0; c < columns.size(); c++) {
                        ColumnRef column = columns.get(c);
                        int index = keys.size() + c + 1;
                        Reader reader = read(rs, index, column);
                        if (reader == null) {
                            continue;
                        }
                        if (rowText == null) {
                            rowText = row.toString();
                        }
                        results.inDatabase(table.display(), column.name(), rowText);
                        try (Reader r = reader) {
                            results.bytes += engine.scan(new CharSource(r), results);
                        }
                    }
                }
            }
        }
    }

    private static String quoted(String identifier, String quote) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** The column's value as characters, or null for SQL NULL. Numbers as their integer digits. */
    private static Reader read(ResultSet rs, int index, ColumnRef column) throws SQLException {
        switch (column.jdbcType()) {
            case Types.CLOB, Types.NCLOB, Types.LONGVARCHAR, Types.LONGNVARCHAR -> {
                return rs.getCharacterStream(index);
            }
            case Types.BIGINT, Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal value = rs.getBigDecimal(index);
                // 4111111111111111.00 in a NUMERIC(20,2) is still a card number: scan the integer part.
                return value == null ? null : new StringReader(value.toBigInteger().toString());
            }
            case Types.DOUBLE, Types.FLOAT -> {
                double value = rs.getDouble(index);
                if (rs.wasNull() || Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) < 1e12) {
                    return null;
                }
                return new StringReader(new BigDecimal(value).toBigInteger().toString());
            }
            default -> {
                String value = rs.getString(index);
                return value == null ? null : new StringReader(value);
            }
        }
    }
}
