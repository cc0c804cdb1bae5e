package dev.mamori.server.console;

import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.SourceBlock;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The decision log (search, newest first, one decision in detail) and the alerts page with the
 * card-testing blocks in force, which analysts and admins can lift early (audited like
 * {@code DELETE /v1/risk/blocks}).
 */
@Controller
class RiskLogConsoleController {
    static final String LOG = "/console/risk/authorizations";
    static final String ALERTS = "/console/risk/alerts";
    static final int PAGE_SIZE = 200;

    private final RiskModule risk;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final LabelPanels labels;

    RiskLogConsoleController(RiskModule risk, RiskConsoleSupport support, RequestAudit audit, LabelPanels labels) {
        this.risk = risk;
        this.support = support;
        this.audit = audit;
        this.labels = labels;
    }

    @GetMapping(LOG)
    String log(@RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.LOG_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : List.of("last4", "responseCode", "reason", "device", "ip", "email", "merchant", "from", "to")) {
            String value = params.getOrDefault(name, "").trim();
            filter.put(name, value);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (!filter.get("last4").isEmpty() && !filter.get("last4").matches("[0-9]{4}")) {
            errors.put("last4", support.message("risk.log.error.last4"));
        }
        if (!filter.get("responseCode").isEmpty() && !filter.get("responseCode").matches("[0-9A-Za-z]{2}")) {
            errors.put("responseCode", support.message("risk.log.error.responseCode"));
        }
        Optional<Instant> from = RiskConsoleSupport.utc(filter.get("from"));
        if (from == null) {
            errors.put("from", support.message("risk.log.error.time"));
        }
        Optional<Instant> to = RiskConsoleSupport.utc(filter.get("to"));
        if (to == null) {
            errors.put("to", support.message("risk.log.error.time"));
        }
        List<RiskConsoleSupport.Row> rows = List.of();
        if (errors.isEmpty()) {
            DecisionLog.Query query = new DecisionLog.Query(null, blank(filter.get("last4")), blank(filter.get("responseCode").toUpperCase(java.util.Locale.ROOT)),
                    blank(filter.get("reason")), blank(filter.get("device")), blank(filter.get("ip")), blank(filter.get("email")),
                    blank(filter.get("merchant")), from.orElse(null), to.orElse(null));
            rows = risk.decisionLog().search(me.tenant(), query, PAGE_SIZE).stream().map(support::row).toList();
        } else {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("me", me);
        model.addAttribute("filter", filter);
        model.addAttribute("errors", errors);
        model.addAttribute("rows", rows);
        model.addAttribute("pageSize", PAGE_SIZE);
        model.addAttribute("cardLinks", RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_READERS));
        if (RiskConsoleSupport.any(me, RiskConsoleSupport.ALERT_READERS)) {
            model.addAttribute("alertCount", risk.decisionLog().alerts(me.tenant(), 100).size());
            model.addAttribute("blockCount", blocks(me).size());
        }
        return "console/risk-authorizations";
    }

    @GetMapping(LOG + "/{id}")
    String decision(@PathVariable String id, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.LOG_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<LoggedDecision> found = RiskConsoleSupport.uuid(id).flatMap(uuid -> risk.decisionLog().get(me.tenant(), uuid));
        if (found.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        LoggedDecision d = found.get();
        model.addAttribute("me", me);
        model.addAttribute("d", d);
        model.addAttribute("row", support.row(d));
        model.addAttribute("cardLinks", RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_READERS));
        model.addAttribute("reversedAt", RiskConsoleSupport.time(d.reversedAt()));
        labels.decision(me, d.id(), model);
        return "console/risk-authorization";
    }

    /** A card-testing block as the alerts page shows it; a card block shows no value (it is the card's fingerprint). */
    record BlockView(String kind, String value, String shownValue, String reason, String until, String since) {
    }

    @GetMapping(ALERTS)
    String alerts(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.ALERT_READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        model.addAttribute("me", me);
        model.addAttribute("alerts", risk.decisionLog().alerts(me.tenant(), 100).stream()
                .map(a -> Map.of("kind", a.kind(), "detail", a.detail(), "time", RiskConsoleSupport.time(a.createdAt()))).toList());
        model.addAttribute("blocks", blocks(me).stream().map(b -> new BlockView(b.kind(), b.value(),
                "card".equals(b.kind()) ? "—" : b.value(), b.reason(), RiskConsoleSupport.time(b.blockedUntil()),
                RiskConsoleSupport.time(b.createdAt()))).toList());
        model.addAttribute("mayLift", RiskConsoleSupport.any(me, RiskConsoleSupport.BLOCK_LIFTERS));
        return "console/risk-alerts";
    }

    @Transactional
    @PostMapping(ALERTS + "/lift")
    String lift(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String value, Model model,
                HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, RiskConsoleSupport.BLOCK_LIFTERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        if (risk.cardTesting().unblock(me.tenant(), kind, value)) {
            audit.success("risk.block-lifted", "block:" + kind, "");
            redirect.addFlashAttribute("notice", support.message("risk.alerts.lifted"));
        } else {
            audit.failure("risk.block-lifted", "block:" + kind, "no such block in this tenant");
            redirect.addFlashAttribute("error", support.message("risk.alerts.noSuchBlock"));
        }
        return "redirect:" + ALERTS;
    }

    private List<SourceBlock> blocks(MamoriPrincipal me) {
        return risk.cardTesting().activeBlocks().stream().filter(b -> b.tenant().equals(me.tenant())).toList();
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
