package dev.mamori.phishing.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dkim.DkimResult.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc8463Test {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static List<DkimResult> verify(byte[] message) {
        return new DkimVerifier(Rfc8463Example.dns(), NOW, Duration.ZERO).verify(message);
    }

    @Test
    void bothSignaturesOfTheRfc8463ExampleVerify() {
        List<DkimResult> results = verify(Rfc8463Example.crlf());

        assertThat(results).hasSize(2);
        DkimResult ed = results.get(0);
        assertThat(ed.result()).as(ed.reason()).isEqualTo(Result.PASS);
        assertThat(ed.algorithm()).isEqualTo("ed25519-sha256");
        assertThat(ed.domain()).isEqualTo("football.example.com");
        assertThat(ed.selector()).isEqualTo("brisbane");
        assertThat(ed.identity()).isEqualTo("@football.example.com");
        assertThat(ed.bodyLengthLimited()).isFalse();
        DkimResult rsa = results.get(1);
        assertThat(rsa.result()).as(rsa.reason()).isEqualTo(Result.PASS);
        assertThat(rsa.algorithm()).isEqualTo("rsa-sha256");
        assertThat(rsa.selector()).isEqualTo("test");
    }

    @Test
    void theExampleAlsoVerifiesWithUnixLineEndings() {
        assertThat(verify(Rfc8463Example.lf())).extracting(DkimResult::result)
                .containsExactly(Result.PASS, Result.PASS);
    }

    @Test
    void changingTheSubjectFailsBothSignatures() {
        byte[] tampered = new String(Rfc8463Example.crlf(), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("Subject: Is dinner ready?", "Subject: Is dinner ready!")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        List<DkimResult> results = verify(tampered);

        assertThat(results).extracting(DkimResult::result).containsExactly(Result.FAIL, Result.FAIL);
        assertThat(results.get(0).reason()).isEqualTo("signature did not verify");
    }

    @Test
    void changingTheBodyFailsTheBodyHash() {
        byte[] tampered = new String(Rfc8463Example.crlf(), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("We lost the game.", "We won the game.")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        List<DkimResult> results = verify(tampered);

        assertThat(results).extracting(DkimResult::result).containsExactly(Result.FAIL, Result.FAIL);
        assertThat(results.get(0).reason()).isEqualTo("body hash did not verify");
    }

    @Test
    void addingASecondFromHeaderBreaksTheOverSignedFrom() {
        // h= lists "from" twice: the second instance is over-signed (empty), so a From added
        // on top no longer matches what was signed.
        byte[] tampered = ("From: Mallory <mallory@evil.example>\r\n"
                + new String(Rfc8463Example.crlf(), java.nio.charset.StandardCharsets.US_ASCII))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(verify(tampered)).extracting(DkimResult::result).containsExactly(Result.FAIL, Result.FAIL);
    }

    @Test
    void anUnsignedHeaderMayBeAdded() {
        byte[] received = ("Received: from mx.example by mx2.example\r\n"
                + new String(Rfc8463Example.crlf(), java.nio.charset.StandardCharsets.US_ASCII))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(verify(received)).extracting(DkimResult::result).containsExactly(Result.PASS, Result.PASS);
    }
}
