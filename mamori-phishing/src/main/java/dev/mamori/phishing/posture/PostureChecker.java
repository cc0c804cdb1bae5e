package dev.mamori.phishing.posture;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.dmarc.DmarcRecord;
import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import dev.mamori.phishing.dmarc.DnsTreeWalk;
import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import dev.mamori.phishing.dns.DnsResolver.Status;
import dev.mamori.phishing.internal.DkimKeys;
import dev.mamori.phishing.internal.TagValues;
import dev.mamori.phishing.spf.SpfAnalysis;
import dev.mamori.phishing.spf.SpfRecordAnalyzer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Looks up and evaluates a domain's sender-authentication posture over DNS: SPF (RFC 7208), DMARC (RFC 7489 and
 * RFC 9989, with the tree walk for a subdomain that inherits its organizational domain's policy), DKIM keys
 * under a list of selectors (RFC 6376, RFC 8301, RFC 8463), MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and BIMI.
 * Stateless and thread-safe (each check uses its own tree walk).
 */
public final class PostureChecker {
    /**
     * Selectors of common mail services, tried on every check: Google Workspace ({@code google}), Microsoft 365
     * ({@code selector1}, {@code selector2}), Mailchimp/Mandrill ({@code k1}), SendGrid and others ({@code s1},
     * {@code s2}), and generic names. Only those that hold a key are reported.
     */
    public static final List<String> DEFAULT_SELECTORS = List.of("default", "google", "selector1", "selector2", "k1", "s1", "s2",
            "dkim", "mail");
    /** How many selectors one domain may list. */
    public static final int MAX_SELECTORS = 20;

    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private final DnsResolver dns;
    private final MtaStsFetcher mtaSts;
    private final Clock clock;

