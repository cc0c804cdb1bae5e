package dev.mamori.phishing.cli;

import dev.mamori.phishing.aggregate.AggregateReport;
import dev.mamori.phishing.aggregate.AggregateReportParser;
import dev.mamori.phishing.aggregate.DmarcSummary.Source;
import dev.mamori.phishing.aggregate.ReportFormatException;
import dev.mamori.phishing.aggregate.SenderAnalysis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./mamori dmarc-report FILE...}: reads DMARC aggregate report files offline (no server,
 * no database, no DNS) and prints each file's outcome and, per domain, who sent how much and how
 * each sender is classified. Handy to check a mailbox export before uploading it.
 *
 * <p>Exit codes: 0 every file was a readable report, 1 at least one file was rejected,
 * 2 usage error (no file given, or a file cannot be read).
 */
public final class DmarcReportCommand {
    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            Usage: ./mamori dmarc-report FILE... [--quiet]

            Reads DMARC aggregate (RUA) report files: XML, gzip, zip, or the report e-mail
            itself (.eml), told apart by their content. Prints for each file whether it is a
            readable report (reporter, report id, domain, period, records, messages) or why it
            is not (the element and the rule it breaks), then per domain the sending IPs with
            their messages, DMARC pass and fail, and classification (authorized, forgotten-sender,
            spoofing). Works offline: nothing is stored and no DNS is asked.

              --quiet    print only rejected files and the per-domain totals

            Exit code: 0 every file was read, 1 at least one file was rejected, 2 usage error.
            """;

    private DmarcReportCommand() {
    }

    /** Runs {@code dmarc-report} with {@code args} (without the word "dmarc-report") and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        boolean quiet = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(HELP);
                return OK;
            } else if (arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.startsWith("-")) {
                err.println("mamori dmarc-report: unknown option " + arg);
                err.println("Run './mamori dmarc-report --help' for the options.");
                return USAGE;
            } else {
                try {
                    files.add(Path.of(arg));
                } catch (InvalidPathException e) {
                    err.println("mamori dmarc-report: not a file name: " + arg);
                    return USAGE;
                }
            }
        }
        if (files.isEmpty()) {
            err.println("mamori dmarc-report: give at least one report file");
            err.println("Run './mamori dmarc-report --help' for the options.");
            return USAGE;
        }
        AggregateReportParser parser = new AggregateReportParser();
        Map<String, List<AggregateReport.Record>> byDomain = new TreeMap<>();
        int rejected = 0;
        for (Path file : files) {
            byte[] content;
            try {
                if (Files.size(file) > parser.limits().maxFileBytes()) {
                    out.println(file + ": rejected: file: a report file has at most " + parser.limits().maxFileBytes() + " bytes (too-large)");
                    rejected++;
                    continue;
                }
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                err.println("mamori dmarc-report: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
                return USAGE;
            }
            try {
                AggregateReportParser.Parsed parsed = parser.parse(content);
                AggregateReport report = parsed.report();
                byDomain.computeIfAbsent(report.policy().domain().ascii(), d -> new ArrayList<>()).addAll(report.records());
                if (!quiet) {
                    out.println(file + ": " + parsed.format().name().toLowerCase(Locale.ROOT) + ", " + report.metadata().orgName()
                            + " report " + report.metadata().reportId() + " for " + report.policy().domain().ascii() + ", "
                            + report.metadata().begin() + " to " + report.metadata().end() + ", " + report.records().size() + " records, "
                            + report.messageCount() + " messages, p=" + report.policy().p().name().toLowerCase(Locale.ROOT));
                }
            } catch (ReportFormatException e) {
                rejected++;
                out.println(file + ": rejected: " + e.getMessage() + " (" + e.rule() + ")");
            }
        }
        for (Map.Entry<String, List<AggregateReport.Record>> domain : byDomain.entrySet()) {
            long messages = 0;
            long pass = 0;
            for (AggregateReport.Record r : domain.getValue()) {
                messages += r.count();
                pass += r.dmarcPass() ? r.count() : 0;
            }
            out.println();
            out.println(domain.getKey() + ": " + messages + " messages, " + pass + " pass DMARC, " + (messages - pass) + " fail");
            for (Source s : SenderAnalysis.sources(domain.getValue(), Map.of())) {
                out.printf(Locale.ROOT, "  %-39s %10d messages %10d pass %10d fail  %s%n", s.ip(), s.messages(), s.dmarcPass(), s.dmarcFail(),
                        s.classification().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return rejected == 0 ? OK : REJECTED;
    }
}
