package dev.mamori.phishing.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS lookups sender authentication needs (SPF, DKIM, DMARC). Production uses dnsjava
 * against the system's resolvers; tests use a local authoritative server or in-memory zones.
 * Every method answers a {@link DnsAnswer} instead of throwing, because SPF and DMARC treat
 * "no such name", "no records" and "temporary failure" differently (RFC 7208 section 4.4).
 */
public interface DnsResolver {

    /** TXT records of {@code name}, each record's character-strings joined without separators. */
    DnsAnswer<String> txt(String name);

    /** IPv4 addresses of {@code name}. */
    DnsAnswer<InetAddress> a(String name);

    /** IPv6 addresses of {@code name}. */
    DnsAnswer<InetAddress> aaaa(String name);

    /** MX exchange host names of {@code name}, lowest preference first. */
    DnsAnswer<String> mx(String name);

    /** PTR names of {@code address} (reverse lookup). */
    DnsAnswer<String> ptr(InetAddress address);

    /**
     * One lookup's outcome.
     *
     * @param status how the lookup ended
     * @param records the records when {@code status} is {@link Status#FOUND}, else empty
     */
    record DnsAnswer<T>(Status status, List<T> records) {
        public DnsAnswer {
            records = List.copyOf(records);
        }

        public static <T> DnsAnswer<T> found(List<T> records) {
            return new DnsAnswer<>(records.isEmpty() ? Status.NO_RECORDS : Status.FOUND, records);
        }

        public static <T> DnsAnswer<T> of(Status status) {
            return new DnsAnswer<>(status, List.of());
        }
    }

    /** How a lookup ended. */
    enum Status {
        /** At least one record of the asked type. */
        FOUND,
        /** The name exists but has no record of that type (NOERROR, empty answer). */
        NO_RECORDS,
        /** The name does not exist (NXDOMAIN). */
        NO_SUCH_NAME,
        /** A temporary failure: SERVFAIL or timeout. */
        TEMPORARY_FAILURE
    }
}
