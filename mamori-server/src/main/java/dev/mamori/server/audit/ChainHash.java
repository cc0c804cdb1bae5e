package dev.mamori.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one chain link: SHA-256 over the previous hash and every field of the record,
 * each written with its length first so that moving text from one field to the next changes
 * the hash.
 */
final class ChainHash {
    static final String GENESIS = "0".repeat(64);

    private ChainHash() {}

    static String of(AuditRecord r) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        put(sha256, r.prevHash());
        put(sha256, r.tenant().toString());
        put(sha256, Long.toString(r.seq()));
        put(sha256, Long.toString(r.occurredAt().toEpochMilli()));
        put(sha256, r.actor());
        put(sha256, r.actorType().name());
        put(sha256, r.type());
        put(sha256, r.outcome().name());
        put(sha256, r.origin());
        put(sha256, r.resource());
        put(sha256, r.detail());
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void put(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
    }
}