    public PostureChecker(DnsResolver dns, MtaStsFetcher mtaSts, Clock clock) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.mtaSts = Objects.requireNonNull(mtaSts, "mtaSts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks that selectors are DNS labels (letters, digits, hyphens, underscores; dots between sub-selectors)
     * and returns them lower case, without duplicates.
     *
     * @throws IllegalArgumentException naming the bad selector
     */
    public static List<String> normalizeSelectors(List<String> selectors) {
        if (selectors == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : selectors) {
            String selector = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
            if (!SELECTOR.matcher(selector).matches() || selector.length() > 200) {
                throw new IllegalArgumentException("a DKIM selector is one or more DNS labels (letters, digits, '-', '_'), not '"
                        + (selector.length() > 40 ? selector.substring(0, 40) + "…" : selector) + "'");
            }
            out.add(selector);
        }
        if (out.size() > MAX_SELECTORS) {
            throw new IllegalArgumentException("a domain lists at most " + MAX_SELECTORS + " DKIM selectors");
        }
        return List.copyOf(out);
    }

    /**
     * Checks {@code domain}.
     *
     * @param sendsMail false for a domain that sends no mail: it must publish {@code v=spf1 -all} and DMARC {@code p=reject}
     * @param selectors the DKIM selectors the domain signs with (each reported, missing ones too); the
     *     {@link #DEFAULT_SELECTORS} are tried as well and reported when they hold a key
     */
    public PostureReport check(DomainName domain, boolean sendsMail, List<String> selectors) {
        Check c = new Check(domain, sendsMail);
        Status nameStatus = spf(c);
        boolean enforced = dmarc(c, nameStatus);
        dkim(c, normalizeSelectors(selectors));
        List<String> mx = mx(c);
        mtaSts(c, mx);
        tlsRpt(c, mx);
        bimi(c, enforced);
        if (!c.failedLookups.isEmpty()) {
            // One finding for an outage, naming every lookup that failed, rather than one per lookup.
            c.add(PostureCode.DNS_TEMPORARY_FAILURE, String.join(", ", c.failedLookups));
        }
        return new PostureReport(domain, sendsMail, clock.instant(), c.findings, c.records, c.dkim, c.complete);
    }

    /** SPF; returns the status of the domain's own TXT lookup (NO_SUCH_NAME tells DMARC to use np=). */
    private Status spf(Check c) {
        String name = c.domain.ascii();
        DnsAnswer<String> txt = dns.txt(name);
        List<String> spf = txt.records().stream().filter(PostureChecker::isSpf1).toList();
        c.seen(name, "TXT", txt.status(), spf);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            c.tempfail("TXT " + name);
            return txt.status();
        }
        if (spf.isEmpty()) {
            c.add(c.sendsMail ? PostureCode.SPF_MISSING : PostureCode.NON_SENDING_SPF, "no v=spf1 record at " + name);
            return txt.status();
        }
        if (spf.size() > 1) {
            c.add(PostureCode.SPF_MULTIPLE, spf.size() + " records: " + String.join(" | ", spf));
            if (!c.sendsMail) {
                c.add(PostureCode.NON_SENDING_SPF, "several v=spf1 records");
            }
            return txt.status();
        }
        String record = spf.get(0);
        SpfAnalysis analysis = new SpfRecordAnalyzer(dns).analyzeRecord(name, record);
        for (SpfAnalysis.Finding f : analysis.findings()) {
            switch (f) {
                case SYNTAX_ERROR -> c.add(PostureCode.SPF_SYNTAX, record);
                case DNS_ERROR -> c.tempfail("TXT of a domain included by the SPF record of " + name);
                case PASS_ALL -> c.add(PostureCode.SPF_PASS_ALL, record);
                case NEUTRAL_ALL -> c.add(PostureCode.SPF_NEUTRAL_ALL, record);
                case MISSING_ALL -> c.add(PostureCode.SPF_NO_ALL, record);
                case TOO_MANY_LOOKUPS -> c.add(PostureCode.SPF_TOO_MANY_LOOKUPS, "at least " + analysis.dnsLookups() + " lookups: " + record);
                case PTR_USED -> c.add(PostureCode.SPF_PTR, record);
                case REJECTS_ALL -> {
                    if (c.sendsMail) {
                        c.add(PostureCode.SPF_REJECTS_ALL_SENDING, record);
                    }
                }
                default -> { }
            }
        }
        if (!c.sendsMail && !analysis.has(SpfAnalysis.Finding.REJECTS_ALL)) {
            c.add(PostureCode.NON_SENDING_SPF, record);
        }
        return txt.status();
    }

