package dev.mamori.phishing.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mamori.phishing.dns.DnsResolver.Status;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Needs no network: a loopback socket that never answers stands in for an unreachable server. */
class DnsJavaResolverTest {

    @Test
    void aServerThatNeverAnswersIsATemporaryFailure() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsJavaResolver resolver = DnsJavaResolver.forServer(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                    Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals(Status.TEMPORARY_FAILURE, resolver.txt("example.com").status());
            assertEquals(Status.TEMPORARY_FAILURE, resolver.ptr(InetAddress.getByName("192.0.2.1")).status());
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(true, elapsedMillis < 10_000, "timeouts are honoured, took " + elapsedMillis + " ms");
        }
    }

    @Test
    void aNameThatCannotBeWrittenInDnsDoesNotExist() {
        DnsJavaResolver resolver = DnsJavaResolver.forServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), Duration.ofMillis(100));
        String tooLongLabel = "a".repeat(64) + ".example.com";
        assertEquals(Status.NO_SUCH_NAME, resolver.a(tooLongLabel).status());
    }
}
