package dev.mamori.risk.simulate;

import dev.mamori.common.Totp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A simulated cardholder's phone: the authenticator app holding the card's TOTP secret (RFC 6238,
 * SHA-1, 6 digits, 30 s, as the ACS enrols it). The ACS accepts each time step once, so the phone
 * remembers the last step it showed and, like a cardholder waiting for the next code, never shows
 * the same one twice.
 *
 * <p>The secret is a credential: {@link #toString()} never shows it.
 */
final class SimulatedPhone {
    private static final Totp TOTP = Totp.authenticatorApp();
    /** The ACS accepts the codes of the previous, current and next step. */
    private static final int ACS_WINDOW = 1;

    private final byte[] secret;
    private final String base32;
    private final Clock clock;
    private long lastStep = Long.MIN_VALUE;

    SimulatedPhone(String base32Secret, Clock clock) {
        this.base32 = base32Secret.toUpperCase(Locale.ROOT).replace("=", "").replace(" ", "");
        this.secret = decodeBase32(this.base32);
        this.clock = clock;
    }

    /** The base32 secret, for the state file only. */
    String base32() {
        return base32;
    }

    /** The {@code secret} parameter of an {@code otpauth://totp/...} URI. */
    static String secretOf(String otpauthUri) {
        URI uri = URI.create(otpauthUri);
        if (!"otpauth".equals(uri.getScheme()) || !"totp".equals(uri.getHost()) || uri.getRawQuery() == null) {
            throw new IllegalArgumentException("not an otpauth://totp URI");
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("secret")) {
                String secret = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                decodeBase32(secret);
                return secret;
            }
        }
        throw new IllegalArgumentException("the otpauth URI has no secret");
    }

    /**
     * The next code the app shows: the current step's, or the next step's when the current one was
     * already used; waits for a new step when both were.
     */
    String nextCode() throws InterruptedException {
        long current = TOTP.step(clock.instant());
        long step = Math.max(current, lastStep + 1);
        if (step > current + ACS_WINDOW) {
            // Wait until the step is within the ACS's window (the start of step - 1).
            Instant due = Instant.ofEpochSecond((step - ACS_WINDOW) * Totp.DEFAULT_STEP_SECONDS);
            Duration wait = Duration.between(clock.instant(), due);
            if (!wait.isNegative()) {
                Thread.sleep(wait.toMillis() + 50);
            }
        }
        lastStep = step;
        return TOTP.code(secret, step);
    }

    /** The code of one step, for tests. */
    String code(long step) {
        return TOTP.code(secret, step);
    }

    static byte[] decodeBase32(String text) {
        String s = text.toUpperCase(Locale.ROOT).replace("=", "");
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty base32 secret");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int value;
            if (c >= 'A' && c <= 'Z') {
                value = c - 'A';
            } else if (c >= '2' && c <= '7') {
                value = c - '2' + 26;
            } else {
                throw new IllegalArgumentException("not base32 (RFC 4648): character " + (i + 1));
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "SimulatedPhone[***]";
    }
}
