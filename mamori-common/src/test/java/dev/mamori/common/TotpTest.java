package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {
    // RFC 6238 Appendix B: the seeds are the ASCII strings below, 20, 32 and 64 bytes long.
    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
        "59, 94287082, 46119246, 90693936",
        "1111111109, 07081804, 68084774, 25091201",
        "1111111111, 14050471, 67062674, 99943326",
        "1234567890, 89005924, 91819424, 93441116",
        "2000000000, 69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826",
    })
    void matchesTheRfc6238TestVectors(long unixTime, String sha1, String sha256, String sha512) {
        Instant time = Instant.ofEpochSecond(unixTime);
        Totp totp1 = new Totp("HmacSHA1", 8, 30);
        assertThat(totp1.code(SEED_SHA1, totp1.step(time))).isEqualTo(sha1);
        Totp totp256 = new Totp("HmacSHA256", 8, 30);
        assertThat(totp256.code(SEED_SHA256, totp256.step(time))).isEqualTo(sha256);
        Totp totp512 = new Totp("HmacSHA512", 8, 30);
        assertThat(totp512.code(SEED_SHA512, totp512.step(time))).isEqualTo(sha512);
    }

    @Test
    void acceptsCodesWithinTheWindowAndReportsTheirStep() {
        Totp totp = Totp.authenticatorApp();
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = totp.step(now);
        String previous = totp.code(SEED_SHA1, step - 1);
        assertThat(totp.matchingStep(SEED_SHA1, previous, now, 1)).hasValue(step - 1);
        assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, step - 3), now, 1)).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1, "12345", now, 1)).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1, null, now, 1)).isEmpty();
    }
}
