package dev.mamori.phishing;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.internal.BrandDomainStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The domains each tenant protects: posture checks, DMARC reports and lookalike detection start from here. */
public final class BrandDomains {
    /** How many domains one tenant may register. */
    public static final int MAX_PER_TENANT = 1000;

    private final BrandDomainStore store;
    private final Clock clock;

    BrandDomains(BrandDomainStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Registers {@code domain} for {@code tenant}, or updates its label and whether it sends mail.
     *
     * @throws IllegalStateException when the tenant already has {@link #MAX_PER_TENANT} domains
     */
    public BrandDomain register(TenantId tenant, DomainName domain, boolean sendsMail, String label, String actor) {
        if (label != null && label.length() > 100) {
            throw new IllegalArgumentException("label has at most 100 characters");
        }
        return store.upsert(tenant, new BrandDomain(domain, sendsMail, label == null || label.isBlank() ? null : label.strip(),
                clock.instant(), actor), MAX_PER_TENANT);
    }

    public List<BrandDomain> list(TenantId tenant) {
        return store.list(tenant);
    }

    public Optional<BrandDomain> find(TenantId tenant, DomainName domain) {
        return store.find(tenant, domain);
    }

    /** @return whether it was registered */
    public boolean remove(TenantId tenant, DomainName domain) {
        return store.delete(tenant, domain);
    }

    /** Every tenant's domains, for scheduled jobs (posture re-checks). */
    public List<TenantDomain> all() {
        return store.all();
    }

    /** A registered domain with its tenant. */
    public record TenantDomain(TenantId tenant, BrandDomain domain) {
    }
}
