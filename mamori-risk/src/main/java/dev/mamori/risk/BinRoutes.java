package dev.mamori.risk;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.risk.internal.PolicyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which issuer tenant a card number belongs to, by its longest registered prefix (6–11 digits):
 * how an ISO 8583 message, which names no tenant, finds its issuer.
 */
public final class BinRoutes {
    private final PolicyStore store;
    private final Clock clock;
    private volatile TreeMap<String, TenantId> routes = new TreeMap<>();

    BinRoutes(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        refresh();
    }

    /** A registered prefix. */
    public record Route(String prefix, TenantId tenant) {
    }

    public Optional<TenantId> route(Pan pan) {
        TreeMap<String, TenantId> current = routes;
        String full = prefixDigits(pan);
        for (int length = Math.min(11, full.length()); length >= 6; length--) {
            TenantId tenant = current.get(full.substring(0, length));
            if (tenant != null) {
                return Optional.of(tenant);
            }
        }
        return Optional.empty();
    }

    /** Up to 11 leading digits, never reaching the last four: what BIN routes and BIN list entries compare. */
    static String prefixDigits(Pan pan) {
        String digits = pan.reveal(dev.mamori.common.InsecurePanAccess.get());
        return digits.substring(0, Math.min(11, digits.length() - 4));
    }

    /** @throws IllegalArgumentException when the prefix is not 6–11 digits */
    public boolean add(TenantId tenant, String prefix) {
        if (prefix == null || !prefix.matches("[0-9]{6,11}")) {
            throw new IllegalArgumentException("prefix must be 6 to 11 digits");
        }
        boolean added = store.addBinRoute(prefix, tenant, clock.instant());
        refresh();
        return added;
    }

    public boolean remove(TenantId tenant, String prefix) {
        boolean removed = store.removeBinRoute(prefix, tenant);
        refresh();
        return removed;
    }

    public List<Route> list(TenantId tenant) {
        return routes.entrySet().stream().filter(e -> e.getValue().equals(tenant)).map(e -> new Route(e.getKey(), e.getValue())).toList();
    }

    /** Every tenant's routes, in prefix order. */
    public List<Route> all() {
        return routes.entrySet().stream().map(e -> new Route(e.getKey(), e.getValue())).toList();
    }

    /** Synchronized: a refresh that read the table earlier can never overwrite one that read it later. */
    public synchronized void refresh() {
        TreeMap<String, TenantId> fresh = new TreeMap<>();
        for (PolicyStore.BinRoute route : store.binRoutes()) {
            fresh.put(route.prefix(), route.tenant());
        }
        routes = fresh;
    }
}