    /** DMARC; returns whether the policy is enforced (quarantine or reject, on all mail, not testing), as BIMI needs. */
    private boolean dmarc(Check c, Status nameStatus) {
        String domain = c.domain.ascii();
        String own = "_dmarc." + domain;
        DnsAnswer<String> txt = dns.txt(own);
        List<String> records = txt.records().stream().filter(DmarcRecord::looksLikeDmarc).toList();
        c.seen(own, "TXT", txt.status(), records);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            c.tempfail("TXT " + own);
            return false;
        }
        if (records.size() > 1) {
            c.add(PostureCode.DMARC_MULTIPLE, records.size() + " records at " + own);
        }
        DnsTreeWalk.PolicyDiscovery discovery = new DnsTreeWalk(dns).discoverPolicy(domain);
        if (discovery.status() == DnsTreeWalk.Outcome.TEMPERROR) {
            c.tempfail(discovery.reason());
            return false;
        }
        if (discovery.status() == DnsTreeWalk.Outcome.NONE) {
            if (records.size() <= 1) {
                c.add(PostureCode.DMARC_MISSING, discovery.reason());
            }
            if (!c.sendsMail) {
                c.add(PostureCode.NON_SENDING_DMARC, "no DMARC record applies");
            }
            return false;
        }
        DmarcRecord record = discovery.record();
        boolean inherited = !discovery.policyDomain().equals(domain);
        Policy policy = record.policy();
        String policyTag = "p";
        if (inherited) {
            String at = "_dmarc." + discovery.policyDomain();
            c.seen(at, "TXT", Status.FOUND, dns.txt(at).records().stream().filter(DmarcRecord::looksLikeDmarc).toList());
            // RFC 9989 section 4.7: np= for a name that does not exist, else sp=, else p=.
            if (nameStatus == Status.NO_SUCH_NAME && record.nonExistentPolicy() != null) {
                policy = record.nonExistentPolicy();
                policyTag = "np";
            } else if (record.subdomainPolicy() != null) {
                policy = record.subdomainPolicy();
                policyTag = "sp";
            }
            c.add(PostureCode.DMARC_INHERITED, policyTag + "=" + policy.keyword() + " from " + at);
        }
        String where = inherited ? " at _dmarc." + discovery.policyDomain() : "";
        if (policy == Policy.NONE) {
            c.add(PostureCode.DMARC_POLICY_NONE, policyTag + "=none" + where);
        } else if (policy == Policy.QUARANTINE && c.sendsMail) {
            c.add(PostureCode.DMARC_POLICY_QUARANTINE, policyTag + "=quarantine" + where);
        }
        if (record.percent() < 100) {
            c.add(PostureCode.DMARC_PARTIAL, "pct=" + record.percent() + where);
        }
        if (record.testing()) {
            c.add(PostureCode.DMARC_TESTING, "t=y" + where);
        }
        if (record.aggregateReports().isEmpty()) {
            c.add(PostureCode.DMARC_NO_RUA, record.has("rua") ? "no valid URI in rua=" + where : "no rua=" + where);
        }
        if (!record.errors().isEmpty()) {
            c.add(PostureCode.DMARC_SYNTAX, record.errors().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        if (!inherited && record.policy() != Policy.NONE
                && (record.subdomainPolicy() == Policy.NONE || record.nonExistentPolicy() == Policy.NONE)) {
            c.add(PostureCode.DMARC_SUBDOMAIN_NONE, record.subdomainPolicy() == Policy.NONE ? "sp=none" : "np=none");
        }
        boolean fullStrength = record.percent() == 100 && !record.testing();
        if (!c.sendsMail && !(policy == Policy.REJECT && fullStrength)) {
            c.add(PostureCode.NON_SENDING_DMARC, policyTag + "=" + policy.keyword()
                    + (record.percent() < 100 ? " pct=" + record.percent() : "") + (record.testing() ? " t=y" : "") + where);
        }
        return policy != Policy.NONE && fullStrength;
    }

    private void dkim(Check c, List<String> selectors) {
        Set<String> all = new LinkedHashSet<>(selectors);
        all.addAll(DEFAULT_SELECTORS);
        boolean anyKey = false;
        boolean anyTempfail = false;
        for (String selector : all) {
            boolean registered = selectors.contains(selector);
            String name = selector + "._domainkey." + c.domain.ascii();
            DnsAnswer<String> txt = dns.txt(name);
            List<String> keys = txt.records().stream().filter(r -> TagValues.parse(r).containsKey("p")).toList();
            if (txt.status() == Status.TEMPORARY_FAILURE) {
                anyTempfail = true;
                c.seen(name, "TXT", txt.status(), List.of());
                c.tempfail("TXT " + name);
                c.dkim.add(new DkimKeyStatus(selector, DkimKeyStatus.State.TEMPORARY_FAILURE, null, 0, false, null));
                continue;
            }
            if (keys.isEmpty()) {
                if (registered) {
                    c.seen(name, "TXT", txt.status(), List.of());
                    c.add(PostureCode.DKIM_SELECTOR_MISSING, name);
                    c.dkim.add(new DkimKeyStatus(selector, DkimKeyStatus.State.MISSING, null, 0, false, null));
                }
                continue;
            }
            c.seen(name, "TXT", txt.status(), keys);
            DkimKeyStatus key = DkimKeys.inspect(selector, keys.get(0));
            c.dkim.add(key);
            switch (key.state()) {
                case KEY -> {
                    anyKey = true;
                    if ("rsa".equals(key.keyType()) && key.bits() < 1024) {
                        c.add(PostureCode.DKIM_WEAK_KEY, selector + ": rsa " + key.bits() + " bits");
                    } else if ("rsa".equals(key.keyType()) && key.bits() < 2048) {
                        c.add(PostureCode.DKIM_SHORT_KEY, selector + ": rsa " + key.bits() + " bits");
                    }
                }
                case REVOKED -> c.add(PostureCode.DKIM_REVOKED, selector);
                case INVALID -> c.add(PostureCode.DKIM_INVALID, selector + ": " + key.problem());
                default -> { }
            }
            if (key.testing()) {
                c.add(PostureCode.DKIM_TESTING, selector);
            }
        }
        if (c.sendsMail && !anyKey && !anyTempfail) {
            c.add(PostureCode.DKIM_NONE_FOUND, String.join(", ", all));
        }
    }

    /** The MX hosts; empty for none, a null MX (RFC 7505) or a failed lookup. */
    private List<String> mx(Check c) {
        String name = c.domain.ascii();
        DnsAnswer<String> mx = dns.mx(name);
        c.seen(name, "MX", mx.status(), mx.records());
        if (mx.status() == Status.TEMPORARY_FAILURE) {
            c.tempfail("MX " + name);
            return null;
        }
        return mx.records().stream().filter(h -> !h.isEmpty() && !h.equals(".")).toList();
    }

    /**
     * The one {@code v=<version>} TXT record at {@code prefix + domain} (MTA-STS, TLS-RPT), or null when
     * there is none to evaluate: a DNS failure, none (a finding only when the domain receives mail,
     * which is what these protect), or several.
     */
    private String mailTransportRecord(Check c, String prefix, String version, List<String> mx, PostureCode missing,
                                       PostureCode invalid) {
        String name = prefix + c.domain.ascii();
        DnsAnswer<String> txt = dns.txt(name);
        List<String> records = txt.records().stream().filter(r -> TagValues.hasVersion(r, version)).toList();
        c.seen(name, "TXT", txt.status(), records);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            c.tempfail("TXT " + name);
            return null;
        }
        if (records.isEmpty()) {
            if (mx != null && !mx.isEmpty()) {
                c.add(missing, "no v=" + version + " record at " + name);
            }
            return null;
        }
        if (records.size() > 1) {
            c.add(invalid, records.size() + " v=" + version + " records at " + name);
            return null;
        }
        return records.get(0);
    }

