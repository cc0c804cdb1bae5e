package dev.mamori.server.api;

import dev.mamori.common.TenantId;
import dev.mamori.server.config.Db;
import dev.mamori.server.config.PlatformSecret;
import dev.mamori.server.principal.MamoriPrincipal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code Idempotency-Key} for POSTs that create things: a retry with the same key and body gets
 * the first response again (marked {@code Idempotent-Replayed: true}) and creates nothing; the
 * same key with a different body is refused.
 *
 * <p>The record is written in the same transaction as the thing created, so either both exist
 * or neither. Nothing in it is readable from the database alone: the client's key and the request
 * are stored as HMACs under the platform secret (which lives outside the database), and the first
 * response (which may carry a new API key) is AES-GCM encrypted under a key derived from the
 * platform secret and the client's key together.
 */
@Service
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final JdbcClient jdbc;
    private final byte[] serverKey;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Idempotency(JdbcClient jdbc, PlatformSecret secret, PlatformTransactionManager txManager, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.serverKey = secret.derive("idempotency");
        this.transaction = new TransactionTemplate(txManager);
        this.json = json;
        this.clock = clock;
    }

    /** How long a key is remembered; after that a retry is treated as a new request (as at Stripe). */
    public static final java.time.Duration RETENTION = java.time.Duration.ofHours(24);

    private record Stored(String requestHash, int status, String body) {}

    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public int purgeExpired() {
        return jdbc.sql("delete from platform.idempotency_records where created_at < ?")
                .param(Db.timestamp(clock.instant().minus(RETENTION))).update();
    }

    /**
     * Runs {@code action} once per key. Without a key it simply runs it (in a transaction).
     *
     * @param request the parsed request body, hashed to recognise a different request under the same key
     */
    public ResponseEntity<?> run(MamoriPrincipal caller, String key, String operation, Object request,
                                 Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return transaction.execute(status -> action.get());
        }
        validate(key);
        TenantId tenant = caller.tenant();
        String scope = tenant + "|" + caller.subject() + "|" + operation;
        String keyHash = HexFormat.of().formatHex(hmac(serverKey, "lookup|" + scope + "|" + key));
        String requestHash = HexFormat.of().formatHex(hmac(serverKey, "request|" + new String(json.writeValueAsBytes(request), StandardCharsets.UTF_8)));
        // A key older than the retention period is forgotten: the request is new again.
        jdbc.sql("delete from platform.idempotency_records where tenant_id = ? and key_hash = ? and created_at < ?")
                .params(tenant.value(), keyHash, Db.timestamp(clock.instant().minus(RETENTION))).update();
        Optional<ResponseEntity<?>> earlier = replay(tenant, keyHash, requestHash, key, scope);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return transaction.execute(status -> {
                jdbc.sql("insert into platform.idempotency_records (tenant_id, key_hash, request_hash, created_at) values (?, ?, ?, ?)")
                        .params(tenant.value(), keyHash, requestHash, Db.timestamp(clock.instant())).update();
                ResponseEntity<?> response = action.get();
                byte[] body = json.writeValueAsBytes(response.getBody());
                jdbc.sql("update platform.idempotency_records set status_code = ?, response_body = ? where tenant_id = ? and key_hash = ?")
                        .params(response.getStatusCode().value(), encrypt(key, scope, keyHash, body), tenant.value(), keyHash)
                        .update();
                return response;
            });
        } catch (DataIntegrityViolationException conflict) {
            // Either another request with this key committed first (answer as it did), or the
            // action itself hit a constraint (let the handler report the conflict).
            return replay(tenant, keyHash, requestHash, key, scope).orElseThrow(() -> conflict);
        }
    }

    private Optional<ResponseEntity<?>> replay(TenantId tenant, String keyHash, String requestHash, String key, String scope) {
        Optional<Stored> stored = jdbc.sql("select request_hash, status_code, response_body from platform.idempotency_records where tenant_id = ? and key_hash = ?")
                .params(tenant.value(), keyHash)
                .query((rs, row) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(stored.get().requestHash().getBytes(StandardCharsets.US_ASCII),
                requestHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiProblem(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used with a different request",
                    List.of(new FieldViolation(HEADER, "same-request", "reuse a key only to retry the same request")));
        }
        String body = new String(decrypt(key, scope, keyHash, stored.get().body()), StandardCharsets.UTF_8);
        return Optional.of(ResponseEntity.status(stored.get().status()).header(REPLAYED_HEADER, "true")
                .contentType(MediaType.APPLICATION_JSON).body(body));
    }

    private static void validate(String key) {
        boolean printable = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (!printable) {
            throw new ApiProblem(ProblemType.BAD_REQUEST, HEADER + " must be 1 to 255 visible ASCII characters",
                    List.of(new FieldViolation(HEADER, "format", HEADER + " must be 1 to 255 visible ASCII characters")));
        }
    }

    private String encrypt(String key, String scope, String keyHash, byte[] plain) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(responseKey(key, scope), "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(keyHash.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt idempotent response", e);
        }
    }

    private byte[] decrypt(String key, String scope, String keyHash, String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(responseKey(key, scope), "AES"),
                    new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(keyHash.getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored idempotent response does not authenticate", e);
        }
    }

    /** Needs both the platform secret and the client's key: neither the database nor the client alone opens it. */
    private byte[] responseKey(String clientKey, String scope) {
        return hmac(hmac(serverKey, "response|" + scope), clientKey);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
