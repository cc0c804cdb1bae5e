package dev.mamori.server.v1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.SecurityCode;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.Idempotency;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.vault.VaultOperations;
import dev.mamori.vault.CardExpiry;
import dev.mamori.vault.CardInput;
import dev.mamori.vault.CardMetadata;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.TokenFormat;
import dev.mamori.vault.TokenizeOptions;
import dev.mamori.vault.Vault;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tokenize, read, detokenize and delete cards. Every token belongs to the caller's tenant; a
 * token of another tenant is "not found", exactly like one that never existed.
 */
@RestController
@RequestMapping("/v1/tokens")
@Tag(name = "Tokens")
class TokenController {
    private final Vault vault;
    private final VaultOperations operations;
    private final Idempotency idempotency;
    private final RequestAudit audit;

    TokenController(Vault vault, VaultOperations operations, Idempotency idempotency, RequestAudit audit) {
        this.vault = vault;
        this.operations = operations;
        this.idempotency = idempotency;
        this.audit = audit;
    }

    /** A card as sent by the client. Not a record, so it never prints the card number or code. */
    static class CardRequest {
        @NotNull
        private final String pan;
        @NotNull
        private final Integer expiryMonth;
        @NotNull
        private final Integer expiryYear;
        @Size(max = 100)
        @NoCardNumber
        private final String holderName;
        private final String cvc;

        @JsonCreator
        CardRequest(@JsonProperty("pan") String pan, @JsonProperty("expiryMonth") Integer expiryMonth,
                    @JsonProperty("expiryYear") Integer expiryYear, @JsonProperty("holderName") String holderName,
                    @JsonProperty("cvc") String cvc) {
            this.pan = pan;
            this.expiryMonth = expiryMonth;
            this.expiryYear = expiryYear;
            this.holderName = holderName;
            this.cvc = cvc;
        }

        // Getters exist for the idempotency request hash (an HMAC); nothing else serializes a request.
        public String getPan() {
            return pan;
        }

        public Integer getExpiryMonth() {
            return expiryMonth;
        }

        public Integer getExpiryYear() {
            return expiryYear;
        }

        public String getHolderName() {
            return holderName;
        }

        public String getCvc() {
            return cvc;
        }

        CardInput toInput() {
            SecurityCode code = null;
            if (cvc != null) {
                try {
                    code = SecurityCode.of(cvc);
                } catch (IllegalArgumentException e) {
                    throw new InvalidCardException("cvc", "digits", "cvc must be 3 or 4 digits");
                }
            }
            return new CardInput(Vault.parsePan(pan), new CardExpiry(expiryMonth, expiryYear), holderName, code);
        }

        @Override
        public String toString() {
            return "CardRequest[***]";
        }
    }

    static final class TokenizeRequest extends CardRequest {
        private final String format;
        private final Boolean deduplicate;
        private final Long ttlSeconds;

        @JsonCreator
        TokenizeRequest(@JsonProperty("pan") String pan, @JsonProperty("expiryMonth") Integer expiryMonth,
                        @JsonProperty("expiryYear") Integer expiryYear, @JsonProperty("holderName") String holderName,
                        @JsonProperty("cvc") String cvc, @JsonProperty("format") String format,
                        @JsonProperty("deduplicate") Boolean deduplicate, @JsonProperty("ttlSeconds") Long ttlSeconds) {
            super(pan, expiryMonth, expiryYear, holderName, cvc);
            this.format = format;
            this.deduplicate = deduplicate;
            this.ttlSeconds = ttlSeconds;
        }

        public String getFormat() {
            return format;
        }

        public Boolean getDeduplicate() {
            return deduplicate;
        }

        public Long getTtlSeconds() {
            return ttlSeconds;
        }

        @Override
        public String toString() {
            return "TokenizeRequest[***]";
        }
    }

    record BatchTokenizeRequest(@Valid @NotNull @Size(min = 1, max = Vault.MAX_BATCH) List<@Valid @NotNull CardRequest> cards,
                                String format, Boolean deduplicate, Long ttlSeconds) {
        @Override
        public String toString() {
            return "BatchTokenizeRequest[" + (cards == null ? 0 : cards.size()) + " cards]";
        }
    }

    record TokenView(String token, String format, String brand, String maskedPan, String bin, String last4,
                     int expiryMonth, int expiryYear, String fingerprint, Instant createdAt, Instant expiresAt,
                     boolean deduplicated, Instant cvcHeldUntil) {
        static TokenView of(CardMetadata m) {
            return new TokenView(m.token(), m.format().id(), m.brand().id(), m.maskedPan(), m.bin(), m.last4(),
                    m.expiry().month(), m.expiry().year(), m.fingerprint(), m.createdAt(), m.expiresAt(), m.deduplicated(),
                    m.securityCodeHeldUntil());
        }
    }

    record BatchTokenView(List<TokenView> tokens) {}

    record DetokenizeRequest(@NotBlank @Size(max = 200) @NoCardNumber String purpose) {}

    record BatchDetokenizeRequest(@NotNull @Size(min = 1, max = Vault.MAX_BATCH) List<@NotBlank @Size(max = 64) String> tokens,
                                  @NotBlank @Size(max = 200) @NoCardNumber String purpose) {}

