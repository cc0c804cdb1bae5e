package dev.mamori.phishing.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mamori.phishing.dmarc.DmarcRecord.Alignment;
import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import dev.mamori.phishing.dmarc.DmarcRecord.Psd;
import dev.mamori.phishing.dmarc.DmarcRecord.TagError;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmarcRecordTest {

    @Test
    void parsesEveryTag() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; np=reject; pct=50; t=y; adkim=s;"
                + " aspf=s; psd=n; rua=mailto:agg@example.com!10m, mailto:other@example.net;"
                + " ruf=mailto:fail@example.com; fo=1:d; ri=3600; rf=afrf; future=whatever;");
        assertEquals(Policy.REJECT, r.policy());
        assertEquals(Policy.QUARANTINE, r.subdomainPolicy());
        assertEquals(Policy.REJECT, r.nonExistentPolicy());
        assertEquals(50, r.percent());
        assertTrue(r.testing());
        assertEquals(Alignment.STRICT, r.dkimAlignment());
        assertEquals(Alignment.STRICT, r.spfAlignment());
        assertEquals(Psd.NO, r.psd());
        assertEquals(2, r.aggregateReports().size());
        assertEquals("mailto:agg@example.com", r.aggregateReports().get(0).uri().toString());
        assertEquals(10L << 20, r.aggregateReports().get(0).maxBytes());
        assertEquals(-1, r.aggregateReports().get(1).maxBytes());
        assertTrue(r.failureReports().get(0).isMailto());
        assertEquals(List.of("1", "d"), r.failureOptions());
        assertEquals(3600, r.reportInterval());
        assertEquals(List.of("afrf"), r.reportFormats());
        assertEquals(List.of(), r.errors());
    }

    @Test
    void defaultsFollowTheRfcs() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1");
        assertEquals(Policy.NONE, r.policy());
        assertEquals(null, r.subdomainPolicy());
        assertEquals(100, r.percent());
        assertFalse(r.testing());
        assertEquals(Alignment.RELAXED, r.dkimAlignment());
        assertEquals(Psd.UNKNOWN, r.psd());
        assertEquals(86400, r.reportInterval());
        assertEquals(List.of("0"), r.failureOptions());
    }

    @Test
    void rejectsRecordWhoseFirstTagIsNotVersion() {
        DmarcSyntaxException e = assertThrows(DmarcSyntaxException.class, () -> DmarcRecord.parse("p=reject; v=DMARC1"));
        assertEquals("v", e.tag());
        assertEquals("dmarc-record", e.rule());
    }

    @Test
    void rejectsWrongOrLowerCaseVersion() {
        DmarcSyntaxException e = assertThrows(DmarcSyntaxException.class, () -> DmarcRecord.parse("v=dmarc1; p=reject"));
        assertEquals("dmarc-version", e.rule());
        assertThrows(DmarcSyntaxException.class, () -> DmarcRecord.parse("v=spf1 -all"));
    }

    @Test
    void namesTagAndRuleOfEachBrokenValue() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=block; pct=101; t=maybe; adkim=x; psd=q; fo=2; rua=nouri; "
                + "ruf=mailto:nobody; ri=soon; 9x=1; novalue");
        assertEquals(List.of(
                new TagError("p", "dmarc-request", "must be none, quarantine or reject"),
                new TagError("pct", "1*3DIGIT", "must be an integer from 0 to 100"),
                new TagError("t", "dmarc-yorn", "must be y or n"),
                new TagError("adkim", "dmarc-rors", "must be r or s"),
                new TagError("psd", "dmarc-psd", "must be y, n or u"),
                new TagError("fo", "dmarc-fo", "options must be 0, 1, d or s separated by ':'"),
                new TagError("rua", "dmarc-uri", "URI has no scheme"),
                new TagError("ruf", "dmarc-uri", "mailto: URI without local-part@domain"),
                new TagError("ri", "dmarc-ainterval", "must be an integer number of seconds (1*32DIGIT, at most 10 used)"),
                new TagError("?", "dmarc-tag", "tag name must be letters: 9x"),
                new TagError("?", "dmarc-tag", "tag without '=': novalue")), r.errors());
        assertTrue(r.policyInvalid());
        assertEquals(100, r.percent(), "a broken pct keeps its default");
    }

    @Test
    void keepsTheFirstOfDuplicateTags() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; p=none");
        assertEquals(Policy.REJECT, r.policy());
        assertEquals("p", r.errors().get(0).tag());
        assertTrue(r.policyInvalid(), "a duplicate p is an invalid p");
    }

    @Test
    void keepsValidUrisBesideBrokenOnes() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:a@example.com!5x,mailto:b@example.com");
        assertEquals(1, r.aggregateReports().size());
        assertEquals("rua", r.errors().get(0).tag());
    }

    @Test
    void recognisesDmarcRecordsForCounting() {
        assertTrue(DmarcRecord.looksLikeDmarc("v=DMARC1; p=none"));
        assertTrue(DmarcRecord.looksLikeDmarc("v = DMARC1"));
        assertFalse(DmarcRecord.looksLikeDmarc("v=spf1 -all"));
        assertFalse(DmarcRecord.looksLikeDmarc("p=none; v=DMARC1"));
    }
}
