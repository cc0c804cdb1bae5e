package dev.mamori.phishing.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dkim.DkimResult.Result;
import dev.mamori.phishing.dns.DnsResolver.Status;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DkimVerifierTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String KEY_NAME = "s1._domainkey.bank.example";
    private static final String MESSAGE = "From: Card Team <cards@bank.example>\r\n"
            + "To: holder@customer.example\r\n"
            + "Subject: Your new card\r\n"
            + "\r\n"
            + "Your card ending 4242 was sent today.\r\n";

    private final InMemoryDns dns = new InMemoryDns().txt(KEY_NAME, TestSigner.ed25519Record());
    private final TestSigner signer = new TestSigner();

    private DkimResult verify(String message) {
        List<DkimResult> results = new DkimVerifier(dns, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5))
                .verify(message.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void ed25519SignaturePasses() throws Exception {
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).as(r.reason()).isEqualTo(Result.PASS);
        assertThat(r.identity()).isEqualTo("@bank.example");
    }

    @Test
    void rsaSha256SignaturePassesWithSimpleCanonicalization() throws Exception {
        dns.txt(KEY_NAME, TestSigner.rsaRecord());
        signer.algorithm = "rsa-sha256";
        signer.key = TestSigner.RSA.getPrivate();
        signer.canon = "simple/simple";
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).as(r.reason()).isEqualTo(Result.PASS);
    }

    @Test
    void rsaSha1IsAPermanentError() throws Exception {
        dns.txt(KEY_NAME, TestSigner.rsaRecord());
        signer.algorithm = "rsa-sha1";
        signer.key = TestSigner.RSA.getPrivate();
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("RFC 8301");
    }

    @Test
    void rsaKeysShorterThan1024BitsAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(512);
        var weak = g.generateKeyPair();
        dns.txt(KEY_NAME, "v=DKIM1; p=" + Base64.getEncoder().encodeToString(weak.getPublic().getEncoded()));
        signer.algorithm = "rsa-sha256";
        signer.key = weak.getPrivate();
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("512 bits");
    }

    @Test
    void changedBodyFails() throws Exception {
        String signed = signer.sign(MESSAGE).replace("4242", "1111");
        DkimResult r = verify(signed);
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.reason()).isEqualTo("body hash did not verify");
    }

    @Test
    void changedSignedHeaderFails() throws Exception {
        DkimResult r = verify(signer.sign(MESSAGE).replace("Subject: Your new card", "Subject: Urgent: verify"));
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.reason()).isEqualTo("signature did not verify");
    }

    @Test
    void aSignedHeaderAddedBelowWinsBottomUpAndFails() throws Exception {
        String signed = signer.sign(MESSAGE).replace("\r\n\r\n", "\r\nSubject: Urgent: verify\r\n\r\n");
        assertThat(verify(signed).result()).isEqualTo(Result.FAIL);
    }

    @Test
    void overSignedMissingHeaderCannotBeAddedLater() throws Exception {
        signer.headers = "from:to:subject:reply-to";
        String signed = signer.sign(MESSAGE);
        assertThat(verify(signed).result()).isEqualTo(Result.PASS);
        DkimResult r = verify(signed.replace("\r\n\r\n", "\r\nReply-To: phish@evil.example\r\n\r\n"));
        assertThat(r.result()).isEqualTo(Result.FAIL);
    }

    @Test
    void appendedBodyFailsWithoutLengthLimit() throws Exception {
        DkimResult r = verify(signer.sign(MESSAGE) + "Click https://evil.example now\r\n");
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.bodyLengthLimited()).isFalse();
    }

    @Test
    void appendedBodyPassesWithLengthLimitAndSaysSo() throws Exception {
        signer.lengthOfBody = true;
        DkimResult r = verify(signer.sign(MESSAGE) + "Click https://evil.example now\r\n");
        assertThat(r.result()).isEqualTo(Result.PASS);
        assertThat(r.bodyLengthLimited()).isTrue();
        assertThat(r.reason()).contains("appended");
    }

    @Test
    void lengthLimitLongerThanTheBodyFails() throws Exception {
        signer.extraTags = "l=100000; ";
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.FAIL);
    }

    @Test
    void expiredSignatureIsAPermanentError() throws Exception {
        signer.extraTags = "t=" + (NOW.getEpochSecond() - 7200) + "; x=" + (NOW.getEpochSecond() - 3600) + "; ";
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("expired");
    }

    @Test
    void notYetExpiredSignaturePasses() throws Exception {
        signer.extraTags = "t=" + (NOW.getEpochSecond() - 60) + "; x=" + (NOW.getEpochSecond() + 3600) + "; ";
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.PASS);
    }

    @Test
    void timestampInTheFutureFails() throws Exception {
        signer.extraTags = "t=" + (NOW.getEpochSecond() + 3600) + "; ";
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.FAIL);
        assertThat(r.reason()).contains("future");
    }

    @Test
    void missingKeyIsAPermanentError() throws Exception {
        dns.fail(KEY_NAME, Status.NO_SUCH_NAME);
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("no key");
        assertThat(r.domain()).isEqualTo("bank.example");
        assertThat(r.selector()).isEqualTo("s1");
    }

    @Test
    void temporaryDnsFailureIsATemporaryError() throws Exception {
        dns.fail(KEY_NAME, Status.TEMPORARY_FAILURE);
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.TEMPERROR);
    }

    @Test
    void revokedKeyIsAPermanentError() throws Exception {
        dns.txt(KEY_NAME, "v=DKIM1; k=ed25519; p=");
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("revoked");
    }

    @Test
    void badSignatureTagSyntaxIsAPermanentError() throws Exception {
        DkimResult r = verify(signer.sign(MESSAGE).replace("DKIM-Signature: v=1;", "DKIM-Signature: v=1; bogus;"));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(dns.lookups).isZero();
    }

    @Test
    void badKeyRecordSyntaxIsAPermanentError() throws Exception {
        dns.txt(KEY_NAME, "v=DKIM1; k=ed25519; p=abc; p=def");
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void fromMustBeSigned() throws Exception {
        signer.headers = "to:subject";
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.reason()).contains("From");
    }

    @Test
    void identityMustBeWithinTheSigningDomain() throws Exception {
        signer.extraTags = "i=cards@evil.example; ";
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void subdomainIdentityPassesUnlessTheKeyIsStrict() throws Exception {
        signer.extraTags = "i=cards@mail.bank.example; ";
        String signed = signer.sign(MESSAGE);
        DkimResult r = verify(signed);
        assertThat(r.result()).isEqualTo(Result.PASS);
        assertThat(r.identity()).isEqualTo("cards@mail.bank.example");
        dns.txt(KEY_NAME, TestSigner.ed25519Record() + "; t=s");
        assertThat(verify(signed).result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void testingFlagIsReported() throws Exception {
        dns.txt(KEY_NAME, TestSigner.ed25519Record() + "; t=y");
        DkimResult r = verify(signer.sign(MESSAGE));
        assertThat(r.result()).isEqualTo(Result.PASS);
        assertThat(r.testing()).isTrue();
    }

    @Test
    void keyTypeMustMatchTheAlgorithm() throws Exception {
        dns.txt(KEY_NAME, TestSigner.rsaRecord());
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void keyNotForEmailIsAPermanentError() throws Exception {
        dns.txt(KEY_NAME, TestSigner.ed25519Record() + "; s=other");
        assertThat(verify(signer.sign(MESSAGE)).result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void unsignedMessageGivesNone() {
        DkimResult r = verify(MESSAGE);
        assertThat(r.result()).isEqualTo(Result.NONE);
        assertThat(r.result().word()).isEqualTo("none");
    }

    @Test
    void unknownVersionIsAPermanentError() throws Exception {
        DkimResult r = verify(signer.sign(MESSAGE).replace("v=1;", "v=2;"));
        assertThat(r.result()).isEqualTo(Result.PERMERROR);
        assertThat(r.domain()).isEqualTo("bank.example");
    }
}
