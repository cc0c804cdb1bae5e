package dev.mamori.threeds.message.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The format of a data element (the spec's "Format", "Length" and "Values accepted"). A check reports
 * into {@link Problems}; it is given the element's node, never null (absence is the inclusion's concern).
 *
 * <p>An empty string or a JSON null is invalid for every element: the spec says elements without a value
 * are not sent.
 */
@FunctionalInterface
public interface Format {

    void check(JsonNode node, String path, Facts facts, Problems problems);

    // ---- strings

    /** A string of {@code min}..{@code max} characters (the spec's "an", "ans"). */
    static Format text(int min, int max) {
        return (node, path, facts, problems) -> {
            if (!node.isString() || node.stringValue().length() < min || node.stringValue().length() > max) {
                problems.invalid(path);
            }
        };
    }

    static Format text(int max) {
        return text(1, max);
    }

    /** A string of ASCII digits, {@code min}..{@code max} of them (the spec's "n"). */
    static Format digits(int min, int max) {
        Pattern pattern = Pattern.compile("[0-9]{" + min + "," + max + "}");
        return matching(pattern);
    }

    static Format digits(int length) {
        return digits(length, length);
    }

    /** Digits of a fixed length whose value lies in [{@code low}, {@code high}]. */
    static Format number(int length, int low, int high) {
        Pattern pattern = Pattern.compile("[0-9]{" + length + "}");
        return (node, path, facts, problems) -> {
            if (!isText(node) || !pattern.matcher(node.stringValue()).matches()) {
                problems.invalid(path);
                return;
            }
            int value = Integer.parseInt(node.stringValue());
            if (value < low || value > high) {
                problems.invalid(path);
            }
        };
    }

    /** 1..{@code maxLength} digits whose value lies in [{@code low}, {@code high}]. */
    static Format range(int maxLength, int low, int high) {
        Pattern pattern = Pattern.compile("[0-9]{1," + maxLength + "}");
        return (node, path, facts, problems) -> {
            if (!isText(node) || !pattern.matcher(node.stringValue()).matches()
                    || Integer.parseInt(node.stringValue()) < low || Integer.parseInt(node.stringValue()) > high) {
                problems.invalid(path);
            }
        };
    }

    static Format matching(String regex) {
        return matching(Pattern.compile(regex));
    }

    static Format matching(Pattern pattern) {
        return (node, path, facts, problems) -> {
            if (!isText(node) || !pattern.matcher(node.stringValue()).matches()) {
                problems.invalid(path);
            }
        };
    }

    /**
     * One of these values; an entry "80-99" stands for the two-digit codes from 80 to 99 (the ranges
     * the spec reserves for the DS or the payment system, valid on the wire).
     */
    static Format oneOf(String... values) {
        Set<String> accepted = expand(values);
        return (node, path, facts, problems) -> {
            if (!isText(node) || !accepted.contains(node.stringValue())) {
                problems.invalid(path);
            }
        };
    }

    private static Set<String> expand(String... values) {
        java.util.HashSet<String> out = new java.util.HashSet<>();
        for (String v : values) {
            int dash = v.indexOf('-');
            if (dash > 0 && v.length() == 5) {
                int from = Integer.parseInt(v.substring(0, dash));
                int to = Integer.parseInt(v.substring(dash + 1));
                for (int i = from; i <= to; i++) {
                    out.add(String.format("%02d", i));
                }
            } else {
                out.add(v);
            }
        }
        return Set.copyOf(out);
    }

