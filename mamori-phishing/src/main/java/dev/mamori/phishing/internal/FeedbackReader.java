package dev.mamori.phishing.internal;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.aggregate.AggregateReport;
import dev.mamori.phishing.aggregate.AggregateReport.Disposition;
import dev.mamori.phishing.aggregate.AggregateReport.DkimResult;
import dev.mamori.phishing.aggregate.AggregateReport.Metadata;
import dev.mamori.phishing.aggregate.AggregateReport.Policy;
import dev.mamori.phishing.aggregate.AggregateReport.PolicyPublished;
import dev.mamori.phishing.aggregate.AggregateReport.SpfResult;
import dev.mamori.phishing.aggregate.ReportFormatException;
import dev.mamori.phishing.internal.XmlTree.Node;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a {@code <feedback>} element tree to an {@link AggregateReport}, for both schemas: RFC 7489
 * appendix C (no namespace, or the draft {@code http://dmarc.org/dmarc-xml/0.1}) and RFC 9990
 * ({@code urn:ietf:params:xml:ns:dmarc-2.0}). Elements in other namespaces are extensions and are
 * ignored (RFC 9990 section 5).
 *
 * <p>Strict where the data would be wrong (missing report id, period, records; a bad IP; a negative
 * count; an end before the begin; an unknown disposition) and lenient where real reporters are
 * merely sloppy: whitespace around values, the case of enumerated values ({@code Pass},
 * {@code REJECT}), the order of elements, optional elements left out ({@code sp} defaults to
 * {@code p}, {@code adkim}/{@code aspf} to {@code r}), and the SPF result aliases the schema itself
 * mentions ({@code unknown} for temperror, {@code error} for permerror, plus {@code hardfail}).
 *
 * <p>A card number has no business in a DMARC report, but reports come from strangers: free text
 * is stored, and rejected values are quoted in errors, only with card numbers masked.
 */
public final class FeedbackReader {
    public static final String NS_RFC9990 = "urn:ietf:params:xml:ns:dmarc-2.0";
    static final String NS_DRAFT = "http://dmarc.org/dmarc-xml/0.1";
    private static final Set<String> DMARC_NAMESPACES = Set.of("", NS_RFC9990, NS_DRAFT);
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> DKIM_RESULTS = Set.of("none", "pass", "fail", "policy", "neutral", "temperror", "permerror");
    private static final Set<String> SPF_RESULTS = Set.of("none", "neutral", "pass", "fail", "softfail", "temperror", "permerror");
    private static final Map<String, String> RESULT_ALIASES = Map.of("unknown", "temperror", "error", "permerror", "hardfail", "fail");

    private final int maxRecords;

    public FeedbackReader(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public AggregateReport read(Node root) throws ReportFormatException {
        if (!root.name().equals("feedback") || !DMARC_NAMESPACES.contains(root.namespace())) {
            throw new ReportFormatException("feedback", "not-dmarc",
                    "not a DMARC aggregate report: the root element is <" + clip(root.name()) + ">, expected <feedback>");
        }
        String ns = root.namespace();
        Node metadataNode = one(root, ns, "report_metadata", "feedback");
        Node policyNode = one(root, ns, "policy_published", "feedback");
        List<Node> recordNodes = all(root, ns, "record");
        if (recordNodes.isEmpty()) {
            throw new ReportFormatException("feedback/record", "required", "a report has at least one <record>");
        }
        if (recordNodes.size() > maxRecords) {
            throw new ReportFormatException("feedback/record", "too-many", "a report has at most " + maxRecords + " records");
        }
        Node version = optional(root, ns, "version");
        Metadata metadata = metadata(metadataNode, ns);
        PolicyPublished policy = policy(policyNode, ns);
        List<AggregateReport.Record> records = new ArrayList<>(recordNodes.size());
        for (int i = 0; i < recordNodes.size(); i++) {
            records.add(record(recordNodes.get(i), ns, "feedback/record[" + (i + 1) + "]"));
        }
        return new AggregateReport(version == null || version.text().isEmpty() ? null : clip(version.text()), ns,
                metadata, policy, records);
    }

    private Metadata metadata(Node node, String ns) throws ReportFormatException {
        String path = "feedback/report_metadata";
        String orgName = text(node, ns, "org_name", path, 200);
        String email = optionalText(node, ns, "email", 320);
        String reportId = text(node, ns, "report_id", path, 300);
        Node range = one(node, ns, "date_range", path);
        Instant begin = epoch(range, ns, "begin", path + "/date_range");
        Instant end = epoch(range, ns, "end", path + "/date_range");
        if (end.isBefore(begin)) {
            throw new ReportFormatException(path + "/date_range/end", "not-before-begin", "the period ends before it begins");
        }
        List<String> errors = new ArrayList<>();
        for (Node error : all(node, ns, "error")) {
            if (!error.text().isEmpty()) {
                errors.add(CardNumberDetector.mask(cut(error.text(), 500)));
            }
        }
        return new Metadata(orgName, email == null ? "" : email, optionalText(node, ns, "extra_contact_info", 500), reportId,
                begin, end, optionalText(node, ns, "generator", 200), errors);
    }

    private PolicyPublished policy(Node node, String ns) throws ReportFormatException {
        String path = "feedback/policy_published";
        DomainName domain = domain(text(node, ns, "domain", path, 253), path + "/domain");
        Policy p = policyValue(required(node, ns, "p", path), path + "/p");
        Node spNode = optional(node, ns, "sp");
        Policy sp = spNode == null || spNode.text().isEmpty() ? p : policyValue(spNode, path + "/sp");
        Node npNode = optional(node, ns, "np");
        Policy np = npNode == null || npNode.text().isEmpty() ? null : policyValue(npNode, path + "/np");
        Integer pct = null;
        Node pctNode = optional(node, ns, "pct");
        if (pctNode != null && !pctNode.text().isEmpty()) {
            long value = number(pctNode, path + "/pct"); // up to 15 digits: compared before it is narrowed to int
            if (value > 100) {
                throw new ReportFormatException(path + "/pct", "percent", "pct is a percentage from 0 to 100");
            }
            pct = (int) value;
        }
        String testing = lower(optionalText(node, ns, "testing", 10));
        if (testing != null && !testing.equals("y") && !testing.equals("n")) {
            throw new ReportFormatException(path + "/testing", "y-or-n", "testing is y or n");
        }
        String discovery = lower(optionalText(node, ns, "discovery_method", 20));
        if (discovery != null && !discovery.equals("psl") && !discovery.equals("treewalk")) {
            throw new ReportFormatException(path + "/discovery_method", "psl-or-treewalk", "discovery_method is psl or treewalk");
        }
        return new PolicyPublished(domain, alignment(node, ns, "adkim", path), alignment(node, ns, "aspf", path), p, sp, np, pct,
                optionalText(node, ns, "fo", 20), "y".equals(testing), discovery);
    }

    private AggregateReport.Record record(Node node, String ns, String path) throws ReportFormatException {
        Node row = one(node, ns, "row", path);
        String rowPath = path + "/row";
        String ip = sourceIp(text(row, ns, "source_ip", rowPath, 64), rowPath + "/source_ip");
        long count = number(required(row, ns, "count", rowPath), rowPath + "/count");
        Node evaluated = one(row, ns, "policy_evaluated", rowPath);
        String evalPath = rowPath + "/policy_evaluated";
        Disposition disposition = disposition(required(evaluated, ns, "disposition", evalPath), evalPath + "/disposition");
        boolean dkim = passOrFail(required(evaluated, ns, "dkim", evalPath), evalPath + "/dkim");
        boolean spf = passOrFail(required(evaluated, ns, "spf", evalPath), evalPath + "/spf");
        List<String> reasons = new ArrayList<>();
        for (Node reason : all(evaluated, ns, "reason")) {
            String type = lower(optionalText(reason, ns, "type", 40));
            String comment = optionalText(reason, ns, "comment", 200);
            if (type != null) {
                reasons.add(comment == null ? type : type + ": " + comment);
            }
        }
        Node identifiers = one(node, ns, "identifiers", path);
        String idPath = path + "/identifiers";
        String headerFrom = hostLike(text(identifiers, ns, "header_from", idPath, 253), idPath + "/header_from");
        String envelopeFrom = optionalHost(identifiers, ns, "envelope_from");
        String envelopeTo = optionalHost(identifiers, ns, "envelope_to");
        List<DkimResult> dkimResults = new ArrayList<>();
        List<SpfResult> spfResults = new ArrayList<>();
        Node auth = optional(node, ns, "auth_results"); // lenient: some reporters leave it out when nothing was checked
        if (auth != null) {
            List<Node> signatures = all(auth, ns, "dkim");
            for (int i = 0; i < signatures.size(); i++) {
                Node sig = signatures.get(i);
                String sigPath = path + "/auth_results/dkim[" + (i + 1) + "]";
                dkimResults.add(new DkimResult(lower(optionalText(sig, ns, "domain", 253)), optionalText(sig, ns, "selector", 253),
                        result(required(sig, ns, "result", sigPath), sigPath + "/result", DKIM_RESULTS)));
            }
            List<Node> spfs = all(auth, ns, "spf");
            for (int i = 0; i < spfs.size(); i++) {
                Node s = spfs.get(i);
                String spfPath = path + "/auth_results/spf[" + (i + 1) + "]";
                spfResults.add(new SpfResult(lower(optionalText(s, ns, "domain", 253)), lower(optionalText(s, ns, "scope", 10)),
                        result(required(s, ns, "result", spfPath), spfPath + "/result", SPF_RESULTS)));
            }
        }
        return new AggregateReport.Record(ip, count, disposition, dkim, spf, reasons, headerFrom, envelopeFrom, envelopeTo,
                dkimResults, spfResults);
    }

    // --- values -------------------------------------------------------------------------------

    private static String sourceIp(String text, String path) throws ReportFormatException {
        // Only literals reach InetAddress: a host name there would start a DNS lookup.
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            throw new ReportFormatException(path, "ip-address", "source_ip is an IPv4 or IPv6 address, not \"" + clip(text) + "\"");
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            return address instanceof java.net.Inet6Address ? compress(address.getHostAddress()) : address.getHostAddress();
        } catch (UnknownHostException e) {
            throw new ReportFormatException(path, "ip-address", "source_ip is an IPv4 or IPv6 address, not \"" + clip(text) + "\"");
        }
    }

    /** RFC 5952 text: the longest run (two or more) of zero groups as "::", so one address has one spelling. */
    static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    private static long number(Node node, String path) throws ReportFormatException {
        String text = node.text();
        if (text.startsWith("-") && text.length() > 1 && text.substring(1).chars().allMatch(Character::isDigit)) {
            throw new ReportFormatException(path, "not-negative", "must not be negative");
        }
        if (text.isEmpty() || text.length() > 15 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ReportFormatException(path, "whole-number", "must be a whole number, not \"" + clip(text) + "\"");
        }
        return Long.parseLong(text);
    }

    private static Instant epoch(Node parent, String ns, String name, String path) throws ReportFormatException {
        long seconds = number(required(parent, ns, name, path), path + "/" + name);
        if (seconds > 253402300799L) { // 9999-12-31: a millisecond value sent as seconds, or garbage
            throw new ReportFormatException(path + "/" + name, "epoch-seconds", "must be seconds since 1970 (UTC)");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Policy policyValue(Node node, String path) throws ReportFormatException {
        return switch (lower(node.text())) {
            case "none" -> Policy.NONE;
            case "quarantine" -> Policy.QUARANTINE;
            case "reject" -> Policy.REJECT;
            default -> throw new ReportFormatException(path, "policy", "is none, quarantine or reject, not \"" + clip(node.text()) + "\"");
        };
    }

    private static Disposition disposition(Node node, String path) throws ReportFormatException {
        return switch (lower(node.text())) {
            case "none" -> Disposition.NONE;
            case "pass" -> Disposition.PASS;
            case "quarantine" -> Disposition.QUARANTINE;
            case "reject" -> Disposition.REJECT;
            default -> throw new ReportFormatException(path, "disposition",
                    "disposition is none, pass, quarantine or reject, not \"" + clip(node.text()) + "\"");
        };
    }

    private static boolean passOrFail(Node node, String path) throws ReportFormatException {
        return switch (lower(node.text())) {
            case "pass" -> true;
            case "fail" -> false;
            default -> throw new ReportFormatException(path, "pass-or-fail", "is pass or fail, not \"" + clip(node.text()) + "\"");
        };
    }

    private static String result(Node node, String path, Set<String> allowed) throws ReportFormatException {
        String value = lower(node.text());
        value = RESULT_ALIASES.getOrDefault(value, value);
        if (!allowed.contains(value)) {
            throw new ReportFormatException(path, "auth-result", "is one of " + new java.util.TreeSet<>(allowed) + ", not \"" + clip(node.text()) + "\"");
        }
        return value;
    }

    private static String alignment(Node parent, String ns, String name, String path) throws ReportFormatException {
        String value = lower(optionalText(parent, ns, name, 10));
        if (value == null) {
            return "r";
        }
        if (!value.equals("r") && !value.equals("s")) {
            throw new ReportFormatException(path + "/" + name, "r-or-s", "alignment is r (relaxed) or s (strict)");
        }
        return value;
    }

    private static DomainName domain(String text, String path) throws ReportFormatException {
        try {
            return DomainName.of(text);
        } catch (InvalidDomainException e) {
            throw new ReportFormatException(path, "domain-" + e.rule(), e.getMessage());
        }
    }

    /** header_from etc.: a domain in canonical form when it is one, else kept as sent (reporters put odd things there). */
    private static String hostLike(String text, String path) throws ReportFormatException {
        try {
            return DomainName.of(text).ascii();
        } catch (InvalidDomainException e) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.chars().anyMatch(ch -> ch < 33 || ch > 126)) {
                throw new ReportFormatException(path, "domain", "is a domain name");
            }
            return lower;
        }
    }

    private static String optionalHost(Node parent, String ns, String name) {
        String text = optionalText(parent, ns, name, 253);
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.chars().allMatch(ch -> ch >= 33 && ch <= 126) ? lower : null;
    }

    // --- tree access --------------------------------------------------------------------------

    private static List<Node> all(Node parent, String ns, String name) {
        List<Node> found = new ArrayList<>();
        for (Node child : parent.children()) {
            if (child.name().equals(name) && child.namespace().equals(ns)) {
                found.add(child);
            }
        }
        return found;
    }

    private static Node optional(Node parent, String ns, String name) {
        for (Node child : parent.children()) {
            if (child.name().equals(name) && child.namespace().equals(ns)) {
                return child;
            }
        }
        return null;
    }

    private static Node one(Node parent, String ns, String name, String path) throws ReportFormatException {
        List<Node> found = all(parent, ns, name);
        if (found.isEmpty()) {
            throw new ReportFormatException(path + "/" + name, "required", "<" + name + "> is required");
        }
        if (found.size() > 1) {
            throw new ReportFormatException(path + "/" + name, "once", "<" + name + "> appears once");
        }
        return found.get(0);
    }

    private static Node required(Node parent, String ns, String name, String path) throws ReportFormatException {
        Node node = one(parent, ns, name, path);
        if (node.text().isEmpty()) {
            throw new ReportFormatException(path + "/" + name, "required", "<" + name + "> must not be empty");
        }
        return node;
    }

    private static String text(Node parent, String ns, String name, String path, int max) throws ReportFormatException {
        String text = required(parent, ns, name, path).text();
        if (text.length() > max) {
            throw new ReportFormatException(path + "/" + name, "too-long", "has at most " + max + " characters");
        }
        return CardNumberDetector.mask(text);
    }

    private static String optionalText(Node parent, String ns, String name, int max) {
        Node node = optional(parent, ns, name);
        return node == null || node.text().isEmpty() ? null : CardNumberDetector.mask(cut(node.text(), max));
    }

    private static String lower(String text) {
        return text == null ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** A short, printable excerpt of rejected input for an error message. */
    private static String clip(String text) {
        String clean = CardNumberDetector.mask(text).replaceAll("[^\\x20-\\x7e]", "?");
        // At most 40 characters with the ellipsis: the schema version is stored clipped, in a varchar(40).
        return clean.length() > 40 ? clean.substring(0, 39) + "…" : clean;
    }
}
