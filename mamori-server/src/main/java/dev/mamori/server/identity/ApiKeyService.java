package dev.mamori.server.identity;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Issues, finds and revokes API keys. A key is {@code mk_} and 32 random bytes in base64url; only
 * its SHA-256 is stored, and the first characters are kept as a prefix people can recognise.
 */
@Service
public class ApiKeyService {
    public static final String KEY_PREFIX = "mk_";
    /** Keys supplied by the operator (bootstrap) must be at least this long. */
    public static final int MIN_SUPPLIED_KEY_LENGTH = 32;
    private static final int DISPLAY_PREFIX_LENGTH = 10;

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeyService(ApiKeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public IssuedApiKey issue(TenantId tenant, String name, Set<Role> roles, String createdBy) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return store(tenant, name, roles, createdBy, KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Registers a key chosen by the operator (MAMORI_BOOTSTRAP_API_KEY), so scripts know it in advance. */
    public IssuedApiKey register(TenantId tenant, String name, Set<Role> roles, String createdBy, String suppliedKey) {
        if (suppliedKey.length() < MIN_SUPPLIED_KEY_LENGTH) {
            throw new IllegalArgumentException("a supplied API key must have at least " + MIN_SUPPLIED_KEY_LENGTH + " characters");
        }
        return store(tenant, name, roles, createdBy, suppliedKey);
    }

    private IssuedApiKey store(TenantId tenant, String name, Set<Role> roles, String createdBy, String secret) {
        ApiKey key = new ApiKey(UUID.randomUUID(), tenant, name, secret.substring(0, DISPLAY_PREFIX_LENGTH),
                Set.copyOf(roles), createdBy, clock.instant(), null);
        repository.insert(key, hash(secret));
        return new IssuedApiKey(key, secret);
    }

    /** The key with this value, revoked or not (callers check {@link ApiKey#active()}), if any. */
    public Optional<ApiKey> lookup(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 256) {
            return Optional.empty();
        }
        return repository.findByHash(hash(presentedKey));
    }

    public List<ApiKey> list(TenantId tenant) {
        return repository.list(tenant);
    }

    /** False when the tenant has no such active key; another tenant's key is never touched. */
    public boolean revoke(TenantId tenant, UUID id) {
        return repository.revoke(tenant, id, clock.instant());
    }

    static String hash(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
