package dev.mamori.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): the codes of authenticator apps.
 * Used for console MFA and, later, 3-D Secure challenges.
 *
 * <p>Security guarantees: codes are compared in constant time; {@link #matchingStep} returns the
 * time step that matched so the caller can refuse a second use of it (RFC 6238 section 5.2).
 */
public final class Totp {
    public static final int DEFAULT_DIGITS = 6;
    public static final long DEFAULT_STEP_SECONDS = 30;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final String macAlgorithm;
    private final int digits;
    private final long stepSeconds;

    /** {@code algorithm} is HmacSHA1 (what authenticator apps use), HmacSHA256 or HmacSHA512. */
    public Totp(String algorithm, int digits, long stepSeconds) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8");
        }
        this.macAlgorithm = algorithm;
        this.digits = digits;
        this.stepSeconds = stepSeconds;
    }

    public static Totp authenticatorApp() {
        return new Totp("HmacSHA1", DEFAULT_DIGITS, DEFAULT_STEP_SECONDS);
    }

    public long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), stepSeconds);
    }

    /** The code for one time step (RFC 4226 section 5.3 dynamic truncation). */
    public String code(byte[] key, long step) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, "RAW"));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TOTP MAC unavailable", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    /**
     * The time step within {@code window} steps of {@code now} whose code equals {@code code}, or
     * empty. A window of 1 accepts the previous and next step, for clock drift.
     */
    public OptionalLong matchingStep(byte[] key, String code, Instant now, int window) {
        if (code == null || code.length() != digits) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long found = -1;
        // Every candidate is computed and compared, so timing does not reveal which one matched.
        for (long s = current - window; s <= current + window; s++) {
            if (MessageDigest.isEqual(given, code(key, s).getBytes(StandardCharsets.US_ASCII)) && found < 0) {
                found = s;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
