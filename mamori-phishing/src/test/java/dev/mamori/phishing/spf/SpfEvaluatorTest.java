package dev.mamori.phishing.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mamori.phishing.spf.SpfResult.Result;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Behaviour the openspf suite does not pin down; the suite itself runs in {@link SpfEvaluatorSuiteTest}. */
class SpfEvaluatorTest {

    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();

    @Test
    void heloIdentityIsCheckedWhenMailFromIsEmpty() throws Exception {
        dns.node("mail.example.com").add("TXT", "v=spf1 ip4:192.0.2.10 -all");
        SpfResult result = new SpfEvaluator(dns).check(InetAddress.getByName("192.0.2.10"), "", "mail.example.com");
        assertEquals(new SpfResult(Result.PASS, "", "ip4:192.0.2.10", 0), result);
    }

    @Test
    void failCarriesTheExpandedExplanationAndTheMechanism() throws Exception {
        dns.node("example.com").add("TXT", "v=spf1 mx -all exp=why.%{d}");
        dns.node("example.com").add("MX", java.util.List.of(10, "mx.example.com"));
        dns.node("mx.example.com").add("A", "192.0.2.1");
        dns.node("why.example.com").add("TXT", "%{c} may not send for %{d} (%{r}, %{t})");
        SpfEvaluator evaluator = new SpfEvaluator(dns, "mx.receiver.example",
                Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC));
        SpfResult result = evaluator.check(InetAddress.getByName("2001:db8:0:0:1::5"), "a@example.com", "h.example");
        assertEquals(new SpfResult(Result.FAIL,
                "2001:db8::1:0:0:5 may not send for example.com (mx.receiver.example, 1700000000)", "-all", 1), result);
    }

    @Test
    void errorsSayWhy() throws Exception {
        dns.node("example.com").add("TXT", "v=spf1 a:%{z}.example.com -all");
        SpfResult result = new SpfEvaluator(dns).check(InetAddress.getByName("192.0.2.1"), "a@example.com", "h.example");
        assertEquals(Result.PERMERROR, result.result());
        assertEquals("syntax error in the SPF record of example.com: macro letter not allowed here", result.explanation());
    }

    @Test
    void readableIpv6IsCompressedPerRfc5952() throws Exception {
        assertEquals("2001:db8::1", MacroExpander.readable(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("2001:0:0:1::1", MacroExpander.readable(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("1:2:3:4:5:6:7:8", MacroExpander.readable(InetAddress.getByName("1:2:3:4:5:6:7:8")));
        assertEquals("::", MacroExpander.readable(InetAddress.getByName("::")));
    }

    @Test
    void cidrMatchingComparesOnlyThePrefix() {
        byte[] net = {(byte) 192, 0, 2, (byte) 128};
        assertEquals(true, SpfEvaluator.inNetwork(new byte[] {(byte) 192, 0, 2, (byte) 200}, net, 25));
        assertEquals(false, SpfEvaluator.inNetwork(new byte[] {(byte) 192, 0, 2, 1}, net, 25));
        assertEquals(true, SpfEvaluator.inNetwork(new byte[] {10, 0, 0, 1}, net, 0));
    }
}
