package dev.mamori.phishing.posture;

import dev.mamori.common.TenantId;
import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.internal.PostureStore;
import dev.mamori.phishing.internal.PostureStore.AlertDraft;
import dev.mamori.phishing.internal.PostureStore.LatestRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The posture of each tenant's brand domains: checks on demand and on schedule, the history of each domain
 * (one stored check per run; {@link #history} says what changed since the run before), and alerts when a
 * posture gets worse.
 *
 * <p>An alert compares two complete checks (no DNS failure), so a name server that stops answering for an hour
 * shows up as {@code dns.temporary-failure} in the history, not as an alert about missing records.
 */
public final class DomainPosture {
    /** The most history one request returns. */
    public static final int MAX_HISTORY = 100;

    private final BrandDomains domains;
    private final PostureStore store;
    private final PostureChecker checker;

    public DomainPosture(BrandDomains domains, PostureStore store, PostureChecker checker) {
        this.domains = Objects.requireNonNull(domains, "domains");
        this.store = Objects.requireNonNull(store, "store");
        this.checker = Objects.requireNonNull(checker, "checker");
    }

    public PostureChecker checker() {
        return checker;
    }

    /**
     * Registers (or updates) a brand domain with its DKIM selectors.
     *
     * @throws IllegalArgumentException when a selector is not DNS labels or there are more than
     *     {@link PostureChecker#MAX_SELECTORS}, or the label is too long
     * @throws IllegalStateException when the tenant has {@link BrandDomains#MAX_PER_TENANT} domains
     */
    public PostureDomain register(TenantId tenant, DomainName domain, boolean sendsMail, String label, List<String> selectors, String actor) {
        List<String> normalized = PostureChecker.normalizeSelectors(selectors);
        BrandDomain registered = domains.register(tenant, domain, sendsMail, label, actor);
        store.replaceSelectors(tenant, domain, normalized);
        return find(tenant, registered.domain()).orElseThrow();
    }

    /** The tenant's domains with their latest grade. */
    public List<PostureDomain> list(TenantId tenant) {
        Map<String, LatestRow> latest = store.latest(tenant);
        Map<String, List<String>> selectors = store.selectors(tenant);
        return domains.list(tenant).stream().map(d -> view(d, selectors.getOrDefault(d.domain().ascii(), List.of()),
                latest.get(d.domain().ascii()))).toList();
    }

    public Optional<PostureDomain> find(TenantId tenant, DomainName domain) {
        return domains.find(tenant, domain).map(d -> view(d, store.selectors(tenant, domain), store.latest(tenant).get(domain.ascii())));
    }

    /** Removes the domain with its selectors, history and alerts; returns whether it was registered. */
    public boolean remove(TenantId tenant, DomainName domain) {
        return domains.remove(tenant, domain);
    }

    /**
     * Checks a registered domain now, stores the result, and raises an alert when the posture got worse.
     *
     * @throws NoSuchElementException when the tenant has not registered {@code domain}
     */
    public PostureCheck check(TenantId tenant, DomainName domain, String actor) {
        return checkAndStore(tenant, domain, actor).check();
    }

    private Outcome checkAndStore(TenantId tenant, DomainName domain, String actor) {
        BrandDomain registered = domains.find(tenant, domain).orElseThrow(() -> new NoSuchElementException("no such domain"));
        PostureReport report = checker.check(domain, registered.sendsMail(), store.selectors(tenant, domain));
        AlertDraft alert = report.complete() ? store.latestComplete(tenant, domain).map(before -> worse(before.report(), report)).orElse(null)
                : null;
        long id = store.insertCheck(tenant, report, actor, alert);
        return new Outcome(new PostureCheck(id, actor, report), alert != null);
    }

    private record Outcome(PostureCheck check, boolean alerted) {
    }

    /** Checks a domain once without storing anything (for domains nobody registered). */
    public PostureReport checkOnce(DomainName domain, boolean sendsMail, List<String> selectors) {
        return checker.check(domain, sendsMail, selectors);
    }

    /** The latest check of a registered domain. */
    public Optional<PostureCheck> latest(TenantId tenant, DomainName domain) {
        return store.checks(tenant, domain, 1).stream().findFirst();
    }

    /** The domain's checks, newest first, each with what changed since the one before. */
    public List<PostureChange> history(TenantId tenant, DomainName domain, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_HISTORY));
        List<PostureCheck> checks = store.checks(tenant, domain, n + 1);
        List<PostureChange> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, checks.size()); i++) {
            out.add(compare(i + 1 < checks.size() ? checks.get(i + 1) : null, checks.get(i)));
        }
        return out;
    }

    /** The tenant's alerts, newest first ({@code domain} null: every domain). */
    public List<PostureAlert> alerts(TenantId tenant, DomainName domain, int limit) {
        return store.alerts(tenant, domain, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * Re-checks every registered domain of every tenant, one after the other. A domain whose check fails
     * (the database, an unexpected error) is counted and skipped; the others are still checked.
     */
    public RecheckResult recheckAll(String actor) {
        int checked = 0;
        int alerts = 0;
        List<String> failures = new ArrayList<>();
        for (BrandDomains.TenantDomain td : domains.all()) {
            try {
                Outcome outcome = checkAndStore(td.tenant(), td.domain().domain(), actor);
                checked++;
                alerts += outcome.alerted() ? 1 : 0;
            } catch (RuntimeException e) {
                failures.add(td.domain().domain().ascii() + ": " + e.getClass().getSimpleName());
            }
        }
        return new RecheckResult(checked, alerts, failures);
    }

    /**
     * What one run of {@link #recheckAll} did.
     *
     * @param checked domains checked and stored
     * @param alerts alerts raised
     * @param failures the domains whose check failed, with the error's type (no data)
     */
    public record RecheckResult(int checked, int alerts, List<String> failures) {
        public RecheckResult {
            failures = List.copyOf(failures);
        }
    }

    /** The alert to raise when {@code after} is worse than {@code before}, else null. */
    static AlertDraft worse(PostureReport before, PostureReport after) {
        Set<PostureCode> had = before.findings().stream().map(PostureFinding::code).collect(Collectors.toSet());
        List<PostureCode> newSevere = after.findings().stream().map(PostureFinding::code)
                .filter(c -> c.severity().isHighOrWorse() && !had.contains(c)).distinct().toList();
        if (newSevere.isEmpty() && !after.grade().isWorseThan(before.grade())) {
            return null;
        }
        return new AlertDraft(before.grade(), newSevere);
    }

    static PostureChange compare(PostureCheck before, PostureCheck after) {
        if (before == null) {
            return new PostureChange(after, null, after.report().findings(), List.of(), List.of());
        }
        Set<PostureCode> had = before.report().findings().stream().map(PostureFinding::code).collect(Collectors.toSet());
        Set<PostureCode> has = after.report().findings().stream().map(PostureFinding::code).collect(Collectors.toSet());
        List<PostureFinding> added = after.report().findings().stream().filter(f -> !had.contains(f.code())).toList();
        List<PostureFinding> resolved = before.report().findings().stream().filter(f -> !has.contains(f.code())).toList();
        Map<String, SeenRecord> old = index(before.report().records());
        Map<String, SeenRecord> now = index(after.report().records());
        List<PostureChange.RecordChange> changes = new ArrayList<>();
        for (Map.Entry<String, SeenRecord> e : now.entrySet()) {
            SeenRecord was = old.get(e.getKey());
            if (was == null || !was.status().equals(e.getValue().status()) || !Set.copyOf(was.values()).equals(Set.copyOf(e.getValue().values()))) {
                changes.add(new PostureChange.RecordChange(e.getValue().type(), e.getValue().name(), was, e.getValue()));
            }
        }
        for (Map.Entry<String, SeenRecord> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                changes.add(new PostureChange.RecordChange(e.getValue().type(), e.getValue().name(), e.getValue(), null));
            }
        }
        return new PostureChange(after, before.report().grade(), added, resolved, changes);
    }

    private static Map<String, SeenRecord> index(List<SeenRecord> records) {
        Map<String, SeenRecord> out = new LinkedHashMap<>();
        for (SeenRecord r : records) {
            out.putIfAbsent(r.key(), r);
        }
        return out;
    }

    private static PostureDomain view(BrandDomain domain, List<String> selectors, LatestRow latest) {
        return new PostureDomain(domain, selectors, latest == null ? null : latest.grade(), latest == null ? null : latest.score(),
                latest == null ? null : latest.checkedAt(), latest == null ? null : latest.complete());
    }
}
