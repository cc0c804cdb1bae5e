package dev.mamori.phishing.dns;

import java.net.InetAddress;

/** A resolver for tests that knows no name: every lookup is NXDOMAIN. Extend it to answer some. */
public class NoSuchNames implements DnsResolver {
    @Override
    public DnsAnswer<String> txt(String name) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }

    @Override
    public DnsAnswer<InetAddress> a(String name) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }

    @Override
    public DnsAnswer<InetAddress> aaaa(String name) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }

    @Override
    public DnsAnswer<String> mx(String name) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }

    @Override
    public DnsAnswer<String> ptr(InetAddress address) {
        return DnsAnswer.of(Status.NO_SUCH_NAME);
    }
}
