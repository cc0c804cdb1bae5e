package dev.mamori.risk.labels;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.risk.internal.LabelStore;
import dev.mamori.risk.internal.LabelStore.DecisionFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Records fraud labels from every source (cardholder "not me" reports, chargebacks, analysts,
 * compromised-card lists) on a tenant's logged decisions, and answers {@link #known} with the
 * labels as they stood at a cut-off.
 *
 * <p>Each write is one transaction: a batch of authorizations is labelled whole or not at all,
 * and a bad id fails the batch with an {@link InvalidLabelException} naming the id's field.
 *
 * <p>Which label stands for a decision at {@code asOf}: among its labels known by {@code asOf}
 * and not retracted by {@code asOf}, the one known last (ties: the one recorded last). So a
 * chargeback that arrives after the cut-off does not count, a retraction after the cut-off does
 * not undo a label at the cut-off, and an analyst's later "legitimate" overrides an earlier "fraud".
 */
public final class FraudLabels implements LabelView {
    /** At most this many authorizations in one request. */
    public static final int MAX_BATCH = 500;
    public static final int MAX_NOTE = 500;
    /** Clocks of the caller and the server may differ a little; a known-at this far ahead is still "now". */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LabelStore store;
    private final Clock clock;

    public FraudLabels(Jdbc jdbc, Clock clock) {
        this.store = new LabelStore(jdbc);
        this.clock = clock;
    }

    /**
     * The cardholder says these authorizations of their card were not theirs.
     *
     * @param knownAt when the cardholder reported it; null for now
     * @throws InvalidLabelException naming {@code cardId}, {@code authorizationIds[i]}, {@code knownAt} or {@code note}
     */
    public List<FraudLabel> notMe(TenantId tenant, UUID cardId, List<UUID> authorizationIds, Instant knownAt, String recordedBy,
                                  String note) {
        require(cardId, "cardId");
        Instant known = knownAt(knownAt);
        checkNote(note);
        return store.jdbc().inTransaction(c -> {
            requireCard(c, tenant, cardId);
            List<DecisionFacts> decisions = decisions(c, tenant, authorizationIds, "authorizationIds");
            for (int i = 0; i < decisions.size(); i++) {
                if (!cardId.equals(decisions.get(i).cardAccountId())) {
                    throw new InvalidLabelException("authorizationIds[" + i + "]", "same-card",
                            "authorizationIds[" + i + "] is not an authorization of card " + cardId);
                }
            }
            return insertAll(c, tenant, decisions, LabelSource.NOT_ME, true, null, null, known, recordedBy, note, "authorizationIds");
        });
    }

    /**
     * A chargeback on one authorization. A fraud reason code labels it fraud; an authorization,
     * processing-error or consumer-dispute code labels it not fraud (the cardholder made the purchase).
     *
     * @param network visa, mastercard, jcb, amex, diners or unionpay
     * @param reasonCode one of the network's codes ({@link ChargebackReasons})
     * @param knownAt when the chargeback arrived; null for now
     */
    public FraudLabel chargeback(TenantId tenant, UUID authorizationId, String network, String reasonCode, Instant knownAt,
                                 String recordedBy, String note) {
        require(authorizationId, "authorizationId");
        CardNetwork net = CardNetwork.fromId(network == null ? "" : network.trim());
        if (net == null) {
            throw new InvalidLabelException("network", "one-of", "network must be visa, mastercard, jcb, amex, diners or unionpay");
        }
        ChargebackReasons.Reason reason = ChargebackReasons.find(net, reasonCode).orElseThrow(() -> new InvalidLabelException(
                "reasonCode", "network-code", "reasonCode is not one of " + net.id() + "'s chargeback reason codes"));
        Instant known = knownAt(knownAt);
        checkNote(note);
        return store.jdbc().inTransaction(c -> {
            List<DecisionFacts> decisions = decisions(c, tenant, List.of(authorizationId), "authorizationId");
            return insertAll(c, tenant, decisions, LabelSource.CHARGEBACK, reason.fraud(), net, reason.code(), known, recordedBy, note,
                    "authorizationId").get(0);
        });
    }

    /** An analyst's finding on authorizations: fraud or legitimate. */
    public List<FraudLabel> confirm(TenantId tenant, List<UUID> authorizationIds, boolean fraud, Instant knownAt, String recordedBy,
                                    String note) {
        Instant known = knownAt(knownAt);
        checkNote(note);
        return store.jdbc().inTransaction(c -> insertAll(c, tenant, decisions(c, tenant, authorizationIds, "authorizationIds"),
                LabelSource.ANALYST, fraud, null, null, known, recordedBy, note, "authorizationIds"));
    }

