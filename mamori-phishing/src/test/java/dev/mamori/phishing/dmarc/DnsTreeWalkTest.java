package dev.mamori.phishing.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.dmarc.DnsTreeWalk.Outcome;
import dev.mamori.phishing.dmarc.DnsTreeWalk.PolicyDiscovery;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsTreeWalkTest {

    @Test
    void longAuthorDomainIsShortenedToEightQueriesAsInRfc9989Example() {
        assertEquals(List.of(
                "a.b.c.d.e.f.g.h.i.j.mail.example.com",
                "g.h.i.j.mail.example.com",
                "h.i.j.mail.example.com",
                "i.j.mail.example.com",
                "j.mail.example.com",
                "mail.example.com",
                "example.com",
                "com"), DnsTreeWalk.walkNames("a.b.c.d.e.f.g.h.i.j.mail.example.com"));
    }

    @Test
    void shortDomainWalksOneLabelAtATime() {
        assertEquals(List.of("a.mail.example.com", "mail.example.com", "example.com", "com"),
                DnsTreeWalk.walkNames("A.Mail.Example.com."));
    }

    @Test
    void walkNeverExceedsEightQueries() {
        MemoryDns dns = new MemoryDns();
        new DnsTreeWalk(dns).organizationalDomain("1.2.3.4.5.6.7.8.9.10.11.12.example.com");
        assertEquals(DnsTreeWalk.MAX_QUERIES, dns.queries.size());
    }

    // The three examples of RFC 9989 section 4.10.2, starting at a.mail.example.com.

    @Test
    void organizationalDomainIsTheRecordWithFewestLabels() {
        MemoryDns dns = new MemoryDns()
                .dmarc("mail.example.com", "v=DMARC1; p=none")
                .dmarc("example.com", "v=DMARC1; p=reject");
        assertEquals("example.com", new DnsTreeWalk(dns).organizationalDomain("a.mail.example.com").domain());
    }

    @Test
    void psdNoMakesItsDomainTheOrganizationalDomainAndStopsTheWalk() {
        MemoryDns dns = new MemoryDns()
                .dmarc("mail.example.com", "v=DMARC1; p=none; psd=n")
                .dmarc("example.com", "v=DMARC1; p=reject");
        assertEquals("mail.example.com", new DnsTreeWalk(dns).organizationalDomain("a.mail.example.com").domain());
        assertFalse(dns.queries.contains("_dmarc.example.com"), "the walk stops at psd=n");
    }

    @Test
    void psdYesMakesTheNameOneLabelBelowTheOrganizationalDomain() {
        MemoryDns dns = new MemoryDns().dmarc("com", "v=DMARC1; p=reject; psd=y");
        assertEquals("example.com", new DnsTreeWalk(dns).organizationalDomain("a.mail.example.com").domain());
    }

    @Test
    void psdYesAtTheStartingDomainIsNotUsedForRuleTwo() {
        MemoryDns dns = new MemoryDns().dmarc("com", "v=DMARC1; p=reject; psd=y");
        assertEquals("com", new DnsTreeWalk(dns).organizationalDomain("com").domain());
    }

    @Test
    void withoutRecordsTheStartingDomainIsItsOwnOrganizationalDomain() {
        assertEquals("x.example.org", new DnsTreeWalk(new MemoryDns()).organizationalDomain("x.example.org").domain());
    }

    @Test
    void authorDomainRecordIsAppliedWithoutWalking() {
        MemoryDns dns = new MemoryDns().dmarc("mail.example.com", "v=DMARC1; p=quarantine");
        PolicyDiscovery d = new DnsTreeWalk(dns).discoverPolicy("mail.example.com");
        assertEquals(Outcome.FOUND, d.status());
        assertEquals("mail.example.com", d.policyDomain());
        assertEquals(List.of("_dmarc.mail.example.com"), dns.queries);
    }

    @Test
    void policyComesFromTheOrganizationalDomainNotAnIntermediateRecord() {
        MemoryDns dns = new MemoryDns()
                .dmarc("mail.example.com", "v=DMARC1; p=none")
                .dmarc("example.com", "v=DMARC1; p=reject");
        PolicyDiscovery d = new DnsTreeWalk(dns).discoverPolicy("a.mail.example.com");
        assertEquals("example.com", d.policyDomain());
        assertEquals("example.com", d.organizationalDomain());
    }

    @Test
    void publicSuffixRecordAppliesWhenTheOrganizationalDomainHasNone() {
        MemoryDns dns = new MemoryDns().dmarc("bank", "v=DMARC1; p=reject; psd=y");
        PolicyDiscovery d = new DnsTreeWalk(dns).discoverPolicy("a.example.bank");
        assertEquals(Outcome.FOUND, d.status());
        assertEquals("bank", d.policyDomain());
        assertEquals("example.bank", d.organizationalDomain());
    }

    @Test
    void organizationalDomainRecordBeatsPublicSuffixRecord() {
        MemoryDns dns = new MemoryDns()
                .dmarc("example.bank", "v=DMARC1; p=none")
                .dmarc("bank", "v=DMARC1; p=reject; psd=y");
        assertEquals("example.bank", new DnsTreeWalk(dns).discoverPolicy("a.example.bank").policyDomain());
    }

    @Test
    void multipleRecordsAtANameCountAsNone() {
        MemoryDns dns = new MemoryDns().dmarc("example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none");
        PolicyDiscovery d = new DnsTreeWalk(dns).discoverPolicy("example.com");
        assertEquals(Outcome.NONE, d.status());
        assertTrue(d.reason().contains("multiple DMARC records at _dmarc.example.com"), d.reason());
    }

    @Test
    void nonDmarcTxtRecordsAreNotCounted() {
        MemoryDns dns = new MemoryDns().dmarc("example.com", "v=spf1 -all", "v=DMARC1; p=reject");
        assertEquals(Outcome.FOUND, new DnsTreeWalk(dns).discoverPolicy("example.com").status());
    }

    @Test
    void temporaryFailureIsTemperror() {
        MemoryDns dns = new MemoryDns().failing("_dmarc.example.com");
        assertEquals(Outcome.TEMPERROR, new DnsTreeWalk(dns).discoverPolicy("a.example.com").status());
        assertEquals(Outcome.TEMPERROR, new DnsTreeWalk(dns).organizationalDomain("a.example.com").status());
    }

    @Test
    void eachNameIsQueriedOncePerMessage() {
        MemoryDns dns = new MemoryDns().dmarc("example.com", "v=DMARC1; p=reject");
        DnsTreeWalk walk = new DnsTreeWalk(dns);
        walk.discoverPolicy("a.example.com");
        walk.organizationalDomain("a.example.com");
        walk.organizationalDomain("b.example.com");
        assertEquals(List.of("_dmarc.a.example.com", "_dmarc.example.com", "_dmarc.com", "_dmarc.b.example.com"),
                dns.queries);
    }
}
