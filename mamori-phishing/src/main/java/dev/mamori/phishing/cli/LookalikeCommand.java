package dev.mamori.phishing.cli;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.lookalike.LookalikeMatch;
import dev.mamori.phishing.lookalike.LookalikeMatcher;
import dev.mamori.phishing.lookalike.LookalikeScan;
import dev.mamori.phishing.lookalike.RejectedLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mamori lookalike}: checks a list of observed domains (newly registered domains, a
 * certificate-transparency export, URLs) against brand domains, without a server or database.
 *
 * <p>Exit codes: 0 no match, 1 matches found, 2 usage error or unreadable file.
 */
public final class LookalikeCommand {
    public static final int NO_MATCH = 0;
    public static final int FOUND = 1;
    public static final int USAGE = 2;
    private static final int SHOWN_REJECTED = 20;

    public static final String HELP = """
            Usage: ./mamori lookalike --brand DOMAIN... --observed FILE [--min-score X] [--json]

            Finds lookalikes of brand domains (typos, homoglyphs and IDN homographs, other suffixes
            such as .co.jp or .com, the brand with login/secure/card ..., the brand inside a longer
            name) among observed domains. FILE is read as it streams, one line at a time: a plain
            list (one domain or URL per line), a CSV certificate-transparency export with a header
            (common_name, name_value, dns_names, domain ...) or JSON lines (domain, names,
            all_domains, dns_names ...). Use - for standard input.

              --brand DOMAIN...   brand domains to protect (several after one --brand, or repeat it)
              --observed FILE     the observed domains
              --min-score X       report only matches scoring at least X (0 to 1, default 0.6)
              --json              one JSON object per match and line instead of a table
              --threads N         threads matching in parallel (default: processors, at most 4)

            Exit code: 0 no match, 1 matches found, 2 usage error or unreadable file.
            """;

    private LookalikeCommand() {
    }

    /** Runs {@code lookalike} with {@code args} (without the word "lookalike") and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("mamori lookalike: " + e.getMessage());
            err.println("Run './mamori lookalike --help' for the options.");
            return USAGE;
        }
        if (arguments.help) {
            out.print(HELP);
            return NO_MATCH;
        }
        LookalikeScan.Outcome outcome;
        try (BufferedReader input = open(arguments.observed)) {
            outcome = LookalikeScan.run(input, LookalikeMatcher.of(arguments.brands), arguments.threads, SHOWN_REJECTED);
        } catch (IOException | UncheckedIOException e) {
            err.println("mamori lookalike: cannot read " + arguments.observed + ": " + describe(e));
            return USAGE;
        }
        List<LookalikeMatch> shown = new ArrayList<>();
        for (LookalikeMatch match : outcome.matches()) {
            if (match.score() >= arguments.minScore) {
                shown.add(match);
            }
        }
        if (arguments.json) {
            JsonMapper json = JsonMapper.builder().build();
            for (LookalikeMatch match : shown) {
                ObjectNode node = json.createObjectNode();
                node.put("observed", match.observed());
                node.put("unicode", unicode(match.observed()));
                node.put("brand", match.brand().ascii());
                node.put("score", match.score());
                node.put("technique", match.technique().id());
                out.println(json.writeValueAsString(node));
            }
        } else if (!shown.isEmpty()) {
            out.printf(Locale.ROOT, "%-5s  %-13s  %-40s  %s%n", "SCORE", "TECHNIQUE", "OBSERVED", "BRAND");
            for (LookalikeMatch match : shown) {
                String observed = unicode(match.observed());
                out.printf(Locale.ROOT, "%.3f  %-13s  %-40s  %s%n", match.score(), match.technique().id(),
                        observed.equals(match.observed()) ? observed : observed + " (" + match.observed() + ")", match.brand().ascii());
            }
        }
        out.flush();
        for (RejectedLine line : outcome.rejected()) {
            err.println("mamori lookalike: line " + line.line() + " skipped (" + line.rule() + "): " + line.reason());
        }
        if (outcome.rejectedCount() > outcome.rejected().size()) {
            err.println("mamori lookalike: " + (outcome.rejectedCount() - outcome.rejected().size()) + " more lines skipped");
        }
        err.println("mamori lookalike: " + outcome.scanned() + " names checked against " + arguments.brands.size() + " brands, "
                + shown.size() + " matches");
        return shown.isEmpty() ? NO_MATCH : FOUND;
    }

    private static BufferedReader open(String observed) throws IOException {
        // Malformed UTF-8 is replaced, not fatal: the line then fails as a domain and is reported.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if ("-".equals(observed)) {
            return new BufferedReader(new InputStreamReader(System.in, decoder), 1 << 16);
        }
        Path path;
        try {
            path = Path.of(observed);
        } catch (InvalidPathException e) {
            throw new IOException("not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw new IOException("it is a directory");
        }
        return new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder), 1 << 16);
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String unicode(String ascii) {
        try {
            return ascii.contains("xn--") ? IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED) : ascii;
        } catch (IllegalArgumentException e) {
            return ascii;
        }
    }

    private static final class Arguments {
        final List<DomainName> brands = new ArrayList<>();
        String observed;
        double minScore = LookalikeMatcher.MIN_SCORE;
        boolean json;
        boolean help;
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> a.help = true;
                    case "--json" -> a.json = true;
                    case "--brand" -> {
                        int before = a.brands.size();
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            try {
                                a.brands.add(DomainName.of(args[++i]));
                            } catch (InvalidDomainException e) {
                                throw new IllegalArgumentException("--brand " + args[i] + " is not a domain name (" + e.rule() + ")");
                            }
                        }
                        if (a.brands.size() == before) {
                            throw new IllegalArgumentException("--brand needs at least one domain");
                        }
                    }
                    case "--observed" -> a.observed = value(args, ++i, arg);
                    case "--min-score" -> {
                        String text = value(args, ++i, arg);
                        try {
                            a.minScore = Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            a.minScore = Double.NaN;
                        }
                        if (!(a.minScore >= 0 && a.minScore <= 1)) {
                            throw new IllegalArgumentException("--min-score is a number from 0 to 1");
                        }
                    }
                    case "--threads" -> {
                        try {
                            a.threads = Integer.parseInt(value(args, ++i, arg));
                        } catch (NumberFormatException e) {
                            a.threads = 0;
                        }
                        if (a.threads < 1 || a.threads > 64) {
                            throw new IllegalArgumentException("--threads is a whole number from 1 to 64");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (!a.help && a.brands.isEmpty()) {
                throw new IllegalArgumentException("--brand is required");
            }
            if (!a.help && a.observed == null) {
                throw new IllegalArgumentException("--observed is required");
            }
            return a;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