    /**
     * A card's number was exposed at {@code exposedSince} (a leak, a brand's compromised-account
     * alert, a phishing case): each of its card-not-present decisions since then is labelled fraud,
     * known at {@code knownAt} (or at the decision, when later). A decision that already carries a
     * standing label keeps it (a specific finding beats a list); a later label overrides these as any.
     * Decisions after this call are not labelled: stop or reissue the card, or record the list again.
     *
     * @return the labels made (none when the card has no such decisions)
     */
    public List<FraudLabel> compromised(TenantId tenant, UUID cardId, Instant exposedSince, Instant knownAt, String recordedBy,
                                        String note) {
        require(cardId, "cardId");
        require(exposedSince, "exposedSince");
        Instant known = knownAt(knownAt);
        if (exposedSince.isAfter(known)) {
            throw new InvalidLabelException("exposedSince", "not-after-known", "exposedSince must not be after knownAt");
        }
        checkNote(note);
        return store.jdbc().inTransaction(c -> {
            requireCard(c, tenant, cardId);
            List<DecisionFacts> candidates = new ArrayList<>();
            for (DecisionFacts d : LabelStore.cardDecisionsSince(c, tenant, cardId, exposedSince)) {
                if (d.cardNotPresent()) {
                    candidates.add(d);
                }
            }
            Set<UUID> labelled = new HashSet<>(LabelStore.labelled(c, tenant, candidates.stream().map(DecisionFacts::id).toList()));
            Instant now = clock.instant();
            List<FraudLabel> made = new ArrayList<>();
            for (DecisionFacts d : candidates) {
                if (labelled.contains(d.id())) {
                    continue;
                }
                Instant at = d.receivedAt().isAfter(known) ? d.receivedAt() : known;
                FraudLabel label = new FraudLabel(UUID.randomUUID(), tenant, d.id(), d.cardAccountId(), LabelSource.COMPROMISED, true,
                        null, null, at, recordedBy, note, now, null, null);
                LabelStore.insert(c, label);
                made.add(label);
            }
            return made;
        });
    }

    /**
     * Retracts a label: it stays, marked with who and when, and stops counting from then on.
     *
     * @return the retracted label; empty when the tenant has no label with this id
     * @throws InvalidLabelException ({@code id}, {@code not-retracted}) when it already was retracted
     */
    public Optional<FraudLabel> retract(TenantId tenant, UUID labelId, String retractedBy) {
        Optional<FraudLabel> existing = store.byId(tenant, labelId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        if (!store.retract(tenant, labelId, clock.instant(), retractedBy)) {
            throw new InvalidLabelException("id", "not-retracted", "the label is already retracted");
        }
        return store.byId(tenant, labelId);
    }

    /**
     * Which of these authorizations shifted fraud liability to the issuer (a valid 3-D Secure
     * authentication value with ECI 05/02 or 06/01): a fraud chargeback on one of them is the
     * issuer's loss, not the merchant's.
     */
    public Set<UUID> liabilityShifted(TenantId tenant, java.util.Collection<UUID> authorizationIds) {
        if (authorizationIds.isEmpty()) {
            return Set.of();
        }
        List<UUID> ids = List.copyOf(new java.util.LinkedHashSet<>(authorizationIds));
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return new HashSet<>(store.jdbc().query("select id from risk.decisions where tenant_id = ? and liability_shift and id in ("
                + marks + ")", ps -> {
                    ps.setObject(1, tenant.value());
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setObject(i + 2, ids.get(i));
                    }
                }, rs -> rs.getObject(1, UUID.class)));
    }

    public Optional<FraudLabel> get(TenantId tenant, UUID labelId) {
        return store.byId(tenant, labelId);
    }

    /** Search filters; null means "any". {@code from} and {@code to} bound when the label became known. */
    public record Query(UUID authorizationId, UUID cardId, LabelSource source, Instant from, Instant to) {
        public static final Query ALL = new Query(null, null, null, null, null);
    }

    /** Labels, newest known first, retracted ones included (marked). Page with {@code to} = the last one's known-at. */
    public List<FraudLabel> search(TenantId tenant, Query q, int limit) {
        return store.search(tenant, new LabelStore.Filter(q.authorizationId(), q.cardId(), q.source(), q.from(), q.to()), limit);
    }

