package dev.mamori.server.v1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardAccounts;
import dev.mamori.risk.CardStatus;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.Vault;
import dev.mamori.vault.keys.MasterKeyProvider;
import dev.mamori.vault.keys.VaultKeyException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The issuer's card accounts: open one from a card number, read, change status, limit or verification key, see its timeline. */
@RestController
@RequestMapping("/v1/cards")
@Tag(name = "Issuer card accounts")
class CardAccountController {
    private final RiskModule risk;
    private final MasterKeyProvider keys;
    private final RequestAudit audit;

    CardAccountController(RiskModule risk, MasterKeyProvider keys, RequestAudit audit) {
        this.risk = risk;
        this.keys = keys;
        this.audit = audit;
    }

    /** A card may name only a card verification key the tenant holds, or every CVC2 on it would fail. */
    private void requireKey(MamoriPrincipal caller, String cvkName) {
        if (cvkName == null) {
            return;
        }
        try {
            if (!keys.cardVerificationKeys(caller.tenant().value().toString()).contains(cvkName)) {
                throw AuthorizationRequests.invalid("cvkName", "unknown-key",
                        "cvkName names no card verification key of this tenant (create one with POST /v1/risk/cvks)");
            }
        } catch (VaultKeyException e) {
            throw new KeyUnavailableException(e);
        }
    }

    /** Not a record, so it never prints the card number. */
    static final class OpenRequest {
        @NotNull
        final String pan;
        @NotNull
        @Min(1)
        @Max(12)
        final Integer expiryMonth;
        @NotNull
        @Min(2000)
        @Max(2099)
        final Integer expiryYear;
        @Pattern(regexp = "[0-9]{3}", message = "must be three digits")
        final String serviceCode;
        @NotNull
        final String currency;
        @NotNull
        @Min(0)
        final Long creditLimit;
        @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1 to 32 lower-case letters, digits, _ . -")
        final String cvkName;

        @JsonCreator
        OpenRequest(@JsonProperty("pan") String pan, @JsonProperty("expiryMonth") Integer expiryMonth,
                    @JsonProperty("expiryYear") Integer expiryYear, @JsonProperty("serviceCode") String serviceCode,
                    @JsonProperty("currency") String currency, @JsonProperty("creditLimit") Long creditLimit,
                    @JsonProperty("cvkName") String cvkName) {
            this.pan = pan;
            this.expiryMonth = expiryMonth;
            this.expiryYear = expiryYear;
            this.serviceCode = serviceCode;
            this.currency = currency;
            this.creditLimit = creditLimit;
            this.cvkName = cvkName;
        }

        @Override
        public String toString() {
            return "OpenRequest[***]";
        }
    }

    record UpdateRequest(String status, @Min(0) Long creditLimit,
                         @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1 to 32 lower-case letters, digits, _ . -")
                         String cvkName) {
    }

    record CardView(UUID id, String brand, String bin, String last4, String expiry, String serviceCode, String status, String currency,
                    long creditLimit, long held, long openToBuy, String cvkName, Instant atRiskSince, String atRiskReason,
                    Instant createdAt, Instant updatedAt) {
        static CardView of(CardAccount a) {
            return new CardView(a.id(), a.brand().id(), a.bin(), a.last4(), a.expiry().toString(), a.serviceCode(), a.status().id(),
                    a.currency().getCurrencyCode(), a.creditLimitMinor(), a.heldMinor(), a.openToBuyMinor(), a.cvkName(),
                    a.atRiskSince(), a.atRiskReason(), a.createdAt(), a.updatedAt());
        }
    }

    @Transactional
    @PostMapping
    @Operation(summary = "Open a card account (the card number is kept only as the vault's fingerprint)")
    ResponseEntity<CardView> open(@Valid @RequestBody OpenRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Pan pan = Vault.parsePan(body.pan);
        requireKey(caller, body.cvkName);
        try {
            CardAccount account = risk.cardAccounts().open(caller.tenant(), pan, YearMonth.of(body.expiryYear, body.expiryMonth),
                    body.serviceCode == null ? "101" : body.serviceCode, AuthorizationRequests.currency(body.currency, "currency"),
                    body.creditLimit, body.cvkName);
            audit.success("card-account.opened", "card-account:" + account.id(), account.label());
            return ResponseEntity.status(HttpStatus.CREATED).body(CardView.of(account));
        } catch (CardAccounts.DuplicateCardException e) {
            throw new ApiProblem(ProblemType.CONFLICT, "the tenant already has an account for this card: " + e.existing());
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid(e.getMessage().startsWith("serviceCode") ? "serviceCode" : "creditLimit", "range",
                    e.getMessage());
        }
    }

    @GetMapping
    @Operation(summary = "List card accounts, newest first")
    List<CardView> list(@RequestParam Optional<String> last4, @RequestParam(defaultValue = "false") boolean atRisk,
                        @RequestParam(defaultValue = "100") int limit) {
        if (last4.isPresent() && !last4.get().matches("[0-9]{4}")) {
            throw AuthorizationRequests.invalid("last4", "digits", "last4 must be four digits");
        }
        return risk.cardAccounts().list(CurrentPrincipal.require().tenant(), last4.orElse(null), atRisk, limit).stream()
                .map(CardView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One card account with its open-to-buy")
    CardView get(@PathVariable UUID id) {
        return risk.cardAccounts().get(CurrentPrincipal.require().tenant(), id).map(CardView::of)
                .orElseThrow(() -> ApiProblem.notFound("card account"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PatchMapping("/{id}")
    @Operation(summary = "Change a card's status (active, blocked, lost, stolen, expired), credit limit or verification key")
    CardView update(@PathVariable UUID id, @Valid @RequestBody UpdateRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if ((body.creditLimit() != null || body.cvkName() != null) && !caller.has(Role.ISSUER) && !caller.has(Role.ADMIN)) {
            // Analysts stop cards; money and keys are the issuer's.
            throw new ApiProblem(ProblemType.FORBIDDEN, "changing the credit limit or verification key needs the issuer or admin role");
        }
        requireKey(caller, body.cvkName());
        CardStatus status = null;
        if (body.status() != null) {
            status = CardStatus.fromId(body.status());
            if (status == null) {
                throw AuthorizationRequests.invalid("status", "one-of", "status must be active, blocked, lost, stolen or expired");
            }
        }
        try {
            CardAccount updated = risk.cardAccounts().update(caller.tenant(), id, status, body.creditLimit(),
                    body.cvkName()).orElseThrow(() -> ApiProblem.notFoundRecorded(audit, "card-account.updated", "card-account:" + id,
                    "no such card account in this tenant", "card account"));
            audit.success("card-account.updated", "card-account:" + id, "status=" + updated.status().id() + " limit="
                    + updated.creditLimitMinor());
            return CardView.of(updated);
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("creditLimit", "range", e.getMessage());
        }
    }

    @GetMapping("/{id}/timeline")
    @Operation(summary = "The card's decisions, newest first")
    List<LoggedDecisionView> timeline(@PathVariable UUID id, @RequestParam(defaultValue = "100") int limit) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        risk.cardAccounts().get(caller.tenant(), id).orElseThrow(() -> ApiProblem.notFound("card account"));
        return LoggedDecisionView.of(risk.decisionLog().timeline(caller.tenant(), id, Math.max(1, Math.min(limit, 1000))));
    }
}
