package dev.mamori.server.hostedfields;

import dev.mamori.common.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Creates, finds and revokes publishable keys: {@code pk_} and 32 random bytes in base64url. */
@Service
public class PublishableKeyService {
    /** {@code created_by} of the demo shop's key, created at first start. */
    public static final String DEMO_CREATOR = "bootstrap";
    private static final int MAX_KEY_LENGTH = 64;

    private final PublishableKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PublishableKeyService(PublishableKeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * A new active key. {@code allowedOrigins} are validated and normalised here.
     *
     * @throws dev.mamori.server.api.ApiProblem (422) naming {@code allowedOrigins[i]} and the rule it broke
     */
    public PublishableKey create(TenantId tenant, String name, List<String> allowedOrigins, String createdBy) {
        List<String> origins = AllowedOrigins.validate(allowedOrigins);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PublishableKey key = new PublishableKey(UUID.randomUUID(), tenant, name, PublishableKey.PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), origins, createdBy, clock.instant(), null);
        repository.insert(key);
        return key;
    }

    /** The key with this value, revoked or not, if any. */
    public Optional<PublishableKey> lookup(String key) {
        if (key == null || !key.startsWith(PublishableKey.PREFIX) || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        return repository.findByKey(key);
    }

    public Optional<PublishableKey> find(UUID id) {
        return repository.findById(id);
    }

    public List<PublishableKey> list(TenantId tenant) {
        return repository.list(tenant);
    }

    /** False when the tenant has no such active key; another tenant's key is never touched. */
    public boolean revoke(TenantId tenant, UUID id) {
        return repository.revoke(tenant, id, clock.instant());
    }

    /** The active demo shop keys (created at first start). */
    public List<PublishableKey> demoKeys() {
        return repository.activeCreatedBy(DEMO_CREATOR);
    }

    /** The demo shop's key (created at first start) that lets {@code origin} embed the fields, if any. */
    public Optional<PublishableKey> demoKeyFor(String origin) {
        return repository.activeCreatedBy(DEMO_CREATOR).stream().filter(k -> k.allows(origin)).findFirst();
    }
}
