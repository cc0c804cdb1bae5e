package dev.mamori.server.v1;

import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.ChargebackReasons;
import dev.mamori.risk.labels.FraudLabel;
import dev.mamori.risk.labels.FraudLabels;
import dev.mamori.risk.labels.InvalidLabelException;
import dev.mamori.risk.labels.LabelSource;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fraud labels on logged authorizations: cardholder "not me" reports, chargebacks with the
 * network's reason code, analyst confirmations and compromised cards. Each carries the date it
 * became known ({@code knownAt}, default now), which is what keeps training from seeing the future.
 * A label is never deleted: DELETE retracts it, keeping who and when.
 */
@RestController
@RequestMapping("/v1/risk/labels")
@Tag(name = "Fraud labels")
class LabelsController {
    private final RiskModule risk;
    private final RequestAudit audit;

    LabelsController(RiskModule risk, RequestAudit audit) {
        this.risk = risk;
        this.audit = audit;
    }

    record ConfirmRequest(@NotNull @Size(max = FraudLabels.MAX_BATCH) List<String> authorizationIds, @NotNull Boolean fraud,
                          Instant knownAt, @Size(max = FraudLabels.MAX_NOTE) @NoCardNumber String note) {
    }

    record NotMeRequest(@NotNull String cardId, @NotNull @Size(max = FraudLabels.MAX_BATCH) List<String> authorizationIds,
                        Instant knownAt, @Size(max = FraudLabels.MAX_NOTE) @NoCardNumber String note) {
    }

    record ChargebackRequest(@NotNull String authorizationId, @NotNull String network, @NotNull @Size(max = 8) String reasonCode,
                             Instant knownAt, @Size(max = FraudLabels.MAX_NOTE) @NoCardNumber String note) {
    }

    record CompromisedRequest(@NotNull String cardId, @NotNull Instant exposedSince, Instant knownAt,
                              @Size(max = FraudLabels.MAX_NOTE) @NoCardNumber String note) {
    }

    /**
     * One label. {@code reasonCategory} is the chargeback reason's category (fraud, authorization,
     * processing-error, consumer-dispute). {@code liabilityShift}: the authorization was 3-D Secure
     * authenticated (or attempted) with a valid value, so fraud liability lies with the issuer.
     */
    record LabelView(UUID id, UUID authorizationId, UUID cardId, String source, boolean fraud, String network, String reasonCode,
                     String reasonCategory, String reasonTitle, Instant knownAt, String recordedBy, String note, Instant createdAt,
                     Instant retractedAt, String retractedBy, boolean liabilityShift) {
        static LabelView of(FraudLabel l, java.util.Set<UUID> liabilityShifted) {
            Optional<ChargebackReasons.Reason> reason = ChargebackReasons.find(l.network(), l.reasonCode());
            return new LabelView(l.id(), l.decisionId(), l.cardAccountId(), l.source().id(), l.fraud(),
                    l.network() == null ? null : l.network().id(), l.reasonCode(), reason.map(r -> r.category().id()).orElse(null),
                    reason.map(ChargebackReasons.Reason::title).orElse(null), l.knownAt(), l.recordedBy(), l.note(), l.createdAt(),
                    l.retractedAt(), l.retractedBy(), liabilityShifted.contains(l.decisionId()));
        }
    }

    private List<LabelView> views(dev.mamori.common.TenantId tenant, List<FraudLabel> labels) {
        java.util.Set<UUID> shifted = risk.labels().liabilityShifted(tenant, labels.stream().map(FraudLabel::decisionId).toList());
        return labels.stream().map(l -> LabelView.of(l, shifted)).toList();
    }

    /** The labels one request made. */
    record Recorded(int count, List<LabelView> labels) {
        static Recorded of(List<LabelView> labels) {
            return new Recorded(labels.size(), labels);
        }
    }

    @Transactional
    @PostMapping
    @Operation(summary = "An analyst's finding: these authorizations were fraud (fraud=true) or legitimate (fraud=false)")
    ResponseEntity<Recorded> confirm(@Valid @RequestBody ConfirmRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        List<UUID> ids = uuids(body.authorizationIds(), "authorizationIds");
        return created(() -> risk.labels().confirm(caller.tenant(), ids, body.fraud(), body.knownAt(), caller.subject(), body.note()));
    }

    @Transactional
    @PostMapping("/not-me")
    @Operation(summary = "The cardholder reports these authorizations of their card as not theirs")
    ResponseEntity<Recorded> notMe(@Valid @RequestBody NotMeRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        UUID card = uuid(body.cardId(), "cardId");
        List<UUID> ids = uuids(body.authorizationIds(), "authorizationIds");
        return created(() -> risk.labels().notMe(caller.tenant(), card, ids, body.knownAt(), caller.subject(), body.note()));
    }