    /** RFC 4122 canonical form: 36 characters, hexadecimal in 8-4-4-4-12 groups. */
    static Format uuid() {
        return matching("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    /**
     * A fully qualified http(s) URL of at most {@code max} characters. http is accepted beside https so
     * test and development set-ups work; production deployments are TLS-only at the transport.
     */
    static Format url(int max) {
        return (node, path, facts, problems) -> {
            if (!isText(node) || node.stringValue().length() > max || !isUrl(node.stringValue())) {
                problems.invalid(path);
            }
        };
    }

    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && hasHost(uri)
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * java.net.URI gives no host for a name with "_" (which RFC 3986 allows, and public example
     * messages use): such an authority is accepted when its host part is a plain registered name.
     */
    private static boolean hasHost(URI uri) {
        if (uri.getHost() != null) {
            return true;
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return false;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]{1,5}$", "");
        return host.matches("[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?");
    }

    /** The JSON booleans true and false (the spec's "Boolean"), not strings. */
    static Format bool() {
        return (node, path, facts, problems) -> {
            if (!node.isBoolean()) {
                problems.invalid(path);
            }
        };
    }

    /** Only the JSON boolean true (payTokenInd: "Value accepted: true"). */
    static Format trueOnly() {
        return (node, path, facts, problems) -> {
            if (!node.isBoolean() || !node.booleanValue()) {
                problems.invalid(path);
            }
        };
    }

    /** A date or time in this pattern (uuuu for the year), checked on the calendar: 20230231 is invalid. */
    static Format date(String pattern) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
        boolean hasTime = pattern.contains("HH");
        boolean hasDay = pattern.contains("dd");
        return (node, path, facts, problems) -> {
            if (!isText(node) || node.stringValue().length() != pattern.length()
                    || !node.stringValue().chars().allMatch(c -> c >= '0' && c <= '9')) {
                problems.invalid(path);
                return;
            }
            try {
                if (hasTime) {
                    LocalDateTime.parse(node.stringValue(), format);
                } else if (hasDay) {
                    LocalDate.parse(node.stringValue(), format);
                } else {
                    YearMonth.parse(node.stringValue(), format);
                }
            } catch (DateTimeException e) {
                problems.invalid(path);
            }
        };
    }

    /** ISO 4217 numeric currency code: three digits (else 203), a code the spec accepts (else 304). */
    static Format currency() {
        return (node, path, facts, problems) -> {
            if (!isText(node) || !node.stringValue().matches("[0-9]{3}")) {
                problems.invalid(path);
            } else if (!IsoCodes.currency(node.stringValue())) {
                problems.iso(path);
            }
        };
    }

    /** ISO 3166-1 numeric country code: three digits (else 203), a real code (else 304). */
    static Format country() {
        return (node, path, facts, problems) -> {
            if (!isText(node) || !node.stringValue().matches("[0-9]{3}")) {
                problems.invalid(path);
            } else if (!IsoCodes.country(node.stringValue())) {
                problems.iso(path);
            }
        };
    }

    /** An IPv4 or IPv6 address literal of at most 45 characters (never resolved as a host name). */
    static Format ip() {
        Pattern v4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
        Pattern v6chars = Pattern.compile("[0-9a-fA-F:.]{2,45}");
        return (node, path, facts, problems) -> {
            if (!isText(node)) {
                problems.invalid(path);
                return;
            }
            String text = node.stringValue();
            if (v4.matcher(text).matches()) {
                return;
            }
            // With a ':' InetAddress parses the text as an IPv6 literal and never asks DNS.
            if (!text.contains(":") || !v6chars.matcher(text).matches()) {
                problems.invalid(path);
                return;
            }
            try {
                InetAddress.getByName(text);
            } catch (UnknownHostException | SecurityException e) {
                problems.invalid(path);
            }
        };
    }

    /** An e-mail address of at most 254 characters: one '@' with text on both sides, no spaces. */
    static Format email() {
        return matching("(?=.{3,254}$)[^@\\s]+@[^@\\s]+");
    }

    /** An IETF BCP 47 language tag of {@code min}..{@code max} characters. */
    static Format language(int max) {
        Pattern tag = Pattern.compile("(?=.{1," + max + "}$)[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
        return matching(tag);
    }

    /** A JWS in compact serialisation (three base64url parts). */
    static Format jws(int max) {
        return matching("(?=.{5," + max + "}$)[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    /** Base64 (standard or URL alphabet, padding optional) of {@code min}..{@code max} characters. */
    static Format base64(int min, int max) {
        return matching("(?=.{" + min + "," + max + "}$)[A-Za-z0-9+/_-]+={0,2}");
    }

    // ---- JSON structures

    /** Any JSON object whose compact JSON is at most {@code maxChars} characters (e.g. a JWK, broadInfo). */
    static Format anyObject(int maxChars) {
        return (node, path, facts, problems) -> {
            if (!node.isObject() || JsonMapper.shared().writeValueAsString(node).length() > maxChars) {
                problems.invalid(path);
            }
        };
    }

    /** An object whose members are described by their own table (absent members: 201 with a dotted name). */
    static Format object(List<Element> members) {
        return (node, path, facts, problems) -> {
            if (!node.isObject()) {
                problems.invalid(path);
                return;
            }
            Checker.checkObject((ObjectNode) node, path + ".", members, facts.in((ObjectNode) node), problems);
        };
    }

    /** A JSON array of {@code min}..{@code max} items of one format. */
    static Format arrayOf(Format item, int min, int max) {
        return (node, path, facts, problems) -> {
            if (!node.isArray() || node.size() < min || node.size() > max) {
                problems.invalid(path);
                return;
            }
            for (JsonNode each : node) {
                if (each.isNull() || (each.isString() && each.stringValue().isEmpty())) {
                    problems.invalid(path);
                } else {
                    item.check(each, path, facts, problems);
                }
            }
        };
    }

    /** Either format (2.3.1 turned some strings into arrays; the older form is still met on the wire). */
    static Format either(Format first, Format second) {
        return (node, path, facts, problems) -> {
            Problems trial = new Problems();
            first.check(node, path, facts, trial);
            if (trial.invalid.isEmpty() && trial.missing.isEmpty()) {
                merge(trial, problems);
                return;
            }
            second.check(node, path, facts, problems);
        };
    }

    private static void merge(Problems from, Problems into) {
        from.missing.forEach(into::missing);
        from.invalid.forEach(into::invalid);
        from.isoInvalid.forEach(into::iso);
        from.criticalExtensions.forEach(into::critical);
    }

    /**
     * messageExtension: at most {@code maxCount} extensions of name, id, criticalityIndicator and data
     * (a JSON object of at most 8059 characters; 81920 characters in all). A critical extension is reported for 202: this
     * implementation recognises none.
     */
    static Format messageExtensions(int maxCount) {
        List<Element> members = List.of(
                new Element("name", text(64), Inclusion.REQUIRED, Catalogue.BOTH),
                new Element("id", text(64), Inclusion.REQUIRED, Catalogue.BOTH),
                new Element("criticalityIndicator", bool(), Inclusion.REQUIRED, Catalogue.BOTH),
                new Element("data", (node, path, facts, problems) -> {
                    if (!node.isObject() || JsonMapper.shared().writeValueAsString(node).length() > 8059) {
                        problems.invalid(path);
                    }
                }, Inclusion.REQUIRED, Catalogue.BOTH));
        Format each = object(members);
        return (node, path, facts, problems) -> {
            if (!node.isArray() || node.isEmpty() || node.size() > maxCount
                    || JsonMapper.shared().writeValueAsString(node).length() > 81920) {
                problems.invalid(path);
                return;
            }
            for (JsonNode extension : node) {
                int before = problems.invalid.size() + problems.missing.size();
                each.check(extension, path, facts, problems);
                if (problems.invalid.size() + problems.missing.size() == before
                        && extension.get("criticalityIndicator").booleanValue()) {
                    problems.critical(extension.get("id").stringValue());
                }
            }
        };
    }

    static boolean isText(JsonNode node) {
        return node.isString();
    }
}
