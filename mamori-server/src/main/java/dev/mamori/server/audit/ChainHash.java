package dev.mamori.server.audit;

import dev.mamori.server.config.PlatformSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The hash of one chain link: HMAC-SHA256, keyed with a key derived from the platform secret,
 * over the previous hash and every field of the record, each written with its length first so
 * that moving text from one field to the next changes the result.
 *
 * <p>Keyed, not a plain SHA-256: the secret lives outside the database, so someone who can write
 * the database can delete or edit records but cannot compute hashes that verify again.
 */
@Component
class ChainHash {
    static final String GENESIS = "0".repeat(64);

    private final SecretKeySpec key;

    ChainHash(PlatformSecret secret) {
        this.key = new SecretKeySpec(secret.derive("audit-chain"), "HmacSHA256");
    }

    String of(AuditRecord r) {
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        put(mac, r.prevHash());
        put(mac, r.tenant().toString());
        put(mac, Long.toString(r.seq()));
        put(mac, r.occurredAt() == null ? null : Long.toString(r.occurredAt().toEpochMilli()));
        put(mac, r.actor());
        put(mac, r.actorType());
        put(mac, r.type());
        put(mac, r.outcome());
        put(mac, r.origin());
        put(mac, r.resource());
        put(mac, r.detail());
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private static void put(Mac mac, String value) {
        if (value == null) {
            mac.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        mac.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        mac.update(bytes);
    }
}
