package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.risk.RiskLists;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.StoredListEntry;
import dev.mamori.risk.lists.InvalidListValueException;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Block and allow lists: every entry with who added it and when, an add form whose refusals name
 * the field and the rule (as the API's {@code InvalidListValueException}), and removal. Delivery
 * addresses are shown as entered; they match in normalized form. Changes are audited like
 * {@code /v1/lists} ({@code list.entry-added}, {@code list.entry-removed}).
 */
@Controller
class RiskListsConsoleController {
    static final String LISTS = "/console/risk/lists";
    static final int MAX_VALUE = 300;
    static final int MAX_REASON = 200;

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final Clock clock;

    RiskListsConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit, Clock clock) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
        this.clock = clock;
    }

    static String kindId(ListKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ListKind kind(String id) {
        return Arrays.stream(ListKind.values()).filter(k -> kindId(k).equals(id)).findFirst().orElse(null);
    }

    /** An entry as the table shows it: the value as entered. */
    record EntryView(long id, String kind, String list, String value, String source, String reason, String expires, boolean expired,
                     String createdBy, String createdAt) {
    }

    @GetMapping(LISTS)
    String page(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.LIST_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return listsPage(me, model, Map.of("kind", "delivery-address", "list", "block"), Map.of());
    }

    @Transactional
    @PostMapping(LISTS)
    String add(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String list,
               @RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "") String reason,
               @RequestParam(defaultValue = "") String expiresAt, Model model, HttpServletResponse response,
               RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.LIST_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("kind", kind);
        form.put("list", list);
        form.put("reason", reason.trim());
        form.put("expiresAt", expiresAt.trim());
        // A card number typed into a box is never echoed back, stored or recorded.
        boolean valueIsCard = CardNumberDetector.containsCardNumber(value);
        form.put("value", valueIsCard ? "" : value.trim());
        Map<String, String> errors = new LinkedHashMap<>();
        ListKind listKind = kind(kind);
        if (listKind == null) {
            errors.put("kind", support.message("risk.lists.error.kind"));
        }
        ListType type = "block".equals(list) ? ListType.BLOCK : "allow".equals(list) ? ListType.ALLOW : null;
        if (type == null) {
            errors.put("list", support.message("risk.lists.error.list"));
        }
        if (valueIsCard) {
            errors.put("value", support.message("risk.lists.error.cardNumber"));
        } else if (value.isBlank() || value.length() > MAX_VALUE) {
            errors.put("value", support.message("risk.lists.error.valueLength", MAX_VALUE));
        }
        if (CardNumberDetector.containsCardNumber(reason)) {
            form.put("reason", "");
            errors.put("reason", support.message("risk.lists.error.cardNumber"));
        } else if (reason.trim().length() > MAX_REASON) {
            errors.put("reason", support.message("risk.lists.error.reasonLength", MAX_REASON));
        }
        Optional<Instant> expires = RiskConsoleSupport.utc(expiresAt);
        if (expires == null) {
            errors.put("expiresAt", support.message("risk.log.error.time"));
        } else if (expires.isPresent() && !expires.get().isAfter(clock.instant())) {
            errors.put("expiresAt", support.message("risk.lists.error.future"));
        }
        if (!errors.isEmpty()) {
            return refused(me, model, response, form, errors);
        }
        try {
            StoredListEntry entry = risk.lists().add(me.tenant(), listKind, type, value.trim(), "console", reason.trim(),
                    expires.orElse(null), me.subject());
            audit.success("list.entry-added", "list-entry:" + entry.entry().id(), list + " " + kindId(listKind));
            redirect.addFlashAttribute("notice", support.message("risk.lists.added"));
            return "redirect:" + LISTS;
        } catch (InvalidListValueException e) {
            errors.put(e.field(), support.message("risk.lists.error.rule", e.rule()));
            return refused(me, model, response, form, errors);
        } catch (RiskLists.DuplicateEntryException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            errors.put("value", support.message("risk.lists.error.duplicate"));
            model.addAttribute("error", support.message("risk.lists.error.summary"));
            return listsPage(me, model, form, errors);
        }
    }

    @Transactional
    @PostMapping(LISTS + "/{id}/remove")
    String remove(@PathVariable long id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.LIST_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        if (!risk.lists().remove(me.tenant(), id)) {
            audit.failure("list.entry-removed", "list-entry:" + id, "no such entry in this tenant");
            return RiskConsoleSupport.notFound(me, model, response);
        }
        audit.success("list.entry-removed", "list-entry:" + id, "");
        redirect.addFlashAttribute("notice", support.message("risk.lists.removed"));
        return "redirect:" + LISTS;
    }

    private String refused(MamoriPrincipal me, Model model, HttpServletResponse response, Map<String, String> form,
                           Map<String, String> errors) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("error", support.message("risk.lists.error.summary"));
        return listsPage(me, model, form, errors);
    }

    private String listsPage(MamoriPrincipal me, Model model, Map<String, String> form, Map<String, String> errors) {
        Instant now = clock.instant();
        model.addAttribute("me", me);
        model.addAttribute("entries", risk.lists().list(me.tenant()).stream().map(s -> new EntryView(s.entry().id(),
                kindId(s.entry().kind()), s.entry().type().name().toLowerCase(Locale.ROOT), s.entry().value(), s.entry().source(),
                s.entry().reason(), RiskConsoleSupport.time(s.entry().expiresAt()), !s.entry().isActiveAt(now), s.createdBy(),
                RiskConsoleSupport.time(s.createdAt()))).toList());
        model.addAttribute("kinds", Arrays.stream(ListKind.values()).map(RiskListsConsoleController::kindId).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("mayEdit", RiskConsoleSupport.any(me, RiskConsoleSupport.LIST_EDITORS));
        return "console/risk-lists";
    }
}
