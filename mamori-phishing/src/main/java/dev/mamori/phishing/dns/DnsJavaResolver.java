package dev.mamori.phishing.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsResolver} on dnsjava. NXDOMAIN is {@link Status#NO_SUCH_NAME}, NOERROR without records of the type
 * is {@link Status#NO_RECORDS}, SERVFAIL, a timeout and any other failure are {@link Status#TEMPORARY_FAILURE}.
 * CNAMEs are followed. Each instance has its own cache, so tests and tenants do not share answers.
 */
public final class DnsJavaResolver implements DnsResolver {

    /** The per-query timeout used by {@link #system()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    private DnsJavaResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The system's configured resolvers, {@link #DEFAULT_TIMEOUT} per query. */
    public static DnsJavaResolver system() {
        return system(DEFAULT_TIMEOUT);
    }

    /** The system's configured resolvers with a per-query {@code timeout}. */
    public static DnsJavaResolver system(Duration timeout) {
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        return new DnsJavaResolver(resolver);
    }

    /** One server, such as a local authoritative server in tests, with a per-query {@code timeout}. */
    public static DnsJavaResolver forServer(InetSocketAddress server, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        return new DnsJavaResolver(resolver);
    }

    /**
     * One server given as {@code host:port}, {@code host} (port 53) or {@code [v6-address]:port}:
     * the form of {@code --dns} and {@code mamori.phishing.dns-server}.
     *
     * @throws IllegalArgumentException naming the rule when {@code server} is not such a form
     */
    public static DnsJavaResolver forServer(String server, Duration timeout) {
        return forServer(parseServer(server), timeout);
    }

    /** Parses {@code host:port}, {@code host} or {@code [v6-address]:port}; the port defaults to 53. */
    public static InetSocketAddress parseServer(String server) {
        if (server == null || server.isBlank()) {
            throw new IllegalArgumentException("a DNS server is HOST:PORT, e.g. 127.0.0.1:53");
        }
        String text = server.strip();
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("a DNS server's IPv6 address is written [address]:port");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("a DNS server's IPv6 address is written [address]:port");
                }
                port = port(text.substring(close + 2));
            }
        } else if (colon > 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = port(text.substring(colon + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a DNS server is HOST:PORT, e.g. 127.0.0.1:53");
        }
        return new InetSocketAddress(host, port);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("a DNS server's port is a number from 1 to 65535, not '" + text + "'");
    }

    @Override
    public DnsAnswer<String> txt(String name) {
        return query(name, Type.TXT, r -> {
            StringBuilder sb = new StringBuilder();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                sb.append(new String(part, StandardCharsets.UTF_8));
            }
            return sb.toString();
        });
    }

    @Override
    public DnsAnswer<InetAddress> a(String name) {
        return query(name, Type.A, r -> ((ARecord) r).getAddress());
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String name) {
        return query(name, Type.AAAA, r -> ((AAAARecord) r).getAddress());
    }

    @Override
    public DnsAnswer<String> mx(String name) {
        DnsAnswer<MXRecord> answer = query(name, Type.MX, r -> (MXRecord) r);
        if (answer.status() != Status.FOUND) {
            return DnsAnswer.of(answer.status());
        }
        List<MXRecord> sorted = new ArrayList<>(answer.records());
        sorted.sort(Comparator.comparingInt(MXRecord::getPriority));
        return DnsAnswer.found(sorted.stream().map(r -> r.getTarget().toString(true)).toList());
    }

    @Override
    public DnsAnswer<String> ptr(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return query(ReverseMap.fromAddress(address), Type.PTR, r -> ((PTRRecord) r).getTarget().toString(true));
    }

    private <T> DnsAnswer<T> query(String name, int type, Function<Record, T> convert) {
        Name parsed;
        try {
            parsed = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            // Not a valid DNS name, so no such name can exist.
            return DnsAnswer.of(Status.NO_SUCH_NAME);
        }
        return query(parsed, type, convert);
    }

    private <T> DnsAnswer<T> query(Name name, int type, Function<Record, T> convert) {
        Lookup lookup = new Lookup(name, type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<T> out = new ArrayList<>(records.length);
                for (Record r : records) {
                    if (r.getType() == type) {
                        out.add(convert.apply(r));
                    }
                }
                yield DnsAnswer.found(out);
            }
            case Lookup.HOST_NOT_FOUND -> DnsAnswer.of(Status.NO_SUCH_NAME);
            case Lookup.TYPE_NOT_FOUND -> DnsAnswer.of(Status.NO_RECORDS);
            default -> DnsAnswer.of(Status.TEMPORARY_FAILURE);
        };
    }
}
