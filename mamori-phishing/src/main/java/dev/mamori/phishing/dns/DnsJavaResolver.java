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
