package dev.mamori.server.v1;

import dev.mamori.risk.RiskLists;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.StoredListEntry;
import dev.mamori.risk.lists.InvalidListValueException;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * Block and allow lists: card fingerprints, devices, IPs (and CIDR ranges), e-mails (or whole
 * domains), BIN ranges and delivery addresses (normalized, so spellings of one address are one entry).
 */
@RestController
@RequestMapping("/v1/lists")
@Tag(name = "Block and allow lists")
class ListsController {
    private final RiskModule risk;
    private final RequestAudit audit;

    ListsController(RiskModule risk, RequestAudit audit) {
        this.risk = risk;
        this.audit = audit;
    }

    record EntryRequest(@NotNull String kind, @NotNull String list, @NotBlank @Size(max = 300) @NoCardNumber String value,
                        @Size(max = 100) @NoCardNumber String source, @Size(max = 200) @NoCardNumber String reason, Instant expiresAt) {
    }

    record EntryView(long id, String kind, String list, String value, String source, String reason, Instant expiresAt, String createdBy,
                     Instant createdAt) {
        static EntryView of(StoredListEntry s) {
            return new EntryView(s.entry().id(), kindId(s.entry().kind()), s.entry().type().name().toLowerCase(Locale.ROOT), s.entry().value(),
                    s.entry().source(), s.entry().reason(), s.entry().expiresAt(), s.createdBy(), s.createdAt());
        }
    }

    static String kindId(ListKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ListKind kind(String id) {
        for (ListKind kind : ListKind.values()) {
            if (kindId(kind).equalsIgnoreCase(id)) {
                return kind;
            }
        }
        throw AuthorizationRequests.invalid("kind", "one-of",
                "kind must be card-fingerprint, device, ip, email, bin or delivery-address");
    }

    @Transactional
    @PostMapping
    @Operation(summary = "Add a block or allow entry")
    ResponseEntity<EntryView> add(@Valid @RequestBody EntryRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        ListKind kind = kind(body.kind());
        ListType type;
        try {
            type = ListType.valueOf(body.list().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("list", "one-of", "list must be block or allow");
        }
        if (body.expiresAt() != null && !body.expiresAt().isAfter(Instant.now())) {
            throw AuthorizationRequests.invalid("expiresAt", "future", "expiresAt must be in the future");
        }
        try {
            StoredListEntry entry = risk.lists().add(caller.tenant(), kind, type, body.value(),
                    body.source() == null || body.source().isBlank() ? "manual" : body.source(), body.reason(), body.expiresAt(),
                    caller.subject());
            audit.success("list.entry-added", "list-entry:" + entry.entry().id(), type.name().toLowerCase(Locale.ROOT) + " " + kindId(kind));
            return ResponseEntity.status(HttpStatus.CREATED).body(EntryView.of(entry));
        } catch (InvalidListValueException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        } catch (RiskLists.DuplicateEntryException e) {
            throw new ApiProblem(ProblemType.CONFLICT, "the " + type.name().toLowerCase(Locale.ROOT) + " list already holds this "
                    + kindId(kind) + " (perhaps written another way)");
        }
    }

    @GetMapping
    @Operation(summary = "The tenant's entries, newest first, optionally of one kind")
    List<EntryView> list(@RequestParam Optional<String> kind) {
        ListKind filter = kind.map(ListsController::kind).orElse(null);
        return risk.lists().list(CurrentPrincipal.require().tenant()).stream()
                .filter(e -> filter == null || e.entry().kind() == filter).map(EntryView::of).toList();
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{id}")
    @Operation(summary = "Remove an entry")
    ResponseEntity<Void> remove(@PathVariable long id) {
        if (!risk.lists().remove(CurrentPrincipal.require().tenant(), id)) {
            throw ApiProblem.notFoundRecorded(audit, "list.entry-removed", "list-entry:" + id, "no such entry in this tenant", "list entry");
        }
        audit.success("list.entry-removed", "list-entry:" + id, "");
        return ResponseEntity.noContent().build();
    }
}
