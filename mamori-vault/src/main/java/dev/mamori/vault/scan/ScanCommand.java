package dev.mamori.vault.scan;

import dev.mamori.common.CardBrand;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./mamori scan}: the command line of {@link PanScanner}. Runs without Spring; the server's
 * {@code main} hands {@code scan ...} to {@link #run} before anything else starts.
 *
 * <p>Exit codes: 0 no card number found, 1 card numbers found, 2 usage error or nothing could be
 * scanned. Findings go to standard output, problems to standard error; neither ever holds a
 * full card number.
 */
public final class ScanCommand {
    public static final int NOTHING_FOUND = 0;
    public static final int FOUND = 1;
    public static final int USAGE = 2;

    static final String HELP = """
            Usage: ./mamori scan PATH... [options]
                   ./mamori scan --jdbc URL [--user USER] [--password-env VAR] [--table TABLE]... [options]

            Finds card numbers (PANs) in files, directories (recursively), zip and gzip archives
            (nested too) or the tables of a database, to show that a system holds none
            (PCI DSS 12.5.2, 12.10.7). Card numbers are shown masked (first 6 and last 4 digits)
            with file, line and column, or table, column and row. Paths are relative to the
            current directory; archive entries are shown as archive.zip!/inner/file.

              --json                 write a JSON report to standard output instead of text
              --include-test-cards   report the public test card numbers (4111111111111111,
                                     4242424242424242, ...) as findings; by default they are
                                     only counted
              --threads N            files scanned in parallel (default: processors, at most 4)
              --buffer-size BYTES    read buffer per thread (default 262144, at least 512)
              --jdbc URL             scan a database instead of files (the server jar has the H2
                                     and PostgreSQL drivers), e.g. jdbc:postgresql://host/db
              --user USER            database user
              --password-env VAR     read the database password from environment variable VAR
              --table TABLE          scan only this table (repeatable, schema.table accepted);
                                     default: every table

            Exit code: 0 no card number found, 1 card numbers found,
                       2 usage error or nothing could be scanned.
            """;

    private ScanCommand() {}

    /** Runs {@code scan} with {@code args} (without the word "scan") and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("mamori scan: " + Results.safe(e.getMessage()));
            err.println("Run './mamori scan --help' for the options.");
            return USAGE;
        }
        if (arguments.help) {
            out.print(HELP);
            return NOTHING_FOUND;
        }
        ScanOptions options = ScanOptions.defaults().withIncludeTestCards(arguments.includeTestCards);
        if (arguments.threads > 0) {
            options = options.withThreads(arguments.threads);
        }
        if (arguments.bufferSize > 0) {
            options = options.withBufferSize(arguments.bufferSize);
        }
        PanScanner scanner = new PanScanner(options);
        ScanReport report;
        if (arguments.jdbcUrl != null) {
            String password = null;
            if (arguments.passwordEnv != null) {
                password = System.getenv(arguments.passwordEnv);
                if (password == null) {
                    err.println("mamori scan: environment variable " + arguments.passwordEnv + " is not set (--password-env)");
                    return USAGE;
                }
            }
            Properties properties = new Properties();
            if (arguments.user != null) {
                properties.setProperty("user", arguments.user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            try (Connection connection = DriverManager.getConnection(arguments.jdbcUrl, properties)) {
                connection.setReadOnly(true);
                connection.setAutoCommit(false); // lets PostgreSQL stream big tables with a cursor
                try {
                    report = scanner.scanDatabase(connection, arguments.tables);
                } finally {
                    connection.rollback();
                }
            } catch (SQLException e) {
                err.println("mamori scan: cannot scan the database: " + Results.safe(PanScanner.describe(e)));
                return USAGE;
            }
        } else {
            report = scanner.scan(arguments.paths);
        }
        for (ScanError error : report.errors()) {
            err.println("mamori scan: cannot scan " + error.location() + ": " + error.message());
        }
        if (arguments.json) {
            out.print(ReportJson.write(report));
        } else {
            printText(report, out);
        }
        out.flush();
        if (report.hasFindings()) {
            return FOUND;
        }
        return report.nothingScanned() ? USAGE : NOTHING_FOUND;
    }

    private static void printText(ScanReport report, PrintStream out) {
        Map<CardBrand, Integer> byBrand = new EnumMap<>(CardBrand.class);
        for (ScanFinding finding : report.findings()) {
            byBrand.merge(finding.brand(), 1, Integer::sum);
            StringBuilder line = new StringBuilder();
            if (finding.kind() == ScanFinding.Kind.FILE) {
                line.append(finding.location()).append(':').append(finding.line()).append(':').append(finding.column());
            } else {
                line.append(finding.location()).append(" column ").append(finding.columnName())
                        .append(" row ").append(finding.row());
            }
            line.append(": ").append(finding.brand().id()).append(' ').append(finding.masked());
            if (finding.testCard()) {
                line.append(" (test card)");
            }
            out.println(line);
        }
        if (report.hasFindings()) {
            StringBuilder summary = new StringBuilder();
            int count = report.findings().size();
            summary.append(count).append(count == 1 ? " card number found (" : " card numbers found (");
            String separator = "";
            for (Map.Entry<CardBrand, Integer> entry : byBrand.entrySet()) {
                summary.append(separator).append(entry.getKey().id()).append(' ').append(entry.getValue());
                separator = ", ";
            }
            out.println();
            out.println(summary.append(")."));
        } else {
            out.println("No card numbers found.");
        }
        if (report.ignoredTestCards() > 0) {
            out.println(report.ignoredTestCards() + " public test card number" + (report.ignoredTestCards() == 1 ? "" : "s")
                    + " ignored (--include-test-cards reports them).");
        }
        double seconds = report.duration().toNanos() / 1e9;
        double megabytes = report.bytesScanned() / 1e6;
        String what = report.tablesScanned() > 0 || report.filesScanned() == 0
                ? report.tablesScanned() + " table" + (report.tablesScanned() == 1 ? "" : "s") + ", "
                        + report.rowsScanned() + " row" + (report.rowsScanned() == 1 ? "" : "s")
                : report.filesScanned() + " file" + (report.filesScanned() == 1 ? "" : "s");
        out.println(String.format(Locale.ROOT, "Scanned %s (%.1f MB) in %.2f s%s.", what, megabytes, seconds,
                seconds > 0.05 && megabytes >= 10 ? String.format(Locale.ROOT, ", %.0f MB/s", megabytes / seconds) : ""));
        if (!report.errors().isEmpty()) {
            out.println(report.errors().size() + " location" + (report.errors().size() == 1 ? "" : "s")
                    + " could not be scanned (listed on standard error).");
        }
    }

    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Arguments {
        final List<Path> paths = new ArrayList<>();
        final List<String> tables = new ArrayList<>();
        boolean help;
        boolean json;
        boolean includeTestCards;
        int threads;
        int bufferSize;
        String jdbcUrl;
        String user;
        String passwordEnv;

        static Arguments parse(String[] args) throws UsageException {
            Arguments a = new Arguments();
            boolean options = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!options || !arg.startsWith("-") || arg.equals("-")) {
                    a.paths.add(path(arg));
                    continue;
                }
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--" -> options = false;
                    case "-h", "--help" -> a.help = true;
                    case "--json" -> a.json = true;
                    case "--include-test-cards" -> a.includeTestCards = true;
                    case "--threads", "--buffer-size", "--jdbc", "--user", "--password-env", "--table" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new UsageException(name + " needs a value");
                            }
                            value = args[++i];
                        }
                        a.set(name, value);
                    }
                    default -> throw new UsageException("unknown option: " + name);
                }
            }
            if (a.help) {
                return a;
            }
            if (a.jdbcUrl == null && (a.user != null || a.passwordEnv != null || !a.tables.isEmpty())) {
                throw new UsageException("--user, --password-env and --table need --jdbc URL");
            }
            if (a.jdbcUrl != null && !a.paths.isEmpty()) {
                throw new UsageException("give paths or --jdbc URL, not both");
            }
            if (a.jdbcUrl == null && a.paths.isEmpty()) {
                throw new UsageException("nothing to scan: give one or more paths, or --jdbc URL");
            }
            return a;
        }

        private void set(String name, String value) throws UsageException {
            switch (name) {
                case "--threads" -> threads = number(name, value, 1, 256);
                case "--buffer-size" -> bufferSize = number(name, value, 512, 1 << 30);
                case "--jdbc" -> {
                    if (!value.startsWith("jdbc:")) {
                        throw new UsageException("--jdbc needs a JDBC URL starting with jdbc:");
                    }
                    jdbcUrl = value;
                }
                case "--user" -> user = value;
                case "--password-env" -> passwordEnv = value;
                case "--table" -> tables.add(value);
                default -> throw new IllegalStateException(name);
            }
        }

        private static int number(String name, String value, int min, int max) throws UsageException {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " must be a number from " + min + " to " + max);
        }

        private static Path path(String arg) throws UsageException {
            try {
                return Path.of(arg);
            } catch (InvalidPathException e) {
                throw new UsageException("not a valid path");
            }
        }
    }
}
