package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.InsecurePanAccess;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.vault.VaultOperations;
import dev.mamori.vault.CardMetadata;
import dev.mamori.vault.CardUnrecoverableException;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.Vault;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Looks a token up: brand, masked number and expiry for the roles that may read metadata, and the
 * full number only for the roles the tenant's vault policy allows, each attempt recorded with the
 * purpose given (success, unknown token and refused role alike, as {@code /v1/tokens/{t}/detokenize}).
 *
 * <p>The number travels only in the body of the response to a POST, never in a URL, a redirect,
 * the session or a log line, and the response is marked {@code Cache-Control: no-store}.
 */
@Controller
class CardLookupConsoleController {
    private static final Logger log = LoggerFactory.getLogger(CardLookupConsoleController.class);
    private static final String PAGE = "/console/vault/lookup";
    static final int MAX_PURPOSE = 200;

    private final Vault vault;
    private final VaultOperations operations;
    private final VaultConsoleSupport support;

    CardLookupConsoleController(Vault vault, VaultOperations operations, VaultConsoleSupport support) {
        this.vault = vault;
        this.operations = operations;
        this.support = support;
    }

    /** The card as the page shows it. Not a record: its {@code toString} never shows the number. */
    static final class CardView {
        private final CardMetadata metadata;
        private final RevealedCard revealed;

        CardView(CardMetadata metadata, RevealedCard revealed) {
            this.metadata = metadata;
            this.revealed = revealed;
        }

        public String getToken() {
            return metadata.token();
        }

        public String getBrand() {
            return metadata.brand().id();
        }

        public String getMaskedPan() {
            return metadata.maskedPan();
        }

        public String getExpiry() {
            return String.format("%02d/%d", metadata.expiry().month(), metadata.expiry().year());
        }

        public boolean isRevealed() {
            return revealed != null;
        }

        /** The full number, for the template only. */
        public String getPan() {
            return revealed == null ? null : revealed.pan().reveal(InsecurePanAccess.get());
        }

        public String getHolderName() {
            return revealed == null ? null : revealed.holderName();
        }

        @Override
        public String toString() {
            return "CardView[" + metadata.token() + ", " + metadata.maskedPan() + "]";
        }
    }

    @GetMapping(PAGE)
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        noStore(response);
        boolean mayReveal = operations.mayDetokenize(me);
        if (!mayReveal && !VaultConsoleSupport.mayReadMetadata(me)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return lookupPage(me, model, mayReveal);
    }

    @PostMapping(PAGE)
    String lookup(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String purpose,
                  Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        noStore(response);
        boolean mayReveal = operations.mayDetokenize(me);
        if (!mayReveal && !VaultConsoleSupport.mayReadMetadata(me)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        String cleanToken = token.trim();
        String cleanPurpose = purpose.trim();
        // A card number typed into either box would be recorded in clear: refuse it before anything is written.
        if (CardNumberDetector.containsCardNumber(cleanToken)) {
            return invalid(me, model, response, mayReveal, "vault.lookup.error.tokenIsCardNumber", null, null);
        }
        if (CardNumberDetector.containsCardNumber(cleanPurpose)) {
            return invalid(me, model, response, mayReveal, "vault.lookup.error.purposeHasCardNumber", cleanToken, null);
        }
        if (cleanToken.isEmpty()) {
            return invalid(me, model, response, mayReveal, "vault.lookup.error.tokenRequired", null, cleanPurpose);
        }
        if (cleanPurpose.isEmpty() || cleanPurpose.length() > MAX_PURPOSE) {
            return invalid(me, model, response, mayReveal, "vault.lookup.error.purposeRequired", cleanToken, null);
        }
        model.addAttribute("token", cleanToken);
        model.addAttribute("purpose", cleanPurpose);
        try {
            if (mayReveal) {
                Optional<RevealedCard> card = operations.detokenize(me, cleanToken, cleanPurpose);
                if (card.isPresent()) {
                    model.addAttribute("card", new CardView(card.get().metadata(), card.get()));
                } else {
                    notFound(model, response);
                }
            } else {
                refuseReveal(me, cleanToken, cleanPurpose);
                Optional<CardMetadata> metadata = vault.metadata(me.tenant(), cleanToken);
                if (metadata.isPresent()) {
                    model.addAttribute("card", new CardView(metadata.get(), null));
                } else {
                    notFound(model, response);
                }
            }
        } catch (InvalidCardException e) {
            // A malformed token is "not found", exactly like one that never existed.
            notFound(model, response);
        } catch (CardUnrecoverableException e) {
            response.setStatus(HttpServletResponse.SC_GONE);
            model.addAttribute("error", support.message("vault.lookup.error.unrecoverable"));
        } catch (KeyUnavailableException e) {
            log.error("master key provider failed", e);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            model.addAttribute("error", support.refusal(e));
        }
        return lookupPage(me, model, mayReveal);
    }

    /** The refusal is recorded with its purpose, as the API records it; the page then shows metadata only. */
    private void refuseReveal(MamoriPrincipal me, String token, String purpose) {
        try {
            operations.requireDetokenizeRole(me, "token:" + token, purpose);
        } catch (ApiProblem expected) {
            // recorded; the explanation is on the page
        }
    }

    private void notFound(Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("error", support.message("vault.lookup.error.notFound"));
    }

    private String invalid(MamoriPrincipal me, Model model, HttpServletResponse response, boolean mayReveal, String key,
                           String keepToken, String keepPurpose) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("error", support.message(key, MAX_PURPOSE));
        model.addAttribute("token", keepToken);
        model.addAttribute("purpose", keepPurpose);
        return lookupPage(me, model, mayReveal);
    }

    private String lookupPage(MamoriPrincipal me, Model model, boolean mayReveal) {
        model.addAttribute("me", me);
        model.addAttribute("mayReveal", mayReveal);
        model.addAttribute("maxPurpose", MAX_PURPOSE);
        return "console/vault-lookup";
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
    }
}
