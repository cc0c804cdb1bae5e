package dev.mamori.phishing.dmarc;

import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import dev.mamori.phishing.dns.DnsResolver.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The DNS Tree Walk of RFC 9989 section 4.10, which replaces RFC 7489's Public Suffix List: DMARC policy
 * discovery (section 4.10.1) and Organizational Domain selection (section 4.10.2).
 *
 * <p>A walk queries {@code _dmarc.<name>} at the starting name, then, if it has 8 or more labels, jumps to
 * its last 7 labels, else drops the left-most label, and keeps dropping one label down to the top-level
 * domain: never more than {@value #MAX_QUERIES} queries. It stops early at a single valid record carrying
 * {@code psd=y} or {@code psd=n}. A name with more than one DMARC record counts as having none.
 *
 * <p>One instance answers one message: it remembers each name's answer, so the walks for the Author
 * Domain and the authenticated identifiers never ask the same name twice. Not thread-safe.
 */
public final class DnsTreeWalk {

    /** At most this many {@code _dmarc} queries per walk (RFC 9989 section 4.10). */
    public static final int MAX_QUERIES = 8;

    private final DnsResolver dns;
    private final Map<String, Lookup> cache = new HashMap<>();
    private final Map<String, OrganizationalDomain> orgCache = new HashMap<>();

    public DnsTreeWalk(DnsResolver dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** How a discovery or selection ended. */
    public enum Outcome {
        /** A policy record, or an Organizational Domain, was determined. */
        FOUND,
        /** No DMARC record applies: DMARC is not applied to the message. */
        NONE,
        /** A DNS query failed temporarily before the answer was known. */
        TEMPERROR
    }

    /**
     * The policy that applies to an Author Domain.
     *
     * @param status how discovery ended
     * @param record the record to apply, when {@code status} is FOUND
     * @param policyDomain where {@code record} was published
     * @param organizationalDomain the Author Domain's Organizational Domain, or {@code null} when discovery
     *     stopped at the Author Domain's own record (it is then computed only if relaxed alignment needs it)
     * @param reason what happened, for logs and {@code Authentication-Results} comments
     */
    public record PolicyDiscovery(
            Outcome status, DmarcRecord record, String policyDomain, String organizationalDomain, String reason) {}

    /**
     * An Organizational Domain.
     *
     * @param status FOUND (always, unless a query failed: then TEMPERROR and {@code domain} is {@code null})
     * @param domain the Organizational Domain
     */
    public record OrganizationalDomain(Outcome status, String domain) {}

    /** The names a walk from {@code domain} queries, in order (RFC 9989 section 4.10 steps 3, 4 and 7). */
    public static List<String> walkNames(String domain) {
        String[] labels = normalize(domain).split("\\.");
        List<String> names = new ArrayList<>();
        names.add(String.join(".", labels));
        int x = labels.length;
        int next = x >= 8 ? 7 : x - 1;
        for (int n = next; n >= 1; n--) {
            names.add(String.join(".", java.util.Arrays.copyOfRange(labels, x - n, x)));
        }
        return names;
    }

    /** RFC 9989 section 4.10.1: the record at the Author Domain, else the one the tree walk selects. */
    public PolicyDiscovery discoverPolicy(String authorDomain) {
        String author = normalize(authorDomain);
        Lookup own = lookup(author);
        if (own.kind == Kind.TEMPFAIL) {
            return new PolicyDiscovery(Outcome.TEMPERROR, null, null, null, "temporary DNS failure at _dmarc." + author);
        }
        if (own.kind == Kind.FOUND) {
            return new PolicyDiscovery(Outcome.FOUND, own.record, author, null, "record at _dmarc." + author);
        }
        Walk walk = walk(author);
        if (walk.tempfailAt != null) {
            return new PolicyDiscovery(Outcome.TEMPERROR, null, null, null,
                    "temporary DNS failure at _dmarc." + walk.tempfailAt);
        }
        String org = select(author, walk.found);
        orgCache.put(author, new OrganizationalDomain(Outcome.FOUND, org));
        Found applied = null;
        for (Found f : walk.found) {
            if (f.name.equals(org)) {
                applied = f; // the Organizational Domain's own record is preferred
            }
        }
        if (applied == null) {
            for (Found f : walk.found) {
                if (f.record.psd() == DmarcRecord.Psd.YES) {
                    applied = f; // else the Public Suffix Domain's record
                }
            }
        }
        if (applied == null) {
            String why = walk.multipleAt.isEmpty()
                    ? "no DMARC record for " + author + " or its parents"
                    : "multiple DMARC records at _dmarc." + String.join(", _dmarc.", walk.multipleAt) + " (ignored)";
            return new PolicyDiscovery(Outcome.NONE, null, null, org, why);
        }
        return new PolicyDiscovery(Outcome.FOUND, applied.record, applied.name, org, "record at _dmarc." + applied.name);
    }

    /** RFC 9989 section 4.10.2: the Organizational Domain of {@code domain}, for relaxed alignment. */
    public OrganizationalDomain organizationalDomain(String domain) {
        String start = normalize(domain);
        OrganizationalDomain cached = orgCache.get(start);
        if (cached != null) {
            return cached;
        }
        Walk walk = walk(start);
        OrganizationalDomain out = walk.tempfailAt != null
                ? new OrganizationalDomain(Outcome.TEMPERROR, null)
                : new OrganizationalDomain(Outcome.FOUND, select(start, walk.found));
        orgCache.put(start, out);
        return out;
    }

    /** Selection from the records found, longest name first; falls back to the starting name. */
    private static String select(String start, List<Found> found) {
        for (Found f : found) {
            if (f.record.psd() == DmarcRecord.Psd.NO) {
                return f.name;
            }
            if (f.record.psd() == DmarcRecord.Psd.YES && !f.name.equals(start)) {
                return oneLabelBelow(start, f.name);
            }
        }
        return found.isEmpty() ? start : found.get(found.size() - 1).name;
    }

    private static String oneLabelBelow(String start, String ancestor) {
        String[] labels = start.split("\\.");
        int n = ancestor.split("\\.").length + 1;
        return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - n, labels.length));
    }

    private Walk walk(String start) {
        Walk w = new Walk();
        for (String name : walkNames(start)) {
            Lookup l = lookup(name);
            switch (l.kind) {
                case TEMPFAIL -> {
                    w.tempfailAt = name;
                    return w;
                }
                case MULTIPLE -> w.multipleAt.add(name);
                case FOUND -> {
                    w.found.add(new Found(name, l.record));
                    if (l.record.psd() != DmarcRecord.Psd.UNKNOWN) {
                        return w; // steps 2 and 6: a psd flag ends the walk
                    }
                }
                case NONE -> { }
            }
        }
        return w;
    }

    private Lookup lookup(String name) {
        Lookup cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        Lookup l = query(name);
        cache.put(name, l);
        return l;
    }

    private Lookup query(String name) {
        DnsAnswer<String> answer = dns.txt("_dmarc." + name);
        if (answer.status() == Status.TEMPORARY_FAILURE) {
            return new Lookup(Kind.TEMPFAIL, null);
        }
        List<String> dmarc = answer.records().stream().filter(DmarcRecord::looksLikeDmarc).toList();
        if (dmarc.size() > 1) {
            return new Lookup(Kind.MULTIPLE, null);
        }
        if (dmarc.isEmpty()) {
            return new Lookup(Kind.NONE, null);
        }
        try {
            return new Lookup(Kind.FOUND, DmarcRecord.parse(dmarc.get(0)));
        } catch (DmarcSyntaxException e) {
            return new Lookup(Kind.NONE, null); // unreachable: looksLikeDmarc checked the version
        }
    }

    static String normalize(String domain) {
        String d = Objects.requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.startsWith(".") || d.contains("..")) {
            throw new IllegalArgumentException("not a domain name");
        }
        return d;
    }

    private enum Kind { FOUND, NONE, MULTIPLE, TEMPFAIL }

    private record Lookup(Kind kind, DmarcRecord record) {}

    private record Found(String name, DmarcRecord record) {}

    private static final class Walk {
        final List<Found> found = new ArrayList<>();
        final List<String> multipleAt = new ArrayList<>();
        String tempfailAt;
    }
}
