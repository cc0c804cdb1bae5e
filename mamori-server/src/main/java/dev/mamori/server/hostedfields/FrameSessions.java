package dev.mamori.server.hostedfields;

import dev.mamori.server.config.PlatformSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The signed session a frame page carries: {@code <expiry epoch seconds>.<base64url HMAC-SHA256>},
 * the MAC over the publishable key's id, the shop origin the frame was served for, and the expiry,
 * keyed with {@code PlatformSecret.derive("hosted-fields")}.
 *
 * <p>Security guarantees: only Mamori can issue a session (the key never leaves the process); a
 * session works only for the key and origin it was issued for, and only until it expires.
 * MACs are compared in constant time.
 */
@Component
class FrameSessions {
    enum Verdict { VALID, MISSING, MALFORMED, FORGED, EXPIRED }

    private static final int MAX_LENGTH = 120;
    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;

    FrameSessions(PlatformSecret secret, Clock clock, HostedFieldsProperties properties) {
        this.key = secret.derive("hosted-fields");
        this.clock = clock;
        this.ttl = properties.sessionTtl();
    }

    String issue(UUID keyId, String origin) {
        return issue(keyId, origin, clock.instant().plus(ttl));
    }

    /** With an explicit expiry, for tests of expired sessions. */
    String issue(UUID keyId, String origin, Instant expiresAt) {
        long expiry = expiresAt.getEpochSecond();
        return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keyId, origin, expiry));
    }

    Verdict verify(String session, UUID keyId, String origin) {
        if (session == null || session.isEmpty()) {
            return Verdict.MISSING;
        }
        int dot = session.indexOf('.');
        if (session.length() > MAX_LENGTH || dot < 1) {
            return Verdict.MALFORMED;
        }
        long expiry;
        byte[] presented;
        try {
            expiry = Long.parseLong(session.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(session.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!MessageDigest.isEqual(presented, mac(keyId, origin, expiry))) {
            return Verdict.FORGED;
        }
        return clock.instant().getEpochSecond() >= expiry ? Verdict.EXPIRED : Verdict.VALID;
    }

    private byte[] mac(UUID keyId, String origin, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // Unambiguous: a UUID and a decimal number contain no '\n', an origin cannot either.
            return mac.doFinal(("frame-session/v1\n" + keyId + "\n" + origin + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
