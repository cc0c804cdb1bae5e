package dev.mamori.risk;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.internal.ListStore;
import dev.mamori.risk.lists.JapaneseAddressNormalizer;
import dev.mamori.risk.lists.ListEntry;
import dev.mamori.risk.lists.ListHits;
import dev.mamori.risk.lists.ListIndex;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListQuery;
import dev.mamori.risk.lists.ListType;
import dev.mamori.risk.lists.ListValues;
import dev.mamori.risk.lists.NormalizedAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block and allow lists per tenant (card fingerprints, devices, IPs, e-mails, BIN ranges,
 * delivery addresses): stored with source, reason and expiry, matched through an in-memory index
 * rebuilt on change. Delivery addresses are compared in their normalized form, so one fraud drop
 * address written five ways is one entry.
 */
public final class RiskLists {
    private final ListStore store;
    private final Clock clock;
    private final Map<TenantId, Indexed> indexes = new ConcurrentHashMap<>();

    /** A tenant's index and the store's stamp it was built from. */
    private record Indexed(ListIndex index, String stamp) {
    }

    RiskLists(ListStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Thrown when the tenant already has the same (canonical) value on that list. */
    public static final class DuplicateEntryException extends RuntimeException {
        DuplicateEntryException() {
            super("the list already holds this value");
        }
    }

    /**
     * Adds an entry.
     *
     * @throws dev.mamori.risk.lists.InvalidListValueException naming the rule the value breaks
     * @throws DuplicateEntryException when the list already holds the value in any spelling
     */
    public StoredListEntry add(TenantId tenant, ListKind kind, ListType type, String value, String source, String reason, Instant expiresAt,
                             String createdBy) {
        ListEntry checked = new ListEntry(kind, type, value, source, reason, expiresAt, 0);
        String matchKey = ListValues.canonical(kind, value);
        Instant now = clock.instant();
        long id;
        try {
            id = store.insert(tenant, checked, matchKey, createdBy, now);
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new DuplicateEntryException();
            }
            throw e;
        }
        indexes.remove(tenant);
        return new StoredListEntry(new ListEntry(kind, type, checked.value(), source, checked.reason(), expiresAt, id), createdBy, now);
    }

    public boolean remove(TenantId tenant, long id) {
        boolean removed = store.delete(tenant, id);
        indexes.remove(tenant);
        return removed;
    }

    public List<StoredListEntry> list(TenantId tenant) {
        return store.list(tenant);
    }

    /** A delivery address parsed once per decision: its key is what the log stores and the features count (offline training too). */
    public static NormalizedAddress parseAddress(String deliveryAddress) {
        return deliveryAddress == null ? null : JapaneseAddressNormalizer.parse(deliveryAddress);
    }

    /**
     * Matches a query against the tenant's lists through the same cached index the authorization host
     * uses (rebuilt when this instance changes the lists, and by {@link #refresh} for other instances'
     * changes), so other callers, such as the 3-D Secure ACS, need not read and index every entry per request.
     */
    public ListHits match(TenantId tenant, ListQuery query, Instant now) {
        ListIndex index = indexes.computeIfAbsent(tenant, this::load).index();
        return index.size() == 0 ? ListHits.none() : index.match(query, now);
    }

    ListHits match(TenantId tenant, AuthorizationRequest request, String fingerprint, NormalizedAddress address, Instant now) {
        ListIndex index = indexes.computeIfAbsent(tenant, this::load).index();
        if (index.size() == 0) {
            return ListHits.none();
        }
        AuthorizationRequest.EcData ec = request.ec();
        ListQuery query = ListQuery.builder()
                .cardFingerprint(fingerprint)
                .deviceId(ec.deviceId())
                .ip(ec.ip())
                .email(ec.email())
                .binDigits(BinRoutes.prefixDigits(request.card().pan()))
                .deliveryAddress(address)
                .build();
        return index.match(query, now);
    }


    private Indexed load(TenantId tenant) {
        List<StoredListEntry> entries = store.list(tenant);
        long maxId = entries.stream().mapToLong(e -> e.entry().id()).max().orElse(0);
        return new Indexed(ListIndex.of(entries.stream().map(StoredListEntry::entry).toList()),
                entries.isEmpty() ? "" : entries.size() + ":" + maxId);
    }

    /** Picks up other instances' changes (called periodically): an index is rebuilt only when its tenant's entries changed. */
    public void refresh() {
        Map<TenantId, String> stamps = store.stamps();
        indexes.entrySet().removeIf(e -> !e.getValue().stamp().equals(stamps.getOrDefault(e.getKey(), "")));
    }
}