    /** Every label of one decision, newest known first. */
    public List<FraudLabel> ofDecision(TenantId tenant, UUID decisionId) {
        return search(tenant, new Query(decisionId, null, null, null, null), 1000);
    }

    @Override
    public Map<UUID, Boolean> known(TenantId tenant, Instant from, Instant to, Instant asOf) {
        Map<UUID, Boolean> out = new LinkedHashMap<>();
        // Oldest known first: a later label of a decision replaces an earlier one.
        for (FraudLabel label : store.knownFor(tenant, from, to, asOf)) {
            out.put(label.decisionId(), label.fraud());
        }
        return out;
    }

    /**
     * {@link #known} for one card: the labels of the card's decisions received in {@code [from, to)}, as
     * known at {@code asOf}. Reads only that card's labels, however many the tenant has.
     */
    public Map<UUID, Boolean> knownForCard(TenantId tenant, UUID cardAccountId, Instant from, Instant to, Instant asOf) {
        Map<UUID, Boolean> out = new LinkedHashMap<>();
        for (FraudLabel label : store.knownFor(tenant, Objects.requireNonNull(cardAccountId, "cardAccountId"), from, to, asOf)) {
            out.put(label.decisionId(), label.fraud());
        }
        return out;
    }

    private List<FraudLabel> insertAll(Connection c, TenantId tenant, List<DecisionFacts> decisions, LabelSource source, boolean fraud,
                                       CardNetwork network, String reasonCode, Instant known, String recordedBy, String note, String field)
            throws SQLException {
        if (recordedBy == null || recordedBy.isBlank()) {
            throw new IllegalArgumentException("recordedBy is required");
        }
        Instant now = clock.instant();
        List<FraudLabel> made = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            DecisionFacts d = decisions.get(i);
            if (known.isBefore(d.receivedAt())) {
                throw new InvalidLabelException("knownAt", "after-authorization",
                        "knownAt is before " + (decisions.size() == 1 ? field : field + "[" + i + "]") + " was received");
            }
            FraudLabel label = new FraudLabel(UUID.randomUUID(), tenant, d.id(), d.cardAccountId(), source, fraud, network, reasonCode,
                    known, recordedBy, note == null || note.isBlank() ? null : note.strip(), now, null, null);
            LabelStore.insert(c, label);
            made.add(label);
        }
        return made;
    }

    /** The tenant's decisions with these ids, in order; an unknown, repeated or another tenant's id fails naming its place. */
    private static List<DecisionFacts> decisions(Connection c, TenantId tenant, List<UUID> ids, String field) throws SQLException {
        boolean single = field.equals("authorizationId");
        if (ids == null || ids.isEmpty()) {
            throw new InvalidLabelException(field, "required", field + " must name at least one authorization");
        }
        if (ids.size() > MAX_BATCH) {
            throw new InvalidLabelException(field, "max-size", field + " may name at most " + MAX_BATCH + " authorizations");
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String at = single ? field : field + "[" + i + "]";
            if (ids.get(i) == null) {
                throw new InvalidLabelException(at, "required", at + " is required");
            }
            if (!seen.add(ids.get(i))) {
                throw new InvalidLabelException(at, "unique", at + " repeats an earlier id");
            }
        }
        Map<UUID, DecisionFacts> found = LabelStore.decisions(c, tenant, ids);
        List<DecisionFacts> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            DecisionFacts d = found.get(ids.get(i));
            String at = single ? field : field + "[" + i + "]";
            if (d == null) {
                throw new InvalidLabelException(at, "exists", at + " is not an authorization of this tenant");
            }
            if ("REVERSAL".equals(d.kind())) {
                throw new InvalidLabelException(at, "authorization", at + " is a reversal; label the authorization it reverses");
            }
            out.add(d);
        }
        return out;
    }

    private static void requireCard(Connection c, TenantId tenant, UUID cardId) throws SQLException {
        if (!LabelStore.cardExists(c, tenant, cardId)) {
            throw new InvalidLabelException("cardId", "exists", "cardId is not a card account of this tenant");
        }
    }

    private Instant knownAt(Instant knownAt) {
        Instant now = clock.instant();
        if (knownAt == null) {
            return now;
        }
        if (knownAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidLabelException("knownAt", "not-future", "knownAt must not be in the future");
        }
        return knownAt;
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidLabelException(field, "required", field + " is required");
        }
    }

    private static void checkNote(String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidLabelException("note", "max-length", "note must be at most " + MAX_NOTE + " characters");
        }
    }
}
