package dev.mamori.server.v1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Decision;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.Vault;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The authorization host's JSON interface: the same decision as an ISO 8583 0100/0200, by card
 * number or by vault token, and the decision log. A card whose BIN another tenant registered is
 * decided by that issuer tenant; the caller then sees the answer (response and approval code)
 * but not the issuer's reasons or rules.
 */
@RestController
@RequestMapping("/v1/authorizations")
@Tag(name = "Authorizations")
class AuthorizationController {
    private final RiskModule risk;
    private final Vault vault;
    private final RequestAudit audit;
    private final Clock clock;

    AuthorizationController(RiskModule risk, Vault vault, RequestAudit audit, Clock clock) {
        this.risk = risk;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    record MerchantData(@Size(max = 15) @NoCardNumber String id, @Size(max = 8) @NoCardNumber String terminalId,
                        @Size(max = 40) @NoCardNumber String name, String mcc, String country) {
    }

    record ThreeDsData(@Pattern(regexp = "[0-9]{2}", message = "must be two digits") String eci,
                       @Size(max = 64) String authenticationValue,
                       @Pattern(regexp = "[YANURCDI]", message = "must be one of Y A N U R C D I") String transStatus) {
    }

    record EcRequest(@Size(max = 128) @NoCardNumber String deviceId, @Size(max = 64) String ip, @Size(max = 254) @NoCardNumber String email,
                     @Size(max = 300) @NoCardNumber String deliveryAddress, @Valid ThreeDsData threeDs) {
    }

    /** An authorization request. Not a record, so it never prints the card number or code. */
    static final class Request {
        final String kind;
        final String pan;
        final String token;
        @Min(1)
        @Max(12)
        final Integer expiryMonth;
        @Min(2000)
        @Max(2099)
        final Integer expiryYear;
        final String cvc;
        @NotNull
        @Min(0)
        @Max(1_000_000_000_000L)
        final Long amount;
        @NotNull
        final String currency;
        final String channel;
        @Valid
        @NotNull
        final MerchantData merchant;
        @Pattern(regexp = "[0-9]{1,6}", message = "must be 1 to 6 digits")
        final String stan;
        @Pattern(regexp = "[0-9A-Za-z]{1,12}", message = "must be 1 to 12 letters or digits")
        final String rrn;
        @Valid
        final EcRequest ec;

        @JsonCreator
        Request(@JsonProperty("kind") String kind, @JsonProperty("pan") String pan, @JsonProperty("token") String token,
                @JsonProperty("expiryMonth") Integer expiryMonth, @JsonProperty("expiryYear") Integer expiryYear,
                @JsonProperty("cvc") String cvc, @JsonProperty("amount") Long amount, @JsonProperty("currency") String currency,
                @JsonProperty("channel") String channel, @JsonProperty("merchant") MerchantData merchant,
                @JsonProperty("stan") String stan, @JsonProperty("rrn") String rrn, @JsonProperty("ec") EcRequest ec) {
            this.kind = kind;
            this.pan = pan;
            this.token = token;
            this.expiryMonth = expiryMonth;
            this.expiryYear = expiryYear;
            this.cvc = cvc;
            this.amount = amount;
            this.currency = currency;
            this.channel = channel;
            this.merchant = merchant;
            this.stan = stan;
            this.rrn = rrn;
            this.ec = ec;
        }

        @Override
        public String toString() {
            return "AuthorizationRequest[***]";
        }
    }

    /** The answer. Callers from another tenant than the issuer see only id, response and approval code. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DecisionView(UUID id, String responseCode, String responseText, String action, String approvalCode, List<String> reasons,
                        List<FiredRule> firedRules, Integer ruleVersion, Double score, Integer modelVersion,
                        List<ModelReasonView> modelReasons, String fallback, Long latencyMicros, boolean duplicate, UUID cardAccountId) {
        static DecisionView full(Decision d) {
            return new DecisionView(d.id(), d.responseCode().code(), d.responseCode().description(), d.action().id(), d.approvalCode(),
                    d.reasons(), d.firedRules(), d.ruleVersion(), d.score(), d.modelVersion(), ModelReasonView.of(d.modelReasons()),
                    d.fallback(), d.latencyMicros(), d.duplicate(), d.cardAccountId());
        }

        static DecisionView forAcquirer(Decision d) {
            return new DecisionView(d.id(), d.responseCode().code(), d.responseCode().description(), d.action().id(), d.approvalCode(),
                    null, null, null, null, null, null, null, null, d.duplicate(), null);
        }
    }

    @PostMapping
    @Operation(summary = "Authorize a card payment (by card number or vault token): the same decision as an ISO 8583 0100/0200")
    DecisionView authorize(@Valid @RequestBody Request body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if ((body.pan == null) == (body.token == null)) {
            throw AuthorizationRequests.invalid("pan", "one-of", "send exactly one of pan or token");
        }
        if ((body.expiryMonth == null) != (body.expiryYear == null)) {
            throw AuthorizationRequests.invalid("expiryMonth", "together", "send expiryMonth and expiryYear together");
        }
        Pan pan;
        SecurityCode code = null;
        if (body.token != null) {
            RevealedCard card = vault.detokenize(caller.tenant(), body.token)
                    .orElseThrow(() -> ApiProblem.notFound("token"));
            pan = card.pan();
            if (body.cvc == null) {
                // A code collected by the hosted fields with the token is used once, here.
                code = vault.takeSecurityCode(caller.tenant(), body.token).orElse(null);
            }
        } else {
            pan = Vault.parsePan(body.pan);
        }
        if (body.cvc != null) {
            try {
                code = SecurityCode.of(body.cvc);
            } catch (IllegalArgumentException e) {
                throw new InvalidCardException("cvc", "digits", "cvc must be 3 or 4 digits");
            }
        }
        try {
            TenantId issuer = AuthorizationRequests.issuerOf(risk.binRoutes(), pan, caller.tenant());
            AuthorizationRequest request = new AuthorizationRequest(issuer, AuthorizationRequests.kind(body.kind, "kind"),
                    new AuthorizationRequest.PresentedCard(pan, body.expiryMonth == null ? null : YearMonth.of(body.expiryYear, body.expiryMonth),
                            code, null, body.token),
                    body.amount, AuthorizationRequests.currency(body.currency, "currency"), "000000",
                    AuthorizationRequests.channel(body.channel, "channel"),
                    new AuthorizationRequest.Merchant(body.merchant.id(), body.merchant.terminalId(), body.merchant.name(),
                            AuthorizationRequests.mcc(body.merchant.mcc(), "merchant.mcc"),
                            AuthorizationRequests.country(body.merchant.country(), "merchant.country")),
                    new AuthorizationRequest.Trace(body.stan, body.rrn, null, null, null, null, null),
                    ec(body.ec), clock.instant());
            Decision decision = risk.host().decide(request, "json", caller.tenant().value().toString());
            audit.success("authorization.decided", "authorization:" + decision.id(),
                    decision.responseCode().code() + (issuer.equals(caller.tenant()) ? "" : " for issuer " + issuer));
            return issuer.equals(caller.tenant()) ? DecisionView.full(decision) : DecisionView.forAcquirer(decision);
        } finally {
            if (code != null) {
                code.wipe();
            }
        }
    }

    @PostMapping("/{id}/reversal")
    @Operation(summary = "Reverse an authorization: releases what it held on the card's open-to-buy (once)")
    DecisionView reverse(@PathVariable UUID id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        // The issuer's own decision, or one the caller sent for a card another tenant issues.
        LoggedDecision original = risk.decisionLog().get(caller.tenant(), id)
                .or(() -> risk.decisionLog().sentBy(caller.tenant(), id))
                .orElseThrow(() -> ApiProblem.notFound("authorization"));
        if (original.kind() == MessageKind.REVERSAL) {
            throw AuthorizationRequests.invalid("id", "not-a-reversal", "a reversal cannot be reversed");
        }
        Decision decision = risk.host().reverse(original, clock.instant(), caller.tenant().value().toString());
        audit.success("authorization.reversed", "authorization:" + id, decision.reasons().isEmpty() ? "" : decision.reasons().get(0));
        return original.tenant().equals(caller.tenant()) ? DecisionView.full(decision) : DecisionView.forAcquirer(decision);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One logged decision")
    LoggedDecisionView get(@PathVariable UUID id) {
        return risk.decisionLog().get(CurrentPrincipal.require().tenant(), id).map(LoggedDecisionView::of)
                .orElseThrow(() -> ApiProblem.notFound("authorization"));
    }

    @GetMapping
    @Operation(summary = "Search the decision log, newest first")
    List<LoggedDecisionView> search(@RequestParam Optional<UUID> card, @RequestParam Optional<String> last4,
                                @RequestParam Optional<String> responseCode, @RequestParam Optional<String> reason,
                                @RequestParam Optional<String> device, @RequestParam Optional<String> ip,
                                @RequestParam Optional<String> email, @RequestParam Optional<String> merchant,
                                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Optional<Instant> from,
                                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Optional<Instant> to,
                                @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw AuthorizationRequests.invalid("limit", "range", "limit must be between 1 and 1000");
        }
        return LoggedDecisionView.of(risk.decisionLog().search(CurrentPrincipal.require().tenant(),
                new dev.mamori.risk.DecisionLog.Query(card.orElse(null), last4.orElse(null), responseCode.orElse(null), reason.orElse(null),
                        device.orElse(null), ip.orElse(null), email.orElse(null), merchant.orElse(null), from.orElse(null),
                        to.orElse(null)), limit));
    }

    private static AuthorizationRequest.EcData ec(EcRequest ec) {
        if (ec == null) {
            return AuthorizationRequest.EcData.NONE;
        }
        AuthorizationRequest.ThreeDsResult threeDs = ec.threeDs() == null ? null
                : new AuthorizationRequest.ThreeDsResult(ec.threeDs().eci(), ec.threeDs().authenticationValue(), ec.threeDs().transStatus());
        return new AuthorizationRequest.EcData(ec.deviceId(), ec.ip(), ec.email(), ec.deliveryAddress(), threeDs);
    }
}
