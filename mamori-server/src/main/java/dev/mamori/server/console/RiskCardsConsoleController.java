package dev.mamori.server.console;

import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardStatus;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The issuer's card accounts: a list (all, or only those card-testing defence flagged at risk),
 * one card with its decisions over time, and the status change analysts and admins make from it
 * (audited like {@code PATCH /v1/cards/{id}}).
 */
@Controller
class RiskCardsConsoleController {
    static final String CARDS = "/console/risk/cards";
    /** What the console offers; {@code expired} follows from the expiry date, not from a person. */
    static final List<CardStatus> CHOOSABLE = List.of(CardStatus.ACTIVE, CardStatus.BLOCKED, CardStatus.LOST, CardStatus.STOLEN);

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;

    private final LabelPanels labels;

    RiskCardsConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit, LabelPanels labels) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
        this.labels = labels;
    }

    /** A card account as the pages show it: BIN and last four only. */
    record CardView(UUID id, String label, String status, String expiry, String limit, String held, String openToBuy, boolean atRisk,
                    String atRiskSince, String atRiskReason, String created, String updated) {
        static CardView of(CardAccount a) {
            String currency = a.currency().getCurrencyCode();
            return new CardView(a.id(), RiskConsoleSupport.cardLabel(a.bin(), a.last4()), a.status().id(),
                    String.format("%02d/%d", a.expiry().getMonthValue(), a.expiry().getYear()),
                    RiskConsoleSupport.amount(a.creditLimitMinor(), currency), RiskConsoleSupport.amount(a.heldMinor(), currency),
                    RiskConsoleSupport.amount(a.openToBuyMinor(), currency), a.atRiskSince() != null,
                    RiskConsoleSupport.time(a.atRiskSince()), a.atRiskReason(), RiskConsoleSupport.time(a.createdAt()),
                    RiskConsoleSupport.time(a.updatedAt()));
        }
    }

    @GetMapping(CARDS)
    String cards(@RequestParam(defaultValue = "false") boolean atRisk, @RequestParam(defaultValue = "") String last4, Model model,
                 HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        String cleanLast4 = last4.trim();
        model.addAttribute("me", me);
        model.addAttribute("atRisk", atRisk);
        model.addAttribute("last4", cleanLast4);
        if (!cleanLast4.isEmpty() && !cleanLast4.matches("[0-9]{4}")) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", support.message("risk.log.error.last4"));
            model.addAttribute("cards", List.of());
        } else {
            model.addAttribute("cards", risk.cardAccounts().list(me.tenant(), cleanLast4.isEmpty() ? null : cleanLast4, atRisk, 500)
                    .stream().map(CardView::of).toList());
        }
        return "console/risk-cards";
    }

    @GetMapping(CARDS + "/{id}")
    String card(@PathVariable String id, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<CardAccount> account = RiskConsoleSupport.uuid(id).flatMap(uuid -> risk.cardAccounts().get(me.tenant(), uuid));
        if (account.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        model.addAttribute("me", me);
        model.addAttribute("card", CardView.of(account.get()));
        model.addAttribute("rows", risk.decisionLog().timeline(me.tenant(), account.get().id(), 500).stream().map(support::row).toList());
        model.addAttribute("mayChange", RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_EDITORS));
        model.addAttribute("choosable", CHOOSABLE.stream().map(CardStatus::id).toList());
        model.addAttribute("cardLinks", false);
        labels.card(me, account.get().id(), model);
        return "console/risk-card";
    }

    @Transactional
    @PostMapping(CARDS + "/{id}/status")
    String changeStatus(@PathVariable String id, @RequestParam(defaultValue = "") String status, Model model,
                        HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<UUID> uuid = RiskConsoleSupport.uuid(id);
        if (uuid.isEmpty() || risk.cardAccounts().get(me.tenant(), uuid.get()).isEmpty()) {
            audit.failure("card-account.updated", "card-account:" + (uuid.isEmpty() ? "?" : uuid.get()), "no such card account in this tenant");
            return RiskConsoleSupport.notFound(me, model, response);
        }
        CardStatus chosen = CardStatus.fromId(status);
        if (chosen == null || !CHOOSABLE.contains(chosen)) {
            redirect.addFlashAttribute("error", support.message("risk.card.error.status"));
            return "redirect:" + CARDS + "/" + uuid.get();
        }
        CardAccount updated = risk.cardAccounts().update(me.tenant(), uuid.get(), chosen, null, null).orElseThrow();
        audit.success("card-account.updated", "card-account:" + updated.id(), "status=" + updated.status().id() + " limit="
                + updated.creditLimitMinor());
        redirect.addFlashAttribute("notice", support.message("risk.card.statusChanged", support.message("risk.status." + chosen.id())));
        return "redirect:" + CARDS + "/" + updated.id();
    }
}
