package dev.mamori.phishing.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code v=spf1} record (RFC 7208 section 4.6 and 12). Parsing checks the whole record. */
final class SpfRecord {

    enum Qualifier {
        PASS(SpfResult.Result.PASS), FAIL(SpfResult.Result.FAIL),
        SOFTFAIL(SpfResult.Result.SOFTFAIL), NEUTRAL(SpfResult.Result.NEUTRAL);

        final SpfResult.Result result;

        Qualifier(SpfResult.Result result) {
            this.result = result;
        }
    }

    enum Kind { ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS }

    /**
     * One mechanism.
     *
     * @param domainSpec the unexpanded domain-spec, or null when absent (means the current domain)
     * @param network the ip4/ip6 network bytes, or null
     * @param text the term as written, for {@link SpfResult#mechanism()}
     */
    record Mechanism(Qualifier qualifier, Kind kind, String domainSpec, int cidr4, int cidr6,
                     byte[] network, String text) {
    }

    private static final Pattern MODIFIER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern DUAL_CIDR = Pattern.compile("//([0-9]+)$");
    private static final Pattern CIDR = Pattern.compile("/([0-9]+)$");
    private static final Pattern IP4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern TOPLABEL =
            Pattern.compile("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");

    final List<Mechanism> mechanisms;
    final String redirect;
    final String exp;
    final List<String> unknownModifiers;

    private SpfRecord(List<Mechanism> mechanisms, String redirect, String exp, List<String> unknownModifiers) {
        this.mechanisms = List.copyOf(mechanisms);
        this.redirect = redirect;
        this.exp = exp;
        this.unknownModifiers = List.copyOf(unknownModifiers);
    }

    /** True when {@code txt} is an SPF version 1 record: "v=spf1" (any case) then a space or the end. */
    static boolean isSpf1(String txt) {
        return txt.length() >= 6 && txt.regionMatches(true, 0, "v=spf1", 0, 6)
                && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    static SpfRecord parse(String txt) throws SpfSyntaxException {
        if (!isSpf1(txt)) {
            throw new SpfSyntaxException("not a v=spf1 record");
        }
        List<Mechanism> mechanisms = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String redirect = null;
        String exp = null;
        for (String term : txt.substring(6).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            int eq = term.indexOf('=');
            if (eq > 0 && MODIFIER_NAME.matcher(term.substring(0, eq)).matches()) {
                String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
                String value = term.substring(eq + 1);
                switch (name) {
                    case "redirect" -> {
                        if (redirect != null) {
                            throw new SpfSyntaxException("redirect= given twice");
                        }
                        checkDomainSpec(value);
                        redirect = value;
                    }
                    case "exp" -> {
                        if (exp != null) {
                            throw new SpfSyntaxException("exp= given twice");
                        }
                        checkDomainSpec(value);
                        exp = value;
                    }
                    default -> {
                        MacroExpander.validate(value, false);
                        unknown.add(term);
                    }
                }
                continue;
            }
            mechanisms.add(mechanism(term));
        }
        return new SpfRecord(mechanisms, redirect, exp, unknown);
    }

    private static Mechanism mechanism(String term) throws SpfSyntaxException {
        Qualifier qualifier = Qualifier.PASS;
        int pos = 0;
        switch (term.charAt(0)) {
            case '+' -> pos = 1;
            case '-' -> { qualifier = Qualifier.FAIL; pos = 1; }
            case '~' -> { qualifier = Qualifier.SOFTFAIL; pos = 1; }
            case '?' -> { qualifier = Qualifier.NEUTRAL; pos = 1; }
            default -> { }
        }
        int end = pos;
        while (end < term.length() && term.charAt(end) != ':' && term.charAt(end) != '/') {
            end++;
        }
        String name = term.substring(pos, end).toLowerCase(Locale.ROOT);
        String rest = term.substring(end);
        switch (name) {
            case "all" -> {
                if (!rest.isEmpty()) {
                    throw new SpfSyntaxException("all takes no argument");
                }
                return new Mechanism(qualifier, Kind.ALL, null, 32, 128, null, term);
            }
            case "include", "exists" -> {
                String spec = requiredDomainSpec(rest, name);
                return new Mechanism(qualifier, name.equals("include") ? Kind.INCLUDE : Kind.EXISTS,
                        spec, 32, 128, null, term);
            }
            case "ptr" -> {
                String spec = optionalDomainSpec(rest);
                return new Mechanism(qualifier, Kind.PTR, spec, 32, 128, null, term);
            }
            case "a", "mx" -> {
                int cidr6 = 128;
                int cidr4 = 32;
                Matcher dual = DUAL_CIDR.matcher(rest);
                if (dual.find()) {
                    cidr6 = cidrLength(dual.group(1), 128);
                    rest = rest.substring(0, dual.start());
                }
                Matcher single = CIDR.matcher(rest);
                if (single.find()) {
                    cidr4 = cidrLength(single.group(1), 32);
                    rest = rest.substring(0, single.start());
                }
                String spec = optionalDomainSpec(rest);
                return new Mechanism(qualifier, name.equals("a") ? Kind.A : Kind.MX, spec, cidr4, cidr6, null, term);
            }
            case "ip4" -> {
                String[] network = network(rest, name);
                byte[] address = ip4(network[0]);
                int cidr = network[1] == null ? 32 : cidrLength(network[1], 32);
                return new Mechanism(qualifier, Kind.IP4, null, cidr, 128, address, term);
            }
            case "ip6" -> {
                String[] network = network(rest, name);
                byte[] address = ip6(network[0]);
                int cidr = network[1] == null ? 128 : cidrLength(network[1], 128);
                return new Mechanism(qualifier, Kind.IP6, null, 32, cidr, address, term);
            }
            default -> throw new SpfSyntaxException("unknown mechanism");
        }
    }

    private static String[] network(String rest, String name) throws SpfSyntaxException {
        if (!rest.startsWith(":")) {
            throw new SpfSyntaxException(name + " needs a network");
        }
        String value = rest.substring(1);
        int slash = value.indexOf('/');
        if (slash < 0) {
            return new String[] {value, null};
        }
        return new String[] {value.substring(0, slash), value.substring(slash + 1)};
    }

    private static int cidrLength(String digits, int max) throws SpfSyntaxException {
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9') || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new SpfSyntaxException("invalid CIDR length");
        }
        int value = Integer.parseInt(digits);
        if (value > max) {
            throw new SpfSyntaxException("CIDR length out of range");
        }
        return value;
    }

