package dev.mamori.phishing.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dns.DnsResolver.Status;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DnsJavaResolver} against a real authoritative server (unbound) over UDP and TCP. */
class LocalDnsServerTest {
    static LocalDnsServer dns;
    static DnsResolver resolver;

    @BeforeAll
    static void start() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("example.test", """
                @        IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                @        IN MX 20 backup.example.test.
                @        IN MX 10 mx.example.test.
                split    IN TXT "v=spf1 " "ip4:198.51.100.1 " "-all"
                mail     IN A 192.0.2.10
                mail     IN AAAA 2001:db8::10
                alias    IN CNAME mail
                big      IN TXT "%s" "%s" "%s"
                """.formatted("a".repeat(250), "b".repeat(250), "c".repeat(250)));
        zones.put("2.0.192.in-addr.arpa", "10 IN PTR mail.example.test.");
        dns = LocalDnsServer.start(zones);
        resolver = dns.resolver();
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    @Test
    void txtRecordsJoinTheirCharacterStrings() {
        assertThat(resolver.txt("example.test").records()).containsExactly("v=spf1 ip4:192.0.2.0/24 -all");
        assertThat(resolver.txt("split.example.test").records()).containsExactly("v=spf1 ip4:198.51.100.1 -all");
    }

    @Test
    void anAnswerLargerThanOneUdpDatagramArrivesOverTcp() {
        String big = resolver.txt("big.example.test").records().get(0);
        assertThat(big).hasSize(750).startsWith("aaa").endsWith("ccc");
    }

    @Test
    void aMissingNameAndAMissingTypeAreTold() {
        assertThat(resolver.txt("nowhere.example.test").status()).isEqualTo(Status.NO_SUCH_NAME);
        assertThat(resolver.txt("mail.example.test").status()).isEqualTo(Status.NO_RECORDS);
        assertThat(resolver.a("example.test").status()).isEqualTo(Status.NO_RECORDS);
    }

    @Test
    void addressesMxInPreferenceOrderCnamesAndReverseNames() throws Exception {
        assertThat(resolver.a("mail.example.test").records()).containsExactly(InetAddress.getByName("192.0.2.10"));
        assertThat(resolver.aaaa("mail.example.test").records()).containsExactly(InetAddress.getByName("2001:db8::10"));
        assertThat(resolver.a("alias.example.test").records()).containsExactly(InetAddress.getByName("192.0.2.10"));
        assertThat(resolver.mx("example.test").records()).containsExactly("mx.example.test", "backup.example.test");
        assertThat(resolver.ptr(InetAddress.getByName("192.0.2.10")).records()).containsExactly("mail.example.test");
    }
}
