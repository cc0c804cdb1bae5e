package dev.mamori.phishing.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.spf.SpfAnalysis.Finding;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 7208 section 6.1: a redirect modifier is ignored when the record has an "all" mechanism. */
class SpfRecordAnalyzerRedirectTest {
    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    private final SpfRecordAnalyzer analyzer = new SpfRecordAnalyzer(dns);

    @Test
    void aRedirectBesideAllIsNotFollowedNorCounted() {
        StringBuilder heavy = new StringBuilder("v=spf1");
        for (int i = 0; i < 10; i++) {
            heavy.append(" a:h").append(i).append(".example.net");
        }
        dns.node("_heavy.example.net").add("TXT", heavy + " -all");
        dns.node("_broken.example.net").add("TXT", "v=spf1 ptr foo=bar=baz include");
        SpfAnalysis analysis = analyzer.analyzeRecord("example.com", "v=spf1 ip4:192.0.2.1 a -all redirect=_heavy.example.net");
        assertEquals(1, analysis.dnsLookups());
        assertEquals(Set.of(), analysis.findings());
        SpfAnalysis broken = analyzer.analyzeRecord("example.com", "v=spf1 -all redirect=_broken.example.net");
        assertFalse(broken.has(Finding.SYNTAX_ERROR));
        assertFalse(broken.has(Finding.PTR_USED));
        assertTrue(broken.has(Finding.REJECTS_ALL), "v=spf1 -all with an ignored redirect rejects everything");
    }
}