    @Transactional
    @PostMapping("/chargebacks")
    @Operation(summary = "A chargeback on one authorization: a fraud reason code labels it fraud, a dispute code not fraud")
    ResponseEntity<LabelView> chargeback(@Valid @RequestBody ChargebackRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        UUID id = uuid(body.authorizationId(), "authorizationId");
        Recorded made = created(() -> List.of(risk.labels().chargeback(caller.tenant(), id, body.network(), body.reasonCode(),
                body.knownAt(), caller.subject(), body.note()))).getBody();
        return ResponseEntity.status(HttpStatus.CREATED).body(made.labels().get(0));
    }

    @Transactional
    @PostMapping("/compromised")
    @Operation(summary = "A card's number was exposed since a date: its card-not-present authorizations since then are labelled fraud")
    ResponseEntity<Recorded> compromised(@Valid @RequestBody CompromisedRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        UUID card = uuid(body.cardId(), "cardId");
        Recorded made = created(() -> risk.labels().compromised(caller.tenant(), card, body.exposedSince(), body.knownAt(),
                caller.subject(), body.note())).getBody();
        audit.success("risk.card-compromised", "card:" + card, "exposed since " + body.exposedSince() + ", " + made.count() + " labelled");
        return ResponseEntity.status(HttpStatus.CREATED).body(made);
    }

    @GetMapping
    @Operation(summary = "Labels, newest known first (retracted ones too); page with to = the last label's knownAt")
    List<LabelView> search(@RequestParam Optional<UUID> authorizationId, @RequestParam Optional<UUID> cardId,
                           @RequestParam Optional<String> source,
                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Optional<Instant> from,
                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Optional<Instant> to,
                           @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw AuthorizationRequests.invalid("limit", "range", "limit must be between 1 and 1000");
        }
        LabelSource src = source.map(s -> {
            LabelSource found = LabelSource.fromId(s.trim());
            if (found == null) {
                throw AuthorizationRequests.invalid("source", "one-of", "source must be not-me, chargeback, analyst or compromised");
            }
            return found;
        }).orElse(null);
        dev.mamori.common.TenantId tenant = CurrentPrincipal.require().tenant();
        return views(tenant, risk.labels().search(tenant,
                new FraudLabels.Query(authorizationId.orElse(null), cardId.orElse(null), src, from.orElse(null), to.orElse(null)), limit));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One label")
    LabelView get(@PathVariable UUID id) {
        dev.mamori.common.TenantId tenant = CurrentPrincipal.require().tenant();
        return risk.labels().get(tenant, id).map(l -> views(tenant, List.of(l)).get(0))
                .orElseThrow(() -> ApiProblem.notFound("label"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{id}")
    @Operation(summary = "Retract a label: kept, marked retracted by you now; it stops counting from now on")
    LabelView retract(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Optional<FraudLabel> retracted;
        try {
            retracted = risk.labels().retract(caller.tenant(), id, caller.subject());
        } catch (InvalidLabelException e) {
            throw new ApiProblem(ProblemType.CONFLICT, e.getMessage());
        }
        if (retracted.isEmpty()) {
            throw ApiProblem.notFoundRecorded(audit, "risk.label-retracted", "fraud-label:" + id, "no such label in this tenant", "label");
        }
        audit.success("risk.label-retracted", "fraud-label:" + id, "authorization:" + retracted.get().decisionId());
        return views(caller.tenant(), List.of(retracted.get())).get(0);
    }

    /** Records the labels, each in the audit trail; a broken rule becomes a 422 naming its field. */
    private ResponseEntity<Recorded> created(Supplier<List<FraudLabel>> write) {
        List<FraudLabel> labels;
        try {
            labels = write.get();
        } catch (InvalidLabelException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
        for (FraudLabel l : labels) {
            audit.success("risk.label-recorded", "fraud-label:" + l.id(), l.source().id() + (l.fraud() ? " fraud" : " legitimate")
                    + (l.reasonCode() == null ? "" : " " + l.network().id() + " " + l.reasonCode()) + " on authorization:" + l.decisionId());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Recorded.of(views(CurrentPrincipal.require().tenant(), labels)));
    }

    private static List<UUID> uuids(List<String> values, String field) {
        List<UUID> ids = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            ids.add(uuid(values.get(i), field + "[" + i + "]"));
        }
        return ids;
    }

    private static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid(field, "uuid", field + " must be an id (a UUID)");
        }
    }
}