    /** MTA-STS protects mail sent to the domain, so it matters only when the domain has MX hosts. */
    private void mtaSts(Check c, List<String> mx) {
        String record = mailTransportRecord(c, "_mta-sts.", "STSv1", mx, PostureCode.MTA_STS_MISSING, PostureCode.MTA_STS_RECORD_INVALID);
        if (record == null) {
            return;
        }
        String id = TagValues.parse(record).get("id");
        if (id == null || !STS_ID.matcher(id).matches()) {
            c.add(PostureCode.MTA_STS_RECORD_INVALID, "id= must be 1 to 32 letters or digits: " + record);
            return;
        }
        String url = MtaStsFetcher.policyUri(c.domain).toString();
        String body;
        try {
            body = mtaSts.fetch(c.domain);
        } catch (IOException e) {
            c.seen(url, "HTTPS", "error", List.of(String.valueOf(e.getMessage())));
            c.add(PostureCode.MTA_STS_POLICY_UNAVAILABLE, e.getMessage());
            return;
        }
        c.seen(url, "HTTPS", "found", List.of(body.strip()));
        MtaStsPolicy policy;
        try {
            policy = MtaStsPolicy.parse(body);
        } catch (MtaStsPolicyException e) {
            c.add(PostureCode.MTA_STS_POLICY_INVALID, e.getMessage());
            return;
        }
        switch (policy.mode()) {
            case TESTING -> c.add(PostureCode.MTA_STS_TESTING, "mode: testing");
            case NONE -> c.add(PostureCode.MTA_STS_MODE_NONE, "mode: none");
            default -> { }
        }
        if (policy.mode() != MtaStsPolicy.Mode.NONE && mx != null) {
            for (String host : mx) {
                if (!policy.allows(host)) {
                    c.add(PostureCode.MTA_STS_MX_MISMATCH, host + " not in mx: " + String.join(", ", policy.mx()));
                }
            }
        }
    }

