package dev.mamori.phishing.lookalike;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads observed host names from a list, streaming, one line at a time:
 * <ul>
 *   <li>a plain list: one domain per line, optionally followed by other columns after white space
 *       (newly-registered-domain feeds); a URL ({@code https://host/path}, also defanged
 *       {@code hxxps://host[.]jp}) counts as its host;</li>
 *   <li>CSV (certificate-transparency exports such as crt.sh's): the header names the columns
 *       ({@code common_name}, {@code name_value}, {@code dns_names}, {@code domain} ...); a cell may hold
 *       several names separated by white space or newlines inside quotes;</li>
 *   <li>JSON lines: an object per line whose fields {@code domain}, {@code name}, {@code names},
 *       {@code all_domains}, {@code dns_names}, {@code common_name}, {@code url} ... (at any depth, so
 *       certstream's {@code data.leaf_cert.all_domains} is found) hold the names.</li>
 * </ul>
 * Wildcard names ({@code *.mamori-login.com}) count as the name under the wildcard. Blank lines and
 * lines starting with {@code #} are skipped; a line that holds no valid name is reported as a
 * {@link RejectedLine} and reading goes on.
 */
public final class ObservedDomainReader {
    private static final Set<String> NAME_FIELDS = Set.of("domain", "domains", "name", "names", "all_domains", "dns_names",
            "dnsnames", "san", "sans", "subject_alt_names", "common_name", "commonname", "cn", "name_value", "host", "hostname",
            "url", "fqdn");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Between several names in one CSV cell or JSON string (crt.sh's name_value holds one per line). */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s;|]+");
    private static final int MAX_LINE = 100_000;

    private final BufferedReader in;
    private long lineNumber;
    private boolean started;
    private boolean csv;
    private int[] csvColumns;

    public ObservedDomainReader(BufferedReader in) {
        this.in = in;
    }

    /** Lines read so far. */
    public long lines() {
        return lineNumber;
    }

    /**
     * Reads lines until {@code batch} holds at least {@code max} names or the input ends.
     *
     * @return false when the input has ended
     * @throws UncheckedIOException when the input cannot be read
     */
    public boolean next(List<String> batch, int max, Consumer<RejectedLine> rejected) {
        try {
            String line;
            while (batch.size() < max) {
                line = in.readLine();
                if (line == null) {
                    return false;
                }
                long number = ++lineNumber;
                if (!started && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                parseLine(line, number, batch, rejected);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void parseLine(String raw, long number, List<String> batch, Consumer<RejectedLine> rejected) throws IOException {
        String line = raw.strip();
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        if (line.length() > MAX_LINE) {
            rejected.accept(new RejectedLine(number, "line-too-long", "a line has at most " + MAX_LINE + " characters"));
            return;
        }
        if (line.charAt(0) == '{') {
            started = true;
            json(line, number, batch, rejected);
            return;
        }
        if (!started) {
            started = true;
            csv = line.indexOf(',') >= 0;
            if (csv && header(line)) {
                return;
            }
            if (!csv && NAME_FIELDS.contains(line.toLowerCase(Locale.ROOT))) {
                return; // a one-column CSV's header, e.g. "domain"
            }
        }
        if (csv) {
            // A quoted cell may hold newlines (crt.sh puts one name per line in name_value).
            StringBuilder record = new StringBuilder(line);
            // The count goes on with each line: recounting the whole record per line was quadratic.
            int quotes = quotes(line);
            while (quotes % 2 == 1 && record.length() <= MAX_LINE) {
                String more = in.readLine();
                if (more == null) {
                    break;
                }
                lineNumber++;
                record.append('\n').append(more);
                quotes += quotes(more);
            }
            csvRecord(record.toString(), number, batch, rejected);
            return;
        }
        int space = 0;
        while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
            space++;
        }
        String name = name(line.substring(0, space), number, rejected);
        if (name != null) {
            batch.add(name);
        }
    }

    private boolean header(String line) {
        List<String> cells = cells(line);
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (NAME_FIELDS.contains(cells.get(i).strip().toLowerCase(Locale.ROOT))) {
                columns.add(i);
            }
        }
        if (columns.isEmpty()) {
            return false;
        }
        csvColumns = columns.stream().mapToInt(Integer::intValue).toArray();
        return true;
    }

    private void csvRecord(String record, long number, List<String> batch, Consumer<RejectedLine> rejected) {
        List<String> cells = cells(record);
        int before = batch.size();
        if (csvColumns != null) {
            for (int column : csvColumns) {
                if (column < cells.size()) {
                    names(cells.get(column), number, batch, rejected);
                }
            }
        } else {
            // No header: every cell that looks like a host name or URL.
            for (String cell : cells) {
                if (cell.indexOf('.') > 0 && cell.strip().indexOf(' ') < 0) {
                    names(cell, number, batch, rejected);
                }
            }
        }
        if (batch.size() == before && csvColumns != null && cells.size() <= csvColumns[csvColumns.length - 1]) {
            rejected.accept(new RejectedLine(number, "missing-column", "the row has fewer columns than the header"));
        } else if (batch.size() == before && csvColumns == null) {
            rejected.accept(new RejectedLine(number, "no-domain", "the row holds no domain name"));
        }
    }

    private void names(String cell, long number, List<String> batch, Consumer<RejectedLine> rejected) {
        for (String part : SEPARATORS.split(cell)) {
            if (!part.isEmpty()) {
                String name = name(part, number, rejected);
                if (name != null && !batch.subList(Math.max(0, batch.size() - 8), batch.size()).contains(name)) {
                    batch.add(name);
                }
            }
        }
    }

    private void json(String line, long number, List<String> batch, Consumer<RejectedLine> rejected) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            rejected.accept(new RejectedLine(number, "invalid-json", "the line is not a valid JSON object"));
            return;
        }
        List<String> found = new ArrayList<>();
        collect(node, found, 0);
        if (found.isEmpty()) {
            rejected.accept(new RejectedLine(number, "no-domain",
                    "the JSON object has no domain, name, names, all_domains, dns_names, common_name or url field"));
            return;
        }
        for (String text : found) {
            names(text, number, batch, rejected);
        }
    }

    private static void collect(JsonNode node, List<String> found, int depth) {
        if (depth > 8 || node == null) {
            return;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                JsonNode value = field.getValue();
                if (NAME_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    if (value.isString()) {
                        found.add(value.asString());
                    } else if (value.isArray()) {
                        for (JsonNode element : value) {
                            if (element.isString()) {
                                found.add(element.asString());
                            }
                        }
                    }
                } else if (value.isContainer()) {
                    collect(value, found, depth + 1);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, found, depth + 1);
            }
        }
    }

    private static String name(String text, long number, Consumer<RejectedLine> rejected) {
        try {
            String name = canonical(text);
            // A card number in a host name (a phishing kit's exfiltration subdomain) is never stored or shown.
            if (digits(name) >= 12 && CardNumberDetector.containsCardNumber(name)) {
                rejected.accept(new RejectedLine(number, "card-number", "the name holds a card number; it was not scanned"));
                return null;
            }
            return name;
        } catch (InvalidDomainException e) {
            rejected.accept(new RejectedLine(number, e.rule(), reason(e.rule())));
            return null;
        }
    }

    /**
     * The canonical A-label host of {@code text}: a host name (any case, trailing dot, {@code *.}
     * wildcard), Unicode, or a URL (its host; defanged {@code hxxp}, {@code [.]} accepted).
     *
     * @throws InvalidDomainException naming the broken rule
     */
    public static String canonical(String text) {
        String name = text.strip();
        int scheme = name.indexOf("://");
        if (scheme < 0 && name.indexOf("[.]") >= 0) {
            name = name.replace("[.]", ".");
        }
        if (scheme >= 0) {
            name = host(name.substring(scheme + 3).replace("[.]", ".").replace("(.)", "."));
        }
        if (name.startsWith("*.")) {
            name = name.substring(2);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        // Hot path: most names are already lower-case ASCII; only the others go through IDNA.
        return isCanonicalAscii(name) ? name : DomainName.of(name).ascii();
    }

    private static String host(String afterScheme) {
        int end = afterScheme.length();
        for (int i = 0; i < afterScheme.length(); i++) {
            char c = afterScheme.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        String authority = afterScheme.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.startsWith("[")) {
            throw new InvalidDomainException("ip-address", "the URL names an IP address, not a domain");
        }
        int colon = authority.lastIndexOf(':');
        return colon >= 0 ? authority.substring(0, colon) : authority;
    }

    /** The rules of {@link DomainName} for a name of a-z, 0-9, '-' and '.', without IDNA. */
    private static boolean isCanonicalAscii(String name) {
        int n = name.length();
        if (n == 0 || n > 253) {
            return false;
        }
        int labelStart = 0;
        int labels = 0;
        boolean lastAllDigits = true;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0 || length > 63 || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-'
                        || length >= 4 && name.charAt(labelStart + 2) == '-' && name.charAt(labelStart + 3) == '-') {
                    return false; // includes xn-- labels: DomainName checks those
                }
                labels++;
                labelStart = i + 1;
                if (i < n) {
                    lastAllDigits = true;
                }
            } else if (c >= 'a' && c <= 'z' || c == '-') {
                lastAllDigits = false;
            } else if (!(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return labels >= 2 && !lastAllDigits;
    }

    private static String reason(String rule) {
        return switch (rule) {
            case "required" -> "the line or cell is empty where a domain name was expected";
            case "empty-label" -> "a domain name has no empty label (two dots in a row)";
            case "invalid-characters" -> "a domain name has only letters, digits and hyphens in labels of at most 63 characters";
            case "too-long" -> "a domain name has at most 253 characters";
            case "single-label" -> "a domain name has at least two labels, e.g. example.jp";
            case "label-too-long" -> "each label of a domain name has at most 63 characters";
            case "hyphen-at-edge" -> "a label of a domain name does not start or end with a hyphen";
            case "numeric-tld" -> "a domain name does not end in a number (an IP address is not a domain)";
            case "ip-address" -> "the URL names an IP address, not a domain";
            default -> "not a valid domain name";
        };
    }

    private static int digits(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                count++;
            }
        }
        return count;
    }

    private static int quotes(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                count++;
            }
        }
        return count;
    }

    /** RFC 4180 cells: commas separate, double quotes enclose, two double quotes are one. */
    private static List<String> cells(String record) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
