package dev.mamori.phishing.dmarc;

import dev.mamori.phishing.dns.DnsResolver;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory zones for DMARC tests: TXT records, names that exist, names that time out; logs queries. */
final class MemoryDns implements DnsResolver {

    private final Map<String, List<String>> txt = new HashMap<>();
    private final Set<String> existing = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    final List<String> queries = new ArrayList<>();

    MemoryDns dmarc(String domain, String... records) {
        txt.computeIfAbsent("_dmarc." + domain, k -> new ArrayList<>()).addAll(List.of(records));
        return exists(domain);
    }

    /** Marks {@code name} and its parents as existing names (they answer NOERROR). */
    MemoryDns exists(String name) {
        for (String n = name; ; n = n.substring(n.indexOf('.') + 1)) {
            existing.add(n);
            if (n.indexOf('.') < 0) {
                return this;
            }
        }
    }

    MemoryDns failing(String name) {
        failing.add(name);
        return this;
    }

    private Status missing(String name) {
        if (failing.contains(name)) {
            return Status.TEMPORARY_FAILURE;
        }
        return existing.contains(name) ? Status.NO_RECORDS : Status.NO_SUCH_NAME;
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        queries.add(name);
        List<String> r = txt.get(name);
        return r == null || failing.contains(name) ? DnsAnswer.of(missing(name)) : DnsAnswer.found(r);
    }

    @Override
    public DnsAnswer<InetAddress> a(String name) {
        queries.add("A " + name);
        return DnsAnswer.of(missing(name));
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String name) {
        return DnsAnswer.of(missing(name));
    }

    @Override
    public DnsAnswer<String> mx(String name) {
        return DnsAnswer.of(missing(name));
    }

    @Override
    public DnsAnswer<String> ptr(InetAddress address) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }
}
