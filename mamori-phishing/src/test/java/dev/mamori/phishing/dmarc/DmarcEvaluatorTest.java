package dev.mamori.phishing.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import dev.mamori.phishing.dmarc.DmarcResult.Result;
import dev.mamori.phishing.spf.SpfResult;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DmarcEvaluatorTest {

    private static final SpfResult SPF_PASS = new SpfResult(SpfResult.Result.PASS, "", "ip4", 1);
    private static final SpfResult SPF_FAIL = new SpfResult(SpfResult.Result.FAIL, "no", "-all", 1);

    private static DkimResult dkimPass(String domain) {
        return new DkimResult(DkimResult.Result.PASS, domain, "sel", "rsa-sha256", "ok", false, "@" + domain, false);
    }

    private static RandomGenerator fixed(int value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public int nextInt(int bound) {
                return value;
            }
        };
    }

    private static DmarcResult eval(MemoryDns dns, String from, SpfResult spf, String spfDomain, List<DkimResult> dkim) {
        return new DmarcEvaluator(dns, fixed(99)).evaluate(from, spf, spfDomain, dkim);
    }

    private static MemoryDns zone(String record) {
        return new MemoryDns().dmarc("example.com", record).exists("bounce.example.com").exists("mail.example.com");
    }

    @Test
    void relaxedSpfAlignmentPassesForASubdomainOfTheSameOrganization() {
        DmarcResult r = eval(zone("v=DMARC1; p=reject"), "example.com", SPF_PASS, "bounce.example.com", List.of());
        assertEquals(Result.PASS, r.result());
        assertTrue(r.spfAligned());
        assertEquals(Policy.NONE, r.disposition());
        assertEquals(Policy.REJECT, r.requestedPolicy());
    }

    @Test
    void strictSpfAlignmentFailsForASubdomain() {
        DmarcResult r = eval(zone("v=DMARC1; p=reject; aspf=s"), "example.com", SPF_PASS, "bounce.example.com", List.of());
        assertEquals(Result.FAIL, r.result());
        assertFalse(r.spfAligned());
        assertEquals(Policy.REJECT, r.disposition());
    }

    @Test
    void spfFailIsNeverAligned() {
        assertEquals(Result.FAIL, eval(zone("v=DMARC1; p=reject"), "example.com", SPF_FAIL, "example.com", List.of()).result());
    }

    @Test
    void relaxedDkimAlignmentReportsTheSigningDomain() {
        DmarcResult r = eval(zone("v=DMARC1; p=reject"), "example.com", SPF_FAIL, "evil.test",
                List.of(dkimPass("other.test"), dkimPass("mail.example.com")));
        assertEquals(Result.PASS, r.result());
        assertEquals("mail.example.com", r.dkimAlignedDomain());
    }

    @Test
    void strictDkimAlignmentRequiresTheExactDomain() {
        DmarcResult r = eval(zone("v=DMARC1; p=quarantine; adkim=s"), "example.com", null, null,
                List.of(dkimPass("mail.example.com")));
        assertEquals(Result.FAIL, r.result());
        assertNull(r.dkimAlignedDomain());
        DmarcResult exact = eval(zone("v=DMARC1; p=quarantine; adkim=s"), "example.com", null, null,
                List.of(dkimPass("EXAMPLE.com.")));
        assertEquals(Result.PASS, exact.result());
    }

    @Test
    void unrelatedOrganizationIsNotAligned() {
        MemoryDns dns = zone("v=DMARC1; p=reject").dmarc("example.net", "v=DMARC1; p=none");
        assertEquals(Result.FAIL, eval(dns, "example.com", SPF_PASS, "example.net", List.of(dkimPass("example.net"))).result());
    }

    @Test
    void psdNoSplitsOrganizationsUnderOneParent() {
        MemoryDns dns = zone("v=DMARC1; p=reject").dmarc("shop.example.com", "v=DMARC1; p=reject; psd=n");
        DmarcResult r = eval(dns, "shop.example.com", SPF_PASS, "bounce.example.com", List.of());
        assertEquals(Result.FAIL, r.result(), "shop.example.com is its own Organizational Domain");
    }

    @Test
    void dkimPassFromATestingKeyDoesNotCount() {
        DkimResult testing = new DkimResult(DkimResult.Result.PASS, "example.com", "s", "rsa-sha256", "ok", false,
                "@example.com", true);
        assertEquals(Result.FAIL, eval(zone("v=DMARC1; p=reject"), "example.com", null, null, List.of(testing)).result());
    }

    @Test
    void existingSubdomainGetsSp() {
        DmarcResult r = eval(zone("v=DMARC1; p=reject; sp=quarantine; np=none"), "mail.example.com", SPF_FAIL,
                "x.test", List.of());
        assertEquals(Policy.QUARANTINE, r.requestedPolicy());
        assertEquals("example.com", r.policyDomain());
    }

    @Test
    void nonExistentSubdomainGetsNp() {
        DmarcResult r = eval(zone("v=DMARC1; p=none; sp=quarantine; np=reject"), "ghost.example.com", SPF_FAIL,
                "x.test", List.of());
        assertEquals(Policy.REJECT, r.requestedPolicy());
        assertEquals(Policy.REJECT, r.disposition());
    }

    @Test
    void nonExistentSubdomainWithoutNpFallsBackToSpThenP() {
        assertEquals(Policy.QUARANTINE, eval(zone("v=DMARC1; p=reject; sp=quarantine"), "ghost.example.com",
                SPF_FAIL, "x.test", List.of()).requestedPolicy());
        assertEquals(Policy.REJECT, eval(zone("v=DMARC1; p=reject"), "ghost.example.com", SPF_FAIL, "x.test",
                List.of()).requestedPolicy());
    }

    @Test
    void authorDomainOwnRecordUsesP() {
        assertEquals(Policy.REJECT, eval(zone("v=DMARC1; p=reject; sp=none"), "example.com", SPF_FAIL, "x.test",
                List.of()).requestedPolicy());
    }

    @Test
    void testingFlagLowersThePolicyOneLevel() {
        DmarcResult r = eval(zone("v=DMARC1; p=reject; t=y"), "example.com", SPF_FAIL, "x.test", List.of());
        assertEquals(Result.FAIL, r.result());
        assertEquals(Policy.REJECT, r.requestedPolicy());
        assertEquals(Policy.QUARANTINE, r.disposition());
        assertTrue(r.downgraded());
        assertEquals(Policy.NONE, eval(zone("v=DMARC1; p=quarantine; t=y"), "example.com", SPF_FAIL, "x.test",
                List.of()).disposition());
        assertEquals(Policy.REJECT, eval(zone("v=DMARC1; p=reject; t=n; pct=0"), "example.com", SPF_FAIL, "x.test",
                List.of()).disposition(), "t wins over pct");
    }

    @Test
    void pctSamplesWhichMessagesGetTheFullPolicy() {
        MemoryDns dns = zone("v=DMARC1; p=reject; pct=50");
        assertEquals(Policy.REJECT, new DmarcEvaluator(dns, fixed(49))
                .evaluate("example.com", SPF_FAIL, "x.test", List.of()).disposition());
        assertEquals(Policy.QUARANTINE, new DmarcEvaluator(dns, fixed(50))
                .evaluate("example.com", SPF_FAIL, "x.test", List.of()).disposition());
        assertEquals(Policy.NONE, new DmarcEvaluator(zone("v=DMARC1; p=quarantine; pct=0"), fixed(0))
                .evaluate("example.com", SPF_FAIL, "x.test", List.of()).disposition());
    }

    @Test
    void noRecordIsNone() {
        DmarcResult r = eval(new MemoryDns(), "example.org", SPF_PASS, "example.org", List.of());
        assertEquals(Result.NONE, r.result());
        assertNull(r.record());
    }

    @Test
    void multipleRecordsMeanNoPolicy() {
        MemoryDns dns = new MemoryDns().dmarc("example.com", "v=DMARC1; p=reject", "v=DMARC1; p=quarantine");
        assertEquals(Result.NONE, eval(dns, "example.com", SPF_FAIL, "x.test", List.of()).result());
    }

    @Test
    void dnsTemporaryFailureIsTemperror() {
        MemoryDns dns = new MemoryDns().failing("_dmarc.example.com");
        DmarcResult r = eval(dns, "example.com", SPF_PASS, "example.com", List.of());
        assertEquals(Result.TEMPERROR, r.result());
        assertEquals(Policy.NONE, r.disposition());
    }

    @Test
    void temporaryFailureFindingAnIdentifiersOrganizationIsTemperror() {
        MemoryDns dns = zone("v=DMARC1; p=reject").failing("_dmarc.bounce.example.com");
        assertEquals(Result.TEMPERROR, eval(dns, "example.com", SPF_PASS, "bounce.example.com", List.of()).result());
    }

    @Test
    void invalidPolicyWithoutRuaIsPermerror() {
        assertEquals(Result.PERMERROR, eval(zone("v=DMARC1; p=block"), "example.com", SPF_FAIL, "x.test",
                List.of()).result());
    }

    @Test
    void invalidPolicyWithRuaActsAsNone() {
        DmarcResult r = eval(zone("v=DMARC1; p=block; rua=mailto:d@example.com"), "example.com", SPF_FAIL, "x.test",
                List.of());
        assertEquals(Result.FAIL, r.result());
        assertEquals(Policy.NONE, r.requestedPolicy());
        assertEquals(Policy.NONE, r.disposition());
    }
}