    /** The only response that carries a card number. Not a record; its toString is masked. */
    static final class CardView {
        private final RevealedCard card;

        CardView(RevealedCard card) {
            this.card = card;
        }

        public String getToken() {
            return card.metadata().token();
        }

        public String getPan() {
            return card.pan().reveal(InsecurePanAccess.get());
        }

        public String getBrand() {
            return card.metadata().brand().id();
        }

        public int getExpiryMonth() {
            return card.metadata().expiry().month();
        }

        public int getExpiryYear() {
            return card.metadata().expiry().year();
        }

        public String getHolderName() {
            return card.holderName();
        }

        @Override
        public String toString() {
            return "CardView[" + card.metadata().token() + "]";
        }
    }

    record BatchCardView(List<CardView> cards, List<String> notFound) {}

    @PostMapping
    @Operation(summary = "Tokenize a card: the card number is stored encrypted, the response carries a token and metadata")
    ResponseEntity<?> tokenize(@Valid @RequestBody TokenizeRequest request,
                               @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CardInput card = request.toInput();
        TokenizeOptions options = options(request.getFormat(), request.getDeduplicate(), request.getTtlSeconds());
        return idempotency.run(caller, idempotencyKey, "POST /v1/tokens", request, () -> {
            CardMetadata created = vault.tokenize(caller.tenant(), card, options);
            audit.success(AuditEventTypes.CARD_TOKENIZED, "token:" + created.token(),
                    created.deduplicated() ? "existing token returned (deduplicate)" : "card " + created.maskedPan());
            return ResponseEntity.status(created.deduplicated() ? HttpStatus.OK : HttpStatus.CREATED).body(TokenView.of(created));
        });
    }

    @PostMapping("/batch")
    @Operation(summary = "Tokenize up to 100 cards, all or none")
    ResponseEntity<?> tokenizeBatch(@Valid @RequestBody BatchTokenizeRequest request,
                                    @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        List<CardInput> cards = new ArrayList<>(request.cards().size());
        for (int i = 0; i < request.cards().size(); i++) {
            try {
                cards.add(request.cards().get(i).toInput());
            } catch (InvalidCardException e) {
                throw e.at("cards[" + i + "]");
            }
        }
        TokenizeOptions options = options(request.format(), request.deduplicate(), request.ttlSeconds());
        return idempotency.run(caller, idempotencyKey, "POST /v1/tokens/batch", request, () -> {
            List<CardMetadata> created = vault.tokenizeAll(caller.tenant(), cards, options);
            audit.success(AuditEventTypes.CARD_TOKENIZED, "tokens", created.size() + " cards tokenized in a batch");
            return ResponseEntity.status(HttpStatus.CREATED).body(new BatchTokenView(created.stream().map(TokenView::of).toList()));
        });
    }

    @GetMapping("/{token}")
    @Operation(summary = "A token's card metadata (brand, masked number, expiry, fingerprint); never the number")
    TokenView metadata(@PathVariable String token) {
        return vault.metadata(CurrentPrincipal.require().tenant(), token).map(TokenView::of)
                .orElseThrow(() -> ApiProblem.notFound("Token"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{token}")
    @Operation(summary = "Delete a token and its card")
    ResponseEntity<Void> delete(@PathVariable String token) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!vault.delete(caller.tenant(), token)) {
            throw ApiProblem.notFound("Token");
        }
        audit.success(AuditEventTypes.CARD_DELETED, "token:" + token, "deleted");
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{token}/detokenize")
    @Operation(summary = "The card number in clear, for roles the tenant's vault policy allows; audited with its purpose")
    CardView detokenize(@PathVariable String token, @Valid @RequestBody DetokenizeRequest request) {
        return operations.detokenize(CurrentPrincipal.require(), token, request.purpose()).map(CardView::new)
                .orElseThrow(() -> ApiProblem.notFound("Token"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/detokenize")
    @Operation(summary = "Detokenize up to 100 tokens with one purpose; unknown tokens are listed, not revealed")
    BatchCardView detokenizeBatch(@Valid @RequestBody BatchDetokenizeRequest request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        operations.requireDetokenizeRole(caller, "tokens", request.purpose());
        List<CardView> cards = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String token : request.tokens()) {
            Optional<RevealedCard> card;
            try {
                card = vault.detokenize(caller.tenant(), token);
            } catch (InvalidCardException malformed) {
                card = Optional.empty();
            }
            if (card.isPresent()) {
                cards.add(new CardView(card.get()));
                audit.success(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "batch; purpose: " + request.purpose());
            } else {
                // Misses are recorded too, so the batch cannot be used to probe tokens unseen.
                audit.failure(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "not found (batch); purpose: " + request.purpose());
                notFound.add(token);
            }
        }
        return new BatchCardView(cards, notFound);
    }

    private static TokenizeOptions options(String format, Boolean deduplicate, Long ttlSeconds) {
        return new TokenizeOptions(format == null ? TokenFormat.OPAQUE : TokenFormat.fromId(format),
                deduplicate != null && deduplicate, ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds));
    }
}
