package dev.mamori.phishing.spf;

import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import dev.mamori.phishing.dns.DnsResolver.Status;
import dev.mamori.phishing.spf.SpfResult.Result;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * RFC 7208 {@code check_host()}: is {@code ip} allowed to send mail for a domain?
 *
 * <p>Every lookup goes through a {@link DnsResolver}. The limits of section 4.6.4 apply to one check: at most
 * {@value #MAX_DNS_LOOKUPS} mechanisms and modifiers that query DNS, at most {@value #MAX_VOID_LOOKUPS} lookups
 * that find nothing, at most {@value #MAX_MX_OR_PTR_NAMES} MX names (more is a permerror) and PTR names (the rest
 * are ignored). Conformance is checked against the openspf RFC 7208 test suite.
 *
 * <p>Instances are immutable and thread-safe when the resolver is.
 */
public final class SpfEvaluator {

    /** The explanation of a fail result when the domain gives none (or its exp= cannot be used). */
    public static final String DEFAULT_EXPLANATION = "SPF fail: the sending host is not authorized by the domain";

    public static final int MAX_DNS_LOOKUPS = 10;
    public static final int MAX_VOID_LOOKUPS = 2;
    public static final int MAX_MX_OR_PTR_NAMES = 10;

    private static final int MAX_DOMAIN_LENGTH = 253;

    private final DnsResolver dns;
    private final String receivingHost;
    private final Clock clock;

    /** An evaluator whose {@code %{r}} expands to "unknown" and {@code %{t}} to the system clock. */
    public SpfEvaluator(DnsResolver dns) {
        this(dns, "unknown", Clock.systemUTC());
    }

    /**
     * @param receivingHost this MTA's domain name, for the {@code %{r}} macro in explanations
     * @param clock the time for the {@code %{t}} macro
     */
    public SpfEvaluator(DnsResolver dns, String receivingHost, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.receivingHost = Objects.requireNonNull(receivingHost, "receivingHost");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks the MAIL FROM identity, or the HELO identity ({@code postmaster@helo}) when MAIL FROM is empty
     * (the null reverse-path). A MAIL FROM without a local part uses "postmaster".
     *
     * @param ip the SMTP client's address
     * @param mailFrom the reverse-path without angle brackets; empty or null for {@code <>}
     * @param helo the HELO/EHLO argument
     */
    public SpfResult check(InetAddress ip, String mailFrom, String helo) {
        Objects.requireNonNull(ip, "ip");
        String heloName = helo == null ? "" : helo;
        String local;
        String domain;
        if (mailFrom == null || mailFrom.isEmpty()) {
            local = "postmaster";
            domain = heloName;
        } else {
            int at = mailFrom.lastIndexOf('@');
            local = at <= 0 ? "postmaster" : mailFrom.substring(0, at);
            domain = at < 0 ? mailFrom : mailFrom.substring(at + 1);
        }
        return checkHost(ip, domain, local + "@" + domain, heloName);
    }

    /** RFC 7208 section 4 {@code check_host(ip, domain, sender)}; {@code helo} feeds the {@code %{h}} macro. */
    public SpfResult checkHost(InetAddress ip, String domain, String sender, String helo) {
        int at = sender.lastIndexOf('@');
        Run run = new Run(ip, sender, at <= 0 ? "postmaster" : sender.substring(0, at),
                at < 0 ? sender : sender.substring(at + 1), helo);
        String name = stripDot(domain);
        if (!isValidDomain(name)) {
            return new SpfResult(Result.NONE, "", "", 0);
        }
        try {
            Outcome o = run.host(name);
            return new SpfResult(o.result, o.explanation, o.mechanism, run.lookups);
        } catch (SpfError e) {
            return new SpfResult(e.result, e.getMessage(), "", run.lookups);
        }
    }

    /** Section 4.3: multi-label, no empty label, no label over 63 characters, not a domain literal. */
    static boolean isValidDomain(String name) {
        if (name.isEmpty() || name.length() > MAX_DOMAIN_LENGTH || name.startsWith("[")) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private record Outcome(Result result, String explanation, String mechanism) {
    }

    /** Ends the whole check with permerror or temperror. */
    private static final class SpfError extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Result result;

        SpfError(Result result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }

    private static SpfError perm(String message) {
        return new SpfError(Result.PERMERROR, message);
    }

    private static SpfError temp(String message) {
        return new SpfError(Result.TEMPERROR, message);
    }

    /** The state of one check: the limits count across includes and redirects. */
    private final class Run {
        final InetAddress ip;
        final String sender;
        final String localPart;
        final String senderDomain;
        final String helo;
        int lookups;
        int voids;
        List<String> validatedNames;

        Run(InetAddress ip, String sender, String localPart, String senderDomain, String helo) {
            this.ip = ip;
            this.sender = sender;
            this.localPart = localPart;
            this.senderDomain = senderDomain;
            this.helo = helo;
        }

        Outcome host(String domain) throws SpfError {
            if (!isValidDomain(domain)) {
                return new Outcome(Result.NONE, "", "");
            }
            DnsAnswer<String> txt = dns.txt(domain);
            if (txt.status() == Status.TEMPORARY_FAILURE) {
                throw temp("DNS failure looking up the SPF record of " + domain);
            }
            List<String> records = txt.records().stream().filter(SpfRecord::isSpf1).toList();
            if (records.isEmpty()) {
                return new Outcome(Result.NONE, "", "");
            }
            if (records.size() > 1) {
                throw perm("more than one v=spf1 record at " + domain);
            }
            SpfRecord record;
            try {
                record = SpfRecord.parse(records.get(0));
            } catch (SpfSyntaxException e) {
                throw perm("syntax error in the SPF record of " + domain + ": " + e.getMessage());
            }
            for (SpfRecord.Mechanism m : record.mechanisms) {
                if (matches(m, domain)) {
                    Result r = m.qualifier().result;
                    String explanation = r == Result.FAIL ? explain(record, domain) : "";
                    return new Outcome(r, explanation, m.text());
                }
            }
            if (record.redirect != null) {
                countLookup();
                String target = expandDomain(record.redirect, domain);
                Outcome o = host(target);
                if (o.result == Result.NONE) {
                    throw perm("redirect target " + target + " has no SPF record");
                }
                return o;
            }
            return new Outcome(Result.NEUTRAL, "", "default");
        }

        private boolean matches(SpfRecord.Mechanism m, String domain) throws SpfError {
            switch (m.kind()) {
                case ALL:
                    return true;
                case IP4:
                    return ip instanceof Inet4Address && inNetwork(ip.getAddress(), m.network(), m.cidr4());
                case IP6:
                    return !(ip instanceof Inet4Address) && inNetwork(ip.getAddress(), m.network(), m.cidr6());
                case INCLUDE: {
                    countLookup();
                    String target = expandDomain(m.domainSpec(), domain);
                    Outcome o = host(target);
                    return switch (o.result) {
                        case PASS -> true;
                        case FAIL, SOFTFAIL, NEUTRAL -> false;
                        case NONE -> throw perm("include target " + target + " has no SPF record");
                        default -> throw new SpfError(o.result, o.explanation);
                    };
                }
                case A: {
                    countLookup();
                    String target = target(m, domain);
                    return isValidDomain(target) && anyAddressMatches(target, m, true);
                }
                case MX: {
                    countLookup();
                    String target = target(m, domain);
                    if (!isValidDomain(target)) {
                        return false;
                    }
                    DnsAnswer<String> mx = dns.mx(target);
                    if (mx.status() == Status.TEMPORARY_FAILURE) {
                        throw temp("DNS failure looking up MX of " + target);
                    }
                    countVoid(mx);
                    if (mx.records().size() > MAX_MX_OR_PTR_NAMES) {
                        throw perm("more than " + MAX_MX_OR_PTR_NAMES + " MX records at " + target);
                    }
                    for (String exchange : mx.records()) {
                        String host = stripDot(exchange);
                        if (isValidDomain(host) && anyAddressMatches(host, m, false)) {
                            return true;
                        }
                    }
                    return false;
                }
                case PTR: {
                    countLookup();
                    String target = target(m, domain).toLowerCase(Locale.ROOT);
                    for (String name : validatedNames(true)) {
                        String n = name.toLowerCase(Locale.ROOT);
                        if (n.equals(target) || n.endsWith("." + target)) {
                            return true;
                        }
                    }
                    return false;
                }
                case EXISTS: {
                    countLookup();
                    String target = expandDomain(m.domainSpec(), domain);
                    if (!isValidDomain(target)) {
                        return false;
                    }
                    DnsAnswer<InetAddress> a = dns.a(target);
                    if (a.status() == Status.TEMPORARY_FAILURE) {
                        throw temp("DNS failure looking up " + target);
                    }
                    countVoid(a);
                    return a.status() == Status.FOUND;
                }
                default:
                    throw new IllegalStateException(m.kind().name());
            }
        }

        private boolean anyAddressMatches(String host, SpfRecord.Mechanism m, boolean countVoid) throws SpfError {
            boolean v4 = ip instanceof Inet4Address;
            DnsAnswer<InetAddress> answer = v4 ? dns.a(host) : dns.aaaa(host);
            if (answer.status() == Status.TEMPORARY_FAILURE) {
                throw temp("DNS failure looking up addresses of " + host);
            }
            if (countVoid) {
                countVoid(answer);
            }
            byte[] client = ip.getAddress();
            int cidr = v4 ? m.cidr4() : m.cidr6();
            for (InetAddress address : answer.records()) {
                byte[] candidate = address.getAddress();
                if (candidate.length == client.length && inNetwork(client, candidate, cidr)) {
                    return true;
                }
            }
            return false;
        }

        /** Section 5.5: PTR names of the client whose forward lookup includes the client address. */
        private List<String> validatedNames(boolean countVoid) throws SpfError {
            DnsAnswer<String> ptr = dns.ptr(ip);
            if (countVoid && ptr.status() != Status.TEMPORARY_FAILURE) {
                countVoid(ptr);
            }
            if (validatedNames != null) {
                return validatedNames;
            }
            List<String> names = new ArrayList<>();
            List<String> candidates = ptr.records();
            boolean v4 = ip instanceof Inet4Address;
            for (String candidate : candidates.subList(0, Math.min(candidates.size(), MAX_MX_OR_PTR_NAMES))) {
                String name = stripDot(candidate);
                if (!isValidDomain(name)) {
                    continue;
                }
                DnsAnswer<InetAddress> forward = v4 ? dns.a(name) : dns.aaaa(name);
                // A DNS error skips this name (section 5.5).
                if (forward.records().contains(ip)) {
                    names.add(name);
                }
            }
            validatedNames = List.copyOf(names);
            return validatedNames;
        }

        /** The {@code %{p}} value for {@code domain}: the domain itself, else a subdomain, else any, else "unknown". */
        private String validatedName(String domain) {
            List<String> names;
            try {
                names = validatedNames(false);
            } catch (SpfError e) {
                return "unknown";
            }
            String d = domain.toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (n.equalsIgnoreCase(d)) {
                    return n;
                }
            }
            for (String n : names) {
                if (n.toLowerCase(Locale.ROOT).endsWith("." + d)) {
                    return n;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        }

        private String explain(SpfRecord record, String domain) {
            if (record.exp == null) {
                return DEFAULT_EXPLANATION;
            }
            try {
                String target = expandDomain(record.exp, domain);
                if (!isValidDomain(target)) {
                    return DEFAULT_EXPLANATION;
                }
                DnsAnswer<String> txt = dns.txt(target);
                if (txt.status() != Status.FOUND || txt.records().size() != 1) {
                    return DEFAULT_EXPLANATION;
                }
                return MacroExpander.expand(txt.records().get(0), true, context(domain));
            } catch (SpfSyntaxException | SpfError e) {
                return DEFAULT_EXPLANATION;
            }
        }

        private String target(SpfRecord.Mechanism m, String domain) throws SpfError {
            return m.domainSpec() == null ? domain : expandDomain(m.domainSpec(), domain);
        }

        /** Expands a domain-spec, drops a trailing dot and shortens from the left to 253 characters. */
        private String expandDomain(String spec, String domain) throws SpfError {
            String expanded;
            try {
                expanded = stripDot(MacroExpander.expand(spec, false, context(domain)));
            } catch (SpfSyntaxException e) {
                throw perm("macro error: " + e.getMessage());
            }
            while (expanded.length() > MAX_DOMAIN_LENGTH) {
                int dot = expanded.indexOf('.');
                if (dot < 0) {
                    break;
                }
                expanded = expanded.substring(dot + 1);
            }
            return expanded;
        }

        private MacroExpander.Context context(String domain) {
            return new MacroExpander.Context(ip, sender, localPart, senderDomain, domain, helo, receivingHost,
                    clock.instant().getEpochSecond(), () -> validatedName(domain));
        }

        private void countLookup() throws SpfError {
            if (++lookups > MAX_DNS_LOOKUPS) {
                throw perm("more than " + MAX_DNS_LOOKUPS + " DNS-querying mechanisms and modifiers");
            }
        }

        private void countVoid(DnsAnswer<?> answer) throws SpfError {
            if (answer.status() == Status.NO_RECORDS || answer.status() == Status.NO_SUCH_NAME) {
                if (++voids > MAX_VOID_LOOKUPS) {
                    throw perm("more than " + MAX_VOID_LOOKUPS + " DNS lookups found nothing");
                }
            }
        }
    }

    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int k = 0; k < full; k++) {
            if (address[k] != network[k]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }
}
