package dev.mamori.phishing.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.spf.SpfAnalysis.Finding;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpfRecordAnalyzerTest {

    private final InMemoryDnsResolver dns = new InMemoryDnsResolver();
    private final SpfRecordAnalyzer analyzer = new SpfRecordAnalyzer(dns);

    @Test
    void plusAllIsReported() {
        assertTrue(analyzer.analyzeRecord("example.com", "v=spf1 ip4:192.0.2.0/24 +all").has(Finding.PASS_ALL));
        assertTrue(analyzer.analyzeRecord("example.com", "v=spf1 all").has(Finding.PASS_ALL));
    }

    @Test
    void neutralAllAndMissingAllAreReported() {
        assertTrue(analyzer.analyzeRecord("example.com", "v=spf1 a ?all").has(Finding.NEUTRAL_ALL));
        assertTrue(analyzer.analyzeRecord("example.com", "v=spf1 a").has(Finding.MISSING_ALL));
    }

    @Test
    void redirectStandsInForAll() {
        dns.node("_spf.example.net").add("TXT", "v=spf1 -all");
        SpfAnalysis analysis = analyzer.analyzeRecord("example.com", "v=spf1 redirect=_spf.example.net");
        assertFalse(analysis.has(Finding.MISSING_ALL));
        assertEquals(1, analysis.dnsLookups());
    }

    @Test
    void hardFailWithMechanismsIsCleanButNotANonSendingRecord() {
        SpfAnalysis analysis = analyzer.analyzeRecord("example.com", "v=spf1 ip4:192.0.2.1 -all");
        assertEquals(Set.of(), analysis.findings());
    }

    @Test
    void rejectAllIsRecognisedForNonSendingDomains() {
        dns.node("parked.example").add("TXT", "v=spf1 -all").add("TXT", "google-site-verification=x");
        SpfAnalysis analysis = analyzer.analyze("parked.example");
        assertEquals(Set.of(Finding.REJECTS_ALL), analysis.findings());
        assertEquals("v=spf1 -all", analysis.record());
    }

    @Test
    void ptrIsReportedAlsoInsideAnInclude() {
        dns.node("inc.example.net").add("TXT", "v=spf1 ptr ~all");
        assertTrue(analyzer.analyzeRecord("example.com", "v=spf1 include:inc.example.net -all").has(Finding.PTR_USED));
    }

    @Test
    void lookupsAreCountedThroughIncludes() {
        dns.node("a.example.net").add("TXT", "v=spf1 a mx include:b.example.net -all");
        dns.node("b.example.net").add("TXT", "v=spf1 a mx exists:%{i}.x.example.net ip4:192.0.2.1 -all");
        // include(1) + a mx include(3) + a mx exists(3) + mx(1) = 8
        SpfAnalysis atEight = analyzer.analyzeRecord("example.com", "v=spf1 include:a.example.net mx -all");
        assertEquals(8, atEight.dnsLookups());
        assertFalse(atEight.has(Finding.TOO_MANY_LOOKUPS));

        SpfAnalysis over = analyzer.analyzeRecord("example.com",
                "v=spf1 include:a.example.net include:a.example.net -all");
        assertTrue(over.has(Finding.TOO_MANY_LOOKUPS));
    }

    @Test
    void includeLoopIsTooManyLookups() {
        dns.node("loop.example.net").add("TXT", "v=spf1 include:loop.example.net -all");
        assertTrue(analyzer.analyze("loop.example.net").has(Finding.TOO_MANY_LOOKUPS));
    }

    @Test
    void missingDuplicateAndBrokenRecordsAreReported() {
        dns.node("none.example").add("TXT", "hello");
        dns.node("two.example").add("TXT", "v=spf1 -all").add("TXT", "v=spf1 ~all");
        dns.node("broken.example").add("TXT", "v=spf1 ip4:192.0.2.300 -all");
        assertTrue(analyzer.analyze("none.example").has(Finding.NO_RECORD));
        assertTrue(analyzer.analyze("two.example").has(Finding.MULTIPLE_RECORDS));
        assertTrue(analyzer.analyze("broken.example").has(Finding.SYNTAX_ERROR));
    }

    @Test
    void dnsFailureIsNotMistakenForNoRecord() {
        dns.node("flaky.example").timeout = true;
        SpfAnalysis analysis = analyzer.analyze("flaky.example");
        assertEquals(Set.of(Finding.DNS_ERROR), analysis.findings());
    }
}
