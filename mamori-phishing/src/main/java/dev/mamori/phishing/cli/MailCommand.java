package dev.mamori.phishing.cli;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcResult;
import dev.mamori.phishing.dns.DnsJavaResolver;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.mail.MalformedMessageException;
import dev.mamori.phishing.mail.MessageAuthentication;
import dev.mamori.phishing.mail.MessageAuthenticator;
import dev.mamori.phishing.mail.SmtpEnvelope;
import dev.mamori.phishing.spf.SpfResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./mamori mail verify}: authenticates a message file (or, with {@code --batch}, one JSON
 * line per message from standard input) as a receiving mail server would, with every DNS lookup
 * sent to the system's resolver or to {@code --dns HOST:PORT}. Runs without Spring or a server.
 */
public final class MailCommand {
    public static final int PASSED = 0;
    public static final int DMARC_FAILED = 1;
    public static final int USAGE = 2;
    public static final int TEMPORARY_FAILURE = 3;

    public static final String HELP = """
            Usage: ./mamori mail verify FILE.eml --ip IP --helo HOST --mail-from ADDR [options]
                   ./mamori mail verify --batch [options] < lines.jsonl

            Authenticates a received message the way a receiving mail server does: SPF for the
            SMTP client's IP, HELO name and MAIL FROM (RFC 7208), every DKIM signature (RFC 6376,
            rsa-sha256 and ed25519-sha256), then DMARC alignment and the From domain's policy
            (RFC 7489 / RFC 9989). Prints the Authentication-Results header (RFC 8601) and why.

              --ip IP            the SMTP client's IPv4 or IPv6 address
              --helo HOST        its HELO/EHLO name
              --mail-from ADDR   the MAIL FROM address; "" or "<>" for a bounce (SPF then checks HELO)
              --dns HOST:PORT    send every DNS lookup to this resolver (default: the system's)
              --authserv-id HOST the name in Authentication-Results (default: mamori)
              --json             print the result as JSON
              --batch            read JSON lines from standard input, each with "ip", "helo",
                                 "mailFrom" and optionally "eml" (a file path; without it only SPF
                                 is checked), and write one JSON result per line: "spf", "dkim",
                                 "dmarc", "disposition", "authenticationResults", "reasons", or
                                 "error" with "field", "rule" and "message" for a line that could
                                 not be checked. A bad line never stops the batch.

            Exit code: 0 DMARC did not fail, 1 DMARC failed (batch: a message failed or a line
                       could not be checked), 2 usage error or an unreadable or malformed message,
                       3 a DNS lookup failed temporarily (try again).
            """;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** The batch reads files the operator names; each is bounded like an SMTP message. */
    private static final long MAX_FILE = MessageAuthenticator.MAX_MESSAGE_BYTES;

    private MailCommand() {
    }

