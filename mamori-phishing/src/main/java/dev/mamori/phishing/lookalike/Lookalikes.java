package dev.mamori.phishing.lookalike;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.internal.LookalikeMatchStore;
import java.io.BufferedReader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Lookalike domains per tenant: scans observed-domain lists against the tenant's brand domains
 * ({@link BrandDomains}) and keeps the matches with the analysts' decisions.
 */
public final class Lookalikes {
    /** At most this many skipped lines are listed in a scan's answer (all are counted). */
    public static final int MAX_REJECTED_LISTED = 1000;
    /** At most this many candidates per brand are listed. */
    public static final int MAX_CANDIDATES = 5000;

    private final LookalikeMatchStore store;
    private final BrandDomains brandDomains;
    private final Clock clock;
    private final int threads;

    public Lookalikes(Jdbc jdbc, BrandDomains brandDomains, Clock clock) {
        this.store = new LookalikeMatchStore(jdbc);
        this.brandDomains = brandDomains;
        this.clock = clock;
        this.threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The result of a scan.
     *
     * @param matches the matches found, as stored (ids and statuses)
     * @param outcome counts and skipped lines
     */
    public record ScanResult(List<StoredMatch> matches, LookalikeScan.Outcome outcome) {
    }

    /** Thrown when a tenant scans without having registered a brand domain. */
    public static final class NoBrandsException extends IllegalStateException {
        public NoBrandsException() {
            super("register a brand domain before scanning for lookalikes");
        }
    }

    /**
     * Reads {@code input} (plain list, CSV or JSON lines, see {@link ObservedDomainReader}), matches
     * every name against the tenant's brand domains and stores the matches. Bad lines are skipped
     * and reported; the rest is scanned.
     *
     * @throws NoBrandsException when the tenant has no brand domain
     * @throws java.io.UncheckedIOException when the input cannot be read (nothing is stored)
     */
    public ScanResult scan(TenantId tenant, BufferedReader input, ScanSource source) {
        List<DomainName> brands = brandDomains.list(tenant).stream().map(BrandDomain::domain).toList();
        if (brands.isEmpty()) {
            throw new NoBrandsException();
        }
        LookalikeScan.Outcome outcome = LookalikeScan.run(input, LookalikeMatcher.of(brands), threads, MAX_REJECTED_LISTED);
        List<StoredMatch> stored = store.record(tenant, outcome.matches(), source, clock.instant());
        return new ScanResult(stored, outcome);
    }

    /**
     * The tenant's matches, best score first.
     *
     * @param brand only matches of this brand, or null
     * @param status only matches with this status, or null
     * @param minScore only matches scoring at least this (0 for all)
     */
    public List<StoredMatch> matches(TenantId tenant, DomainName brand, MatchStatus status, double minScore, int limit) {
        return store.list(tenant, brand, status, minScore, limit);
    }

    public Optional<StoredMatch> find(TenantId tenant, long id) {
        return store.find(tenant, id);
    }

    /** Sets the analyst's decision; empty when the tenant has no match with this id. */
    public Optional<StoredMatch> setStatus(TenantId tenant, long id, MatchStatus status, String actor) {
        return store.setStatus(tenant, id, status, actor) ? store.find(tenant, id) : Optional.empty();
    }

    /** The generated candidates of {@code brand}, at most {@code limit} (capped at {@link #MAX_CANDIDATES}). */
    public List<Candidate> candidates(DomainName brand, int limit) {
        List<Candidate> all = CandidateGenerator.generate(brand);
        return all.subList(0, Math.min(all.size(), Math.min(limit, MAX_CANDIDATES)));
    }
}
