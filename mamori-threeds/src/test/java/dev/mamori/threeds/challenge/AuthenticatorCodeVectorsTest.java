package dev.mamori.threeds.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Totp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The codes the challenges accept are those of RFC 6238 Appendix B (SHA-1 seed), cut to the six
 * digits authenticator apps show (the eight-digit vectors are in mamori-common's TotpTest).
 */
class AuthenticatorCodeVectorsTest {
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924", "2000000000, 279037",
        "20000000000, 353130"})
    void sixDigitCodesMatchTheRfc6238Vectors(long unixTime, String code) {
        Totp totp = Totp.authenticatorApp();
        Instant at = Instant.ofEpochSecond(unixTime);
        assertThat(totp.code(SEED, totp.step(at))).isEqualTo(code);
        assertThat(totp.matchingStep(SEED, code, at.plusSeconds(30), 1)).hasValue(totp.step(at));
        assertThat(totp.matchingStep(SEED, code, at.plusSeconds(60), 1)).isEmpty();
    }
}
