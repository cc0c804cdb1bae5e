package dev.mamori.phishing.cli;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.internal.EncodedCards;
import dev.mamori.phishing.cases.InvalidReportException;
import dev.mamori.phishing.cases.ReportedMail;
import dev.mamori.phishing.cases.ReportedUrl;
import dev.mamori.phishing.cases.UrlExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./mamori phishing-urls FILE...}: the web addresses in reported phishing material, read as
 * the server's intake reads them (defanged forms, full-width characters, Japanese SMS text, MIME
 * mails with nested forwards), one per line: the normalised URL, its host and its defanged form.
 * Runs without Spring or a database; nothing is stored.
 *
 * <p>Exit codes: 0 at least one address found, 1 none found, 2 usage error or a file unreadable.
 */
public final class PhishingUrlsCommand {
    public static final int FOUND = 0;
    public static final int NOTHING_FOUND = 1;
    public static final int USAGE = 2;
    /** Files larger than this are not read. */
    static final long MAX_FILE = 20L * 1024 * 1024;

    public static final String HELP = """
            Usage: ./mamori phishing-urls FILE... [--defanged]

            Lists the web addresses in phishing reports: text files (an SMS, a paste) and mails
            (.eml, RFC 5322/MIME: text and HTML parts, forwarded mails attached inside). Reads
            defanged forms (hxxps, [.], (.), [dot], [:]//, spaces around dots), full-width
            characters and Japanese text around the URL. A file whose name ends in .eml, or
            that starts with mail headers, is read as a mail. Use - to read standard input.

            Each line: FILE<TAB>URL<TAB>HOST<TAB>DEFANGED-URL (tab-separated). Card numbers
            in a URL are masked (first 6 and last 4 digits).

              --defanged   print only the defanged URL, one per line (safe to paste in a ticket)

            Exit code: 0 addresses found, 1 none found, 2 usage error or a file unreadable.
            """;

    private PhishingUrlsCommand() {
    }

    /** Runs the command with {@code args} (without the command's name) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        boolean defangedOnly = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(HELP);
                return FOUND;
            } else if (arg.equals("--defanged")) {
                defangedOnly = true;
            } else if (arg.startsWith("--")) {
                err.println("mamori phishing-urls: unknown option " + CardNumberDetector.mask(arg));
                err.println("Run './mamori phishing-urls --help' for the options.");
                return USAGE;
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            err.println("mamori phishing-urls: name at least one file (or - for standard input)");
            return USAGE;
        }
        int found = 0;
        for (String name : files) {
            byte[] bytes;
            try {
                bytes = read(name);
            } catch (IOException | InvalidPathException e) {
                err.println("mamori phishing-urls: cannot read " + CardNumberDetector.mask(name));
                return USAGE;
            }
            List<ReportedUrl> urls;
            try {
                urls = looksLikeMail(name, bytes) ? ReportedMail.parse(bytes).urls()
                        : UrlExtractor.fromText(new String(bytes, StandardCharsets.UTF_8));
            } catch (InvalidReportException e) {
                err.println("mamori phishing-urls: " + CardNumberDetector.mask(name) + ": " + e.getMessage());
                return USAGE;
            }
            for (ReportedUrl url : urls) {
                // URL-encoded separators (4111+1111+...) too: a kit's query string carries the number that way.
                String masked = EncodedCards.mask(url.url());
                String defanged = EncodedCards.mask(url.defangedForm());
                out.println(defangedOnly ? defanged : CardNumberDetector.mask(name) + "\t" + masked + "\t" + url.host() + "\t" + defanged);
                found++;
            }
        }
        return found > 0 ? FOUND : NOTHING_FOUND;
    }

    private static byte[] read(String name) throws IOException {
        if (name.equals("-")) {
            return System.in.readNBytes((int) MAX_FILE);
        }
        Path path = Path.of(name);
        if (Files.size(path) > MAX_FILE) {
            throw new IOException("too large");
        }
        return Files.readAllBytes(path);
    }

    /** An .eml file, or text that starts with a header line such as {@code From:} or {@code Received:}. */
    static boolean looksLikeMail(String name, byte[] bytes) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".eml")) {
            return true;
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        return head.matches("(?s)^(Return-Path|Received|From|Delivered-To|Message-ID|MIME-Version|Date|Subject|To|X-[A-Za-z-]+):[^\\r\\n]*\\r?\\n.*");
    }
}
