package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.Role;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.FraudLabel;
import dev.mamori.risk.labels.InvalidLabelException;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's label forms: on an authorization, an analyst's "fraud" or "legitimate" and a
 * chargeback (network and reason code); on a card, the cardholder's "not me" report for chosen
 * authorizations and "compromised since"; and retracting a label. Each change is audited as its
 * API twin ({@code /v1/risk/labels}) is.
 */
@Controller
class LabelsConsoleController {
    private static final String DECISION = RiskLogConsoleController.LOG + "/";
    private static final String CARD = "/console/risk/cards/";

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;

    LabelsConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
    }

    @Transactional
    @PostMapping(DECISION + "{id}/labels")
    String confirm(@PathVariable String id, @RequestParam(defaultValue = "") String verdict, @RequestParam(defaultValue = "") String note,
                   Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, LabelPanels.CONFIRMERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<LoggedDecision> decision = decision(me, id);
        if (decision.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        UUID decisionId = decision.get().id();
        if (!verdict.equals("fraud") && !verdict.equals("legitimate")) {
            redirect.addFlashAttribute("error", support.message("lab.labels.error.verdict"));
            return "redirect:" + DECISION + decisionId;
        }
        record(redirect, () -> risk.labels().confirm(me.tenant(), List.of(decisionId), verdict.equals("fraud"), null, me.subject(),
                cleanNote(note)));
        return "redirect:" + DECISION + decisionId;
    }

    @Transactional
    @PostMapping(DECISION + "{id}/chargebacks")
    String chargeback(@PathVariable String id, @RequestParam(defaultValue = "") String network,
                      @RequestParam(defaultValue = "") String reasonCode, @RequestParam(defaultValue = "") String knownAt,
                      @RequestParam(defaultValue = "") String note, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, LabelPanels.CONFIRMERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<LoggedDecision> decision = decision(me, id);
        if (decision.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        UUID decisionId = decision.get().id();
        Optional<Instant> known = RiskConsoleSupport.utc(knownAt);
        if (known == null) {
            redirect.addFlashAttribute("error", support.message("lab.labels.error.time"));
            return "redirect:" + DECISION + decisionId;
        }
        record(redirect, () -> List.of(risk.labels().chargeback(me.tenant(), decisionId, network, reasonCode, known.orElse(null),
                me.subject(), cleanNote(note))));
        return "redirect:" + DECISION + decisionId;
    }

    @Transactional
    @PostMapping(CARD + "{id}/not-me")
    String notMe(@PathVariable String id, @RequestParam(defaultValue = "") List<String> authorizationIds,
                 @RequestParam(defaultValue = "") String note, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        Optional<UUID> card = card(me, id, LabelPanels.REPORTERS);
        if (card == null) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        if (card.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        List<UUID> ids = new ArrayList<>();
        for (String value : authorizationIds) {
            Optional<UUID> uuid = RiskConsoleSupport.uuid(value.trim());
            if (uuid.isEmpty()) {
                redirect.addFlashAttribute("error", support.message("lab.labels.error.exists"));
                return "redirect:" + CARD + card.get();
            }
            ids.add(uuid.get());
        }
        if (ids.isEmpty()) {
            redirect.addFlashAttribute("error", support.message("lab.labels.error.choose"));
            return "redirect:" + CARD + card.get();
        }
        record(redirect, () -> risk.labels().notMe(me.tenant(), card.get(), ids, null, me.subject(), cleanNote(note)));
        return "redirect:" + CARD + card.get();
    }

    @Transactional
    @PostMapping(CARD + "{id}/compromised")
    String compromised(@PathVariable String id, @RequestParam(defaultValue = "") String exposedSince,
                       @RequestParam(defaultValue = "") String note, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        Optional<UUID> card = card(me, id, LabelPanels.REPORTERS);
        if (card == null) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        if (card.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        Optional<Instant> since = RiskConsoleSupport.utc(exposedSince);
        if (since == null || since.isEmpty()) {
            redirect.addFlashAttribute("error", support.message("lab.labels.error.exposedSince"));
            return "redirect:" + CARD + card.get();
        }
        List<FraudLabel> made = record(redirect, () -> risk.labels().compromised(me.tenant(), card.get(), since.get(), null, me.subject(),
                cleanNote(note)));
        if (made != null) {
            audit.success("risk.card-compromised", "card:" + card.get(), "exposed since " + since.get() + ", " + made.size() + " labelled");
        }
        return "redirect:" + CARD + card.get();
    }

    @Transactional
    @PostMapping("/console/risk/labels/{id}/retract")
    String retract(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, LabelPanels.CONFIRMERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<UUID> uuid = RiskConsoleSupport.uuid(id);
        Optional<FraudLabel> retracted;
        try {
            retracted = uuid.isEmpty() ? Optional.empty() : risk.labels().retract(me.tenant(), uuid.get(), me.subject());
        } catch (InvalidLabelException e) {
            FraudLabel label = risk.labels().get(me.tenant(), uuid.get()).orElseThrow();
            redirect.addFlashAttribute("error", support.message("lab.labels.error.not-retracted"));
            return "redirect:" + DECISION + label.decisionId();
        }
        if (retracted.isEmpty()) {
            audit.failure("risk.label-retracted", "fraud-label:" + (uuid.isEmpty() ? "?" : uuid.get()), "no such label in this tenant");
            return RiskConsoleSupport.notFound(me, model, response);
        }
        audit.success("risk.label-retracted", "fraud-label:" + retracted.get().id(), "authorization:" + retracted.get().decisionId());
        redirect.addFlashAttribute("notice", support.message("lab.labels.retracted"));
        return "redirect:" + DECISION + retracted.get().decisionId();
    }

    /** Writes labels and audits each; a broken rule becomes the page's error in the reader's language. @return null when refused */
    private List<FraudLabel> record(RedirectAttributes redirect, Supplier<List<FraudLabel>> write) {
        List<FraudLabel> labels;
        try {
            labels = write.get();
        } catch (InvalidLabelException e) {
            redirect.addFlashAttribute("error", support.message("lab.labels.error." + e.rule()));
            return null;
        }
        for (FraudLabel l : labels) {
            audit.success("risk.label-recorded", "fraud-label:" + l.id(), l.source().id() + (l.fraud() ? " fraud" : " legitimate")
                    + (l.reasonCode() == null ? "" : " " + l.network().id() + " " + l.reasonCode()) + " on authorization:" + l.decisionId());
        }
        redirect.addFlashAttribute("notice", support.message("lab.labels.recorded", labels.size()));
        return labels;
    }

    private Optional<LoggedDecision> decision(MamoriPrincipal me, String id) {
        return RiskConsoleSupport.uuid(id).flatMap(uuid -> risk.decisionLog().get(me.tenant(), uuid));
    }

    /** @return the tenant's card id, empty when it has none, null when the caller may not */
    private Optional<UUID> card(MamoriPrincipal me, String id, Set<Role> roles) {
        if (!RiskConsoleSupport.any(me, roles)) {
            return null;
        }
        Optional<UUID> uuid = RiskConsoleSupport.uuid(id);
        if (uuid.isEmpty() || risk.cardAccounts().get(me.tenant(), uuid.get()).isEmpty()) {
            audit.failure("risk.label-recorded", "card:" + (uuid.isEmpty() ? "?" : uuid.get()), "no such card account in this tenant");
            return Optional.empty();
        }
        return uuid;
    }

    /** A note is free text: a card number typed into it is masked, never stored. */
    private static String cleanNote(String note) {
        String trimmed = note == null ? "" : note.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        return CardNumberDetector.mask(trimmed.length() > 500 ? trimmed.substring(0, 500) : trimmed);
    }
}
