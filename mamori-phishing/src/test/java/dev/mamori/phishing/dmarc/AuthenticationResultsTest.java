package dev.mamori.phishing.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dmarc.DmarcRecord.Policy;
import dev.mamori.phishing.spf.SpfResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    @Test
    void writesSpfDkimAndDmarcInRfc8601Form() {
        MemoryDns dns = new MemoryDns().dmarc("example.com", "v=DMARC1; p=reject");
        SpfResult spf = new SpfResult(SpfResult.Result.PASS, "", "ip4", 1);
        List<DkimResult> dkim = List.of(new DkimResult(DkimResult.Result.PASS, "example.com", "sel", "rsa-sha256",
                "ok", false, "@example.com", false));
        DmarcResult dmarc = new DmarcEvaluator(dns).evaluate("example.com", spf, "example.com", dkim);
        assertEquals("mx.example.jp; spf=pass smtp.mailfrom=example.com; "
                        + "dkim=pass header.d=example.com header.s=sel header.i=@example.com; "
                        + "dmarc=pass (p=reject dis=none) header.from=example.com",
                AuthenticationResults.header("mx.example.jp", spf, "example.com", dkim, dmarc));
    }

    @Test
    void writesFailuresNoneAndHelo() {
        SpfResult spf = new SpfResult(SpfResult.Result.SOFTFAIL, "", "~all", 1);
        DkimResult bad = new DkimResult(DkimResult.Result.FAIL, "example.com", "sel", "rsa-sha256",
                "body hash (mismatch)", false, null, false);
        DmarcResult dmarc = new DmarcResult(DmarcResult.Result.FAIL, "example.com", Policy.REJECT, Policy.QUARANTINE,
                false, null, null, "example.com", "x");
        assertEquals("mx; spf=softfail smtp.helo=mail.example.com; "
                        + "dkim=fail (body hash mismatch) header.d=example.com header.s=sel; "
                        + "dmarc=fail (p=reject dis=quarantine) header.from=example.com",
                AuthenticationResults.header("mx", spf, AuthenticationResults.SpfIdentity.HELO, "mail.example.com",
                        List.of(bad), dmarc));
        DmarcResult none = new DmarcResult(DmarcResult.Result.NONE, "example.org", null, Policy.NONE, false, null,
                null, null, "no record");
        assertEquals("mx; dkim=none; dmarc=none header.from=example.org",
                AuthenticationResults.header("mx", null, null, List.of(), none));
    }

    @Test
    void quotesValuesThatCouldBreakTheHeader() {
        SpfResult spf = new SpfResult(SpfResult.Result.FAIL, "", "-all", 1);
        String header = AuthenticationResults.header("mx", spf, "a b;\r\nX-Evil: 1", null, null);
        assertEquals("mx; spf=fail smtp.mailfrom=\"a b;X-Evil: 1\"", header);
        assertFalse(header.contains("\n"));
        assertThrows(IllegalArgumentException.class,
                () -> AuthenticationResults.header("mx;\r\nX: y", null, null, null, null));
    }
}