    /** Runs {@code mail ...} with {@code args} (without the word "mail") and returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("mamori mail: " + e.getMessage());
            err.println("Run './mamori mail --help' for the options.");
            return USAGE;
        }
        if (options.help) {
            out.print(HELP);
            return PASSED;
        }
        DnsResolver dns;
        try {
            dns = options.dns == null ? DnsJavaResolver.system() : DnsJavaResolver.forServer(options.dns, Duration.ofSeconds(5));
        } catch (IllegalArgumentException e) {
            err.println("mamori mail: --dns: " + e.getMessage());
            return USAGE;
        }
        MessageAuthenticator authenticator;
        try {
            authenticator = new MessageAuthenticator(dns, Clock.systemUTC(), options.authservId);
        } catch (IllegalArgumentException e) {
            err.println("mamori mail: --authserv-id must be a host name");
            return USAGE;
        }
        return options.batch ? batch(authenticator, in, out) : single(authenticator, options, out, err);
    }

    private static int single(MessageAuthenticator authenticator, Options options, PrintStream out, PrintStream err) {
        MessageAuthentication result;
        try {
            SmtpEnvelope envelope = SmtpEnvelope.parse(options.ip, options.helo, options.mailFrom);
            result = authenticator.authenticate(read(Path.of(options.file)), envelope);
        } catch (MalformedMessageException e) {
            err.println("mamori mail: " + e.field() + " (" + e.rule() + "): " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("mamori mail: cannot read " + options.file + ": " + describe(e));
            return USAGE;
        }
        if (options.json) {
            out.println(JSON.writeValueAsString(json(result)));
        } else {
            out.println("Authentication-Results: " + result.authenticationResults());
            for (String reason : result.reasons()) {
                out.println("  " + reason);
            }
            if (result.dmarcFailed()) {
                out.println("DMARC fail: the domain asks receivers to " + disposition(result.dmarc()) + " this message.");
            }
        }
        if (result.dmarcFailed()) {
            return DMARC_FAILED;
        }
        return result.dmarc().result() == DmarcResult.Result.TEMPERROR ? TEMPORARY_FAILURE : PASSED;
    }

    private static int batch(MessageAuthenticator authenticator, InputStream in, PrintStream out) {
        boolean anyFailed = false;
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode result = checkLine(authenticator, line);
                result.put("line", lineNumber);
                anyFailed |= result.has("error") || "fail".equals(result.path("dmarc").asString(""));
                out.println(JSON.writeValueAsString(result));
                out.flush();
            }
        } catch (IOException e) {
            ObjectNode error = JSON.createObjectNode();
            error.put("line", lineNumber + 1);
            error.set("error", error("stdin", "unreadable", "standard input could not be read: " + describe(e)));
            out.println(JSON.writeValueAsString(error));
            return USAGE;
        }
        return anyFailed ? DMARC_FAILED : PASSED;
    }

    /** One batch line: never throws; a line that cannot be checked answers an "error" object. */
    static ObjectNode checkLine(MessageAuthenticator authenticator, String line) {
        ObjectNode result = JSON.createObjectNode();
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JacksonException e) {
            result.set("error", error("line", "json", "each line is one JSON object with ip, helo, mailFrom and optionally eml"));
            return result;
        }
        if (!request.isObject()) {
            result.set("error", error("line", "json", "each line is one JSON object with ip, helo, mailFrom and optionally eml"));
            return result;
        }
        try {
            SmtpEnvelope envelope = SmtpEnvelope.parse(text(request, "ip"), text(request, "helo"), text(request, "mailFrom"));
            String eml = text(request, "eml");
            if (eml == null || eml.isEmpty()) {
                SpfResult spf = authenticator.checkSpf(envelope);
                result.put("spf", spf.result().keyword());
                result.putNull("dkim");
                result.putNull("dmarc");
                result.putArray("reasons").add("spf=" + spf.result().keyword() + (spf.explanation().isEmpty() ? "" : ": " + spf.explanation()));
                return result;
            }
            result.put("eml", eml);
            return json(authenticator.authenticate(read(Path.of(eml)), envelope)).setAll(result);
        } catch (MalformedMessageException e) {
            result.set("error", error(e.field(), e.rule(), e.getMessage()));
        } catch (IOException e) {
            result.set("error", error("eml", "unreadable", "cannot read the file: " + describe(e)));
        } catch (RuntimeException e) {
            // A message this checker cannot handle must not stop the other lines.
            result.set("error", error("message", "unprocessable", "the message could not be checked: " + e.getClass().getSimpleName()));
        }
        return result;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new MalformedMessageException(field, "string", field + " must be a JSON string");
        }
        return node.asString();
    }

    static ObjectNode json(MessageAuthentication result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("fromDomain", result.fromDomain());
        node.put("spf", result.spf().result().keyword());
        ArrayNode dkim = node.putArray("dkim");
        for (DkimResult r : result.dkim()) {
            dkim.add(r.result().word());
        }
        node.put("dmarc", result.dmarc().result().keyword());
        node.put("disposition", result.dmarc().disposition().name().toLowerCase(java.util.Locale.ROOT));
        node.put("authenticationResults", result.authenticationResults());
        ArrayNode reasons = node.putArray("reasons");
        result.reasons().forEach(reasons::add);
        return node;
    }

    private static ObjectNode error(String field, String rule, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("field", field);
        error.put("rule", rule);
        error.put("message", message);
        return error;
    }

    private static String disposition(DmarcResult dmarc) {
        return switch (dmarc.disposition()) {
            case REJECT -> "reject";
            case QUARANTINE -> "quarantine (treat as suspicious)";
            case NONE -> "deliver (monitoring only, p=none)";
        };
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new MalformedMessageException("message", "too-large", "the message has more than " + MAX_FILE + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName();
    }

    /** The command line, checked before anything runs. */
    static final class Options {
        boolean help;
        boolean batch;
        boolean json;
        String file;
        String ip;
        String helo;
        String mailFrom;
        String dns;
        String authservId = "mamori";

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length == 0) {
                throw new IllegalArgumentException("mail needs a subcommand: mail verify");
            }
            if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
                o.help = true;
                return o;
            }
            if (!args[0].equals("verify")) {
                throw new IllegalArgumentException("unknown mail subcommand: " + args[0] + " (known: verify)");
            }
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--batch" -> o.batch = true;
                    case "--json" -> o.json = true;
                    case "--ip" -> o.ip = value(args, ++i, arg);
                    case "--helo" -> o.helo = value(args, ++i, arg);
                    case "--mail-from" -> o.mailFrom = value(args, ++i, arg);
                    case "--dns" -> o.dns = value(args, ++i, arg);
                    case "--authserv-id" -> o.authservId = value(args, ++i, arg);
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option: " + arg);
                        }
                        if (o.file != null) {
                            throw new IllegalArgumentException("mail verify takes one message file (use --batch for many)");
                        }
                        o.file = arg;
                    }
                }
            }
            if (o.help) {
                return o;
            }
            if (o.batch) {
                if (o.file != null || o.ip != null || o.helo != null || o.mailFrom != null) {
                    throw new IllegalArgumentException("--batch reads ip, helo, mailFrom and eml from standard input; give no file or envelope options");
                }
                return o;
            }
            if (o.file == null) {
                throw new IllegalArgumentException("mail verify needs a message file (FILE.eml), or --batch");
            }
            if (o.ip == null) {
                throw new IllegalArgumentException("mail verify needs --ip (the SMTP client's address)");
            }
            if (o.mailFrom == null) {
                throw new IllegalArgumentException("mail verify needs --mail-from (\"<>\" for a bounce)");
            }
            if (o.helo == null) {
                o.helo = "";
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
