package dev.mamori.phishing.spf;

import dev.mamori.phishing.dns.DnsResolver;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Zones held in memory, built the way the openspf suite's drivers build them: a TXT lookup finds the
 * name's TXT records, or its {@code SPF} records when it has no TXT entry at all ({@code TXT: NONE} means
 * none); {@code TIMEOUT} makes a lookup of a type the name has no records of a temporary failure; CNAMEs
 * are followed.
 */
final class InMemoryDnsResolver implements DnsResolver {

    /** One name's records: type name to values (String, or for MX {@code [prio, name]}). */
    static final class Node {
        final Map<String, List<Object>> records = new HashMap<>();
        boolean timeout;

        Node add(String type, Object value) {
            records.computeIfAbsent(type, t -> new ArrayList<>()).add(value);
            return this;
        }
    }

    private final Map<String, Node> zone = new HashMap<>();

    Node node(String name) {
        return zone.computeIfAbsent(key(name), k -> new Node());
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private <T> DnsAnswer<T> lookup(String name, String type, Function<Object, T> convert) {
        String current = key(name);
        for (int hops = 0; hops < 8; hops++) {
            Node node = zone.get(current);
            if (node == null) {
                return DnsAnswer.of(Status.NO_SUCH_NAME);
            }
            List<Object> values = values(node, type);
            if (values != null && !values.isEmpty()) {
                List<T> out = new ArrayList<>();
                for (Object v : values) {
                    out.add(convert.apply(v));
                }
                return DnsAnswer.found(out);
            }
            List<Object> cname = node.records.get("CNAME");
            if (cname != null && !cname.isEmpty()) {
                current = key(String.valueOf(cname.get(0)));
                continue;
            }
            return DnsAnswer.of(node.timeout ? Status.TEMPORARY_FAILURE : Status.NO_RECORDS);
        }
        return DnsAnswer.of(Status.TEMPORARY_FAILURE); // CNAME loop
    }

    private static List<Object> values(Node node, String type) {
        if (!type.equals("TXT")) {
            return node.records.get(type);
        }
        if (node.records.containsKey("TXT")) {
            return node.records.get("TXT").stream().filter(v -> !"NONE".equals(v)).toList();
        }
        return node.records.get("SPF");
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return lookup(name, "TXT", InMemoryDnsResolver::text);
    }

    private static String text(Object value) {
        if (value instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            parts.forEach(sb::append);
            return sb.toString();
        }
        return String.valueOf(value);
    }

    @Override
    public DnsAnswer<InetAddress> a(String name) {
        return lookup(name, "A", InMemoryDnsResolver::address);
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String name) {
        return lookup(name, "AAAA", InMemoryDnsResolver::address);
    }

    private static InetAddress address(Object value) {
        try {
            return InetAddress.getByName(String.valueOf(value));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in zone data: " + value, e);
        }
    }

    @Override
    public DnsAnswer<String> mx(String name) {
        DnsAnswer<Object> raw = lookup(name, "MX", v -> v);
        if (raw.status() != Status.FOUND) {
            return DnsAnswer.of(raw.status());
        }
        List<List<?>> sorted = new ArrayList<>();
        raw.records().forEach(v -> sorted.add((List<?>) v));
        sorted.sort((x, y) -> Integer.compare(((Number) x.get(0)).intValue(), ((Number) y.get(0)).intValue()));
        return DnsAnswer.found(sorted.stream().map(v -> String.valueOf(v.get(1))).toList());
    }

    @Override
    public DnsAnswer<String> ptr(InetAddress address) {
        return lookup(reverseName(address), "PTR", String::valueOf);
    }

    static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int k = 3; k >= 0; k--) {
                sb.append(b[k] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        for (int k = 15; k >= 0; k--) {
            sb.append(Character.forDigit(b[k] & 0xf, 16)).append('.')
                    .append(Character.forDigit((b[k] >> 4) & 0xf, 16)).append('.');
        }
        return sb.append("ip6.arpa").toString();
    }
}
