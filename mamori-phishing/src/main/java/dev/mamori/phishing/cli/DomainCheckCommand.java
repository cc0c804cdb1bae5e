package dev.mamori.phishing.cli;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.dns.DnsJavaResolver;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.posture.DkimKeyStatus;
import dev.mamori.phishing.posture.HttpsMtaStsFetcher;
import dev.mamori.phishing.posture.MtaStsFetcher;
import dev.mamori.phishing.posture.PostureChecker;
import dev.mamori.phishing.posture.PostureFinding;
import dev.mamori.phishing.posture.PostureReport;
import dev.mamori.phishing.posture.SeenRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mamori domain check}: the posture of one or more domains (SPF, DMARC, DKIM, MTA-STS, TLS-RPT, BIMI)
 * from the command line, without a server or database.
 *
 * <p>Exit codes: 0 no finding of high or critical severity, 1 at least one, 2 usage error or a DNS lookup
 * that could not be answered (the posture is then unknown, which a script must not read as good).
 */
public final class DomainCheckCommand {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            Usage: ./mamori domain check DOMAIN... [options]

            Looks up and evaluates each domain's sender-authentication posture over DNS: SPF, DMARC
            (with the organizational domain's policy for a subdomain without its own record), DKIM
            keys, MTA-STS (the TXT record and the policy file over HTTPS), TLS-RPT and BIMI. Prints
            each finding with its severity (critical, high, medium, low, info), code, what is wrong
            and the fix, and a grade from A to F.

              --dns HOST:PORT   send every DNS lookup to this server (default: the system's resolvers)
              --selector S      a DKIM selector the domains sign with (repeatable); common provider
                                selectors (google, selector1, selector2, k1, s1, ...) are always tried
              --non-sending     the domains send no mail: they must publish v=spf1 -all and
                                DMARC p=reject (METI/NPA/MIC request of February 2023)
              --json            write a JSON report to standard output instead of text
              --lang ja|en      the language of messages and fixes (default en)

            Exit code: 0 no finding of high or critical severity, 1 at least one,
                       2 usage error or a DNS lookup that could not be answered.
            """;

    private DomainCheckCommand() {
    }

    /** Runs {@code domain check} with {@code args} (without the words "domain check") and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("mamori domain check: " + e.getMessage());
            err.println("Run './mamori domain check --help' for the options.");
            return USAGE;
        }
        if (arguments.help) {
            out.print(HELP);
            return OK;
        }
        DnsResolver dns = arguments.dns == null ? DnsJavaResolver.system() : DnsJavaResolver.forServer(arguments.dns, DnsJavaResolver.DEFAULT_TIMEOUT);
        // An operator's own command may fetch policies from hosts in private networks (internal mail domains);
        // the server refuses them, because there anyone who registers a domain chooses where it points.
        PostureChecker checker = new PostureChecker(dns, new HttpsMtaStsFetcher(null, Duration.ofSeconds(10), MtaStsFetcher::policyUri, true),
                Clock.systemUTC());
        List<PostureReport> reports = new ArrayList<>();
        for (DomainName domain : arguments.domains) {
            reports.add(checker.check(domain, !arguments.nonSending, arguments.selectors));
        }
        if (arguments.json) {
            out.println(json(reports, arguments.locale));
        } else {
            for (PostureReport report : reports) {
                text(report, arguments.locale, out);
            }
        }
        if (reports.stream().anyMatch(r -> !r.complete())) {
            err.println("mamori domain check: a DNS lookup failed temporarily; the posture is incomplete (see dns.temporary-failure)");
            return USAGE;
        }
        return reports.stream().anyMatch(r -> r.worstSeverity().isHighOrWorse()) ? FINDINGS : OK;
    }

    private static void text(PostureReport report, Locale locale, PrintStream out) {
        out.println(report.domain().unicode() + "  grade " + report.grade() + " (" + report.score() + "/100)"
                + (report.sendsMail() ? "" : "  [non-sending]") + (report.complete() ? "" : "  [incomplete: DNS failure]"));
        if (report.findings().isEmpty()) {
            out.println("  no findings");
        }
        for (PostureFinding f : report.findings()) {
            out.println("  " + pad(f.severity().id(), 8) + "  " + f.code().code());
            out.println("      " + f.message(locale));
            if (!f.detail().isEmpty()) {
                out.println("      detail: " + f.detail());
            }
            out.println("      fix: " + f.fix(locale));
        }
        for (DkimKeyStatus k : report.dkim()) {
            out.println("  dkim " + k.selector() + ": " + k.state().name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + (k.keyType() == null ? "" : " " + k.keyType() + (k.bits() > 0 ? " " + k.bits() + " bits" : ""))
                    + (k.testing() ? " (testing)" : ""));
        }
        out.println();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String json(List<PostureReport> reports, Locale locale) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode domains = root.putArray("domains");
        for (PostureReport r : reports) {
            ObjectNode d = domains.addObject();
            d.put("domain", r.domain().ascii());
            d.put("sendsMail", r.sendsMail());
            d.put("checkedAt", r.checkedAt().toString());
            d.put("grade", r.grade().name());
            d.put("score", r.score());
            d.put("complete", r.complete());
            ArrayNode findings = d.putArray("findings");
            for (PostureFinding f : r.findings()) {
                ObjectNode finding = findings.addObject();
                finding.put("code", f.code().code());
                finding.put("severity", f.severity().id());
                finding.put("message", f.message(locale));
                finding.put("fix", f.fix(locale));
                finding.put("detail", f.detail());
            }
            ArrayNode dkim = d.putArray("dkim");
            for (DkimKeyStatus k : r.dkim()) {
                ObjectNode key = dkim.addObject();
                key.put("selector", k.selector());
                key.put("state", k.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                key.put("keyType", k.keyType());
                key.put("bits", k.bits());
                key.put("testing", k.testing());
            }
            ArrayNode records = d.putArray("records");
            for (SeenRecord s : r.records()) {
                ObjectNode record = records.addObject();
                record.put("name", s.name());
                record.put("type", s.type());
                record.put("status", s.status());
                ArrayNode values = record.putArray("values");
                s.values().forEach(values::add);
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static final class Arguments {
        final List<DomainName> domains = new ArrayList<>();
        final List<String> selectorInput = new ArrayList<>();
        List<String> selectors = List.of();
        String dns;
        boolean nonSending;
        boolean json;
        boolean help;
        Locale locale = Locale.ENGLISH;

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> a.help = true;
                    case "--json" -> a.json = true;
                    case "--non-sending" -> a.nonSending = true;
                    case "--dns" -> a.dns = value(args, ++i, arg);
                    case "--selector" -> a.selectorInput.add(value(args, ++i, arg));
                    case "--lang" -> {
                        String lang = value(args, ++i, arg);
                        if (!lang.equals("ja") && !lang.equals("en")) {
                            throw new IllegalArgumentException("--lang is ja or en");
                        }
                        a.locale = Locale.forLanguageTag(lang);
                    }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        try {
                            a.domains.add(DomainName.of(arg));
                        } catch (InvalidDomainException e) {
                            throw new IllegalArgumentException("'" + clip(arg) + "' is not a domain name (" + e.rule() + "): " + e.getMessage());
                        }
                    }
                }
            }
            if (a.help) {
                return a;
            }
            if (a.domains.isEmpty()) {
                throw new IllegalArgumentException("name at least one DOMAIN");
            }
            if (a.dns != null) {
                DnsJavaResolver.parseServer(a.dns); // its message names the rule
            }
            a.selectors = PostureChecker.normalizeSelectors(a.selectorInput);
            return a;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String clip(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }
}