    private static byte[] ip4(String text) throws SpfSyntaxException {
        Matcher m = IP4.matcher(text);
        if (!m.matches()) {
            throw new SpfSyntaxException("invalid ip4 network");
        }
        byte[] b = new byte[4];
        for (int k = 0; k < 4; k++) {
            int octet = Integer.parseInt(m.group(k + 1));
            if (octet > 255) {
                throw new SpfSyntaxException("invalid ip4 network");
            }
            b[k] = (byte) octet;
        }
        return b;
    }

    private static byte[] ip6(String text) throws SpfSyntaxException {
        // Only literal characters reach getByName, so it parses and never queries DNS.
        if (!IP6.matcher(text).matches() || text.indexOf(':') < 0) {
            throw new SpfSyntaxException("invalid ip6 network");
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            byte[] b = address.getAddress();
            if (address instanceof Inet4Address) {
                // Java folds ::ffff:a.b.c.d to IPv4; keep the IPv6 form the record wrote.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            throw new SpfSyntaxException("invalid ip6 network");
        }
    }

    private static String requiredDomainSpec(String rest, String name) throws SpfSyntaxException {
        if (!rest.startsWith(":")) {
            throw new SpfSyntaxException(name + " needs a domain-spec");
        }
        String spec = rest.substring(1);
        checkDomainSpec(spec);
        return spec;
    }

    private static String optionalDomainSpec(String rest) throws SpfSyntaxException {
        if (rest.isEmpty()) {
            return null;
        }
        return requiredDomainSpec(rest, "mechanism");
    }

    /** domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand. */
    static void checkDomainSpec(String spec) throws SpfSyntaxException {
        if (spec.isEmpty()) {
            throw new SpfSyntaxException("empty domain-spec");
        }
        if (MacroExpander.validate(spec, false)) {
            return;
        }
        String s = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        int dot = s.lastIndexOf('.');
        if (dot < 0 || !TOPLABEL.matcher(s.substring(dot + 1)).matches()) {
            throw new SpfSyntaxException("domain-spec does not end in a toplabel or macro");
        }
    }
}