    private void tlsRpt(Check c, List<String> mx) {
        String record = mailTransportRecord(c, "_smtp._tls.", "TLSRPTv1", mx, PostureCode.TLS_RPT_MISSING, PostureCode.TLS_RPT_INVALID);
        if (record == null) {
            return;
        }
        String rua = TagValues.parse(record).get("rua");
        if (rua == null || rua.isBlank()) {
            c.add(PostureCode.TLS_RPT_INVALID, "no rua=: " + record);
            return;
        }
        for (String uri : rua.split(",")) {
            String u = uri.strip().toLowerCase(Locale.ROOT);
            if (!(u.startsWith("mailto:") && u.length() > 7 && u.indexOf('@') > 7) && !u.startsWith("https://")) {
                c.add(PostureCode.TLS_RPT_INVALID, "rua= takes mailto: or https: URIs: " + uri.strip());
            }
        }
    }

    private void bimi(Check c, boolean dmarcEnforced) {
        String name = "default._bimi." + c.domain.ascii();
        DnsAnswer<String> txt = dns.txt(name);
        List<String> records = txt.records().stream().filter(r -> TagValues.hasVersion(r, "BIMI1")).toList();
        c.seen(name, "TXT", txt.status(), records);
        if (txt.status() == Status.TEMPORARY_FAILURE) {
            c.tempfail("TXT " + name);
            return;
        }
        if (records.isEmpty()) {
            return; // BIMI is optional
        }
        if (records.size() > 1) {
            c.add(PostureCode.BIMI_INVALID, records.size() + " v=BIMI1 records at " + name);
            return;
        }
        Map<String, String> tags = TagValues.parse(records.get(0));
        for (String tag : List.of("l", "a")) {
            String value = tags.getOrDefault(tag, "");
            if (!value.isEmpty() && !value.toLowerCase(Locale.ROOT).startsWith("https://")) {
                c.add(PostureCode.BIMI_INVALID, tag + "= is not an https URL: " + value);
            }
        }
        if (!dmarcEnforced) {
            c.add(PostureCode.BIMI_WITHOUT_ENFORCEMENT, records.get(0));
        }
    }

    /** The test of RFC 7208 section 4.5: "v=spf1" (any case) then a space or the end. */
    private static boolean isSpf1(String txt) {
        return txt.length() >= 6 && txt.regionMatches(true, 0, "v=spf1", 0, 6) && (txt.length() == 6 || txt.charAt(6) == ' ');
    }

    /** One check's accumulating state. */
    private static final class Check {
        final DomainName domain;
        final boolean sendsMail;
        final List<PostureFinding> findings = new ArrayList<>();
        final List<SeenRecord> records = new ArrayList<>();
        final List<DkimKeyStatus> dkim = new ArrayList<>();
        final Set<String> failedLookups = new LinkedHashSet<>();
        boolean complete = true;

        Check(DomainName domain, boolean sendsMail) {
            this.domain = domain;
            this.sendsMail = sendsMail;
        }

        void add(PostureCode code, String detail) {
            findings.add(new PostureFinding(code, detail));
        }

        void tempfail(String what) {
            complete = false;
            failedLookups.add(what);
        }

        void seen(String name, String type, Status status, List<String> values) {
            seen(name, type, status.name().toLowerCase(Locale.ROOT).replace('_', '-'), values);
        }

        void seen(String name, String type, String status, List<String> values) {
            records.add(new SeenRecord(name, type, status, values));
        }
    }
}
