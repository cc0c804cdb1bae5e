package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.posture.DkimKeyStatus;
import dev.mamori.phishing.posture.DomainPosture;
import dev.mamori.phishing.posture.Grade;
import dev.mamori.phishing.posture.PostureAlert;
import dev.mamori.phishing.posture.PostureChange;
import dev.mamori.phishing.posture.PostureCheck;
import dev.mamori.phishing.posture.PostureChecker;
import dev.mamori.phishing.posture.PostureCode;
import dev.mamori.phishing.posture.PostureDomain;
import dev.mamori.phishing.posture.PostureFinding;
import dev.mamori.phishing.posture.Severity;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Brand domains and their posture in the console: the list with grades, a register form whose refusals name the
 * field and the rule, removal, "check now", and a page per domain with the findings (severity, what is wrong, the
 * fix), the DKIM keys, the records seen, the history of changes and the alerts. Changes are audited like the API's
 * ({@code phishing.domain.registered}, {@code .updated}, {@code .removed}, {@code .checked}).
 */
@Controller
class PostureConsoleController {
    static final String DOMAINS = "/console/phishing/domains";

    private final PhishingModule phishing;
    private final RequestAudit audit;
    private final MessageSource messages;

    PostureConsoleController(PhishingModule phishing, RequestAudit audit, MessageSource messages) {
        this.phishing = phishing;
        this.audit = audit;
        this.messages = messages;
    }

    /** A domain row. */
    record DomainRow(String domain, String unicode, String label, boolean sendsMail, String selectors, String grade, String gradeClass,
                     String score, String checkedAt, boolean incomplete) {
    }

    /** A finding as the page shows it, in the page's language. */
    record FindingRow(String severity, String severityClass, String code, String message, String detail, String fix) {
    }

    record DkimRow(String selector, String state, String key, boolean testing) {
    }

    record RecordRow(String type, String name, String status, List<String> values) {
    }

    record ChangeRow(long checkId, String checkedAt, String checkedBy, String grade, String previousGrade, boolean incomplete,
                     List<String> newCodes, List<String> resolvedCodes, List<String> changedRecords) {
    }

    record AlertRow(String domain, String raisedAt, String previousGrade, String grade, String codes) {
    }

    private DomainPosture posture() {
        return phishing.domainPosture();
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    @GetMapping(DOMAINS)
    String list(Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sendsMail", "true");
        return listPage(me, model, form, Map.of());
    }

    @Transactional
    @PostMapping(DOMAINS)
    String register(@RequestParam(defaultValue = "") String domain, @RequestParam(defaultValue = "") String label,
                    @RequestParam(defaultValue = "false") boolean sendsMail, @RequestParam(defaultValue = "") String selectors,
                    Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        // A card number typed into a box is never echoed back, stored or recorded.
        form.put("domain", CardNumberDetector.containsCardNumber(domain) ? "" : domain.trim());
        form.put("label", CardNumberDetector.containsCardNumber(label) ? "" : label.trim());
        boolean selectorsHaveCard = CardNumberDetector.containsCardNumber(selectors);
        form.put("selectors", selectorsHaveCard ? "" : selectors.trim());
        form.put("sendsMail", String.valueOf(sendsMail));
        DomainName name = null;
        if (CardNumberDetector.containsCardNumber(domain)) {
            errors.put("domain", message("phishing.posture.error.cardNumber"));
        } else {
            try {
                name = DomainName.of(domain);
            } catch (InvalidDomainException e) {
                errors.put("domain", message("phishing.posture.error.domain", e.rule(), e.getMessage()));
            }
        }
        if (CardNumberDetector.containsCardNumber(label)) {
            errors.put("label", message("phishing.posture.error.cardNumber"));
        } else if (label.trim().length() > 100) {
            errors.put("label", message("phishing.posture.error.label"));
        }
        List<String> selectorList = List.of();
        if (selectorsHaveCard) {
            errors.put("selectors", message("phishing.posture.error.cardNumber"));
        } else {
            try {
                selectorList = PostureChecker.normalizeSelectors(Arrays.stream(selectors.split("[,\\s]+")).filter(s -> !s.isBlank()).toList());
            } catch (IllegalArgumentException e) {
                errors.put("selectors", message("phishing.posture.error.selectors", PostureChecker.MAX_SELECTORS));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", message("phishing.posture.error.summary"));
            return listPage(me, model, form, errors);
        }
        boolean existed = posture().find(me.tenant(), name).isPresent();
        try {
            posture().register(me.tenant(), name, sendsMail, label, selectorList, me.subject());
        } catch (IllegalStateException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            errors.put("domain", message("phishing.posture.error.tooMany", BrandDomains.MAX_PER_TENANT));
            model.addAttribute("error", message("phishing.posture.error.summary"));
            return listPage(me, model, form, errors);
        }
        audit.success(existed ? "phishing.domain.updated" : "phishing.domain.registered", "phishing-domain:" + name.ascii(),
                "sendsMail=" + sendsMail + " selectors=" + String.join(",", selectorList));
        redirect.addFlashAttribute("notice", message("phishing.posture.registered", name.unicode()));
        return "redirect:" + DOMAINS;
    }

    @Transactional
    @PostMapping(DOMAINS + "/{domain}/remove")
    String remove(@PathVariable String domain, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<DomainName> name = parse(domain);
        if (name.isEmpty() || !posture().remove(me.tenant(), name.get())) {
            audit.failure("phishing.domain.removed", "phishing-domain:" + name.map(DomainName::ascii).orElse("?"), "no such domain in this tenant");
            return RiskConsoleSupport.notFound(me, model, response);
        }
        audit.success("phishing.domain.removed", "phishing-domain:" + name.get().ascii(), "");
        redirect.addFlashAttribute("notice", message("phishing.posture.removed", name.get().unicode()));
        return "redirect:" + DOMAINS;
    }

    @PostMapping(DOMAINS + "/{domain}/check")
    String check(@PathVariable String domain, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<DomainName> name = parse(domain);
        if (name.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        PostureCheck check;
        try {
            check = posture().check(me.tenant(), name.get(), me.subject());
        } catch (NoSuchElementException e) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        audit.success("phishing.domain.checked", "phishing-domain:" + name.get().ascii(),
                "grade=" + check.report().grade() + (check.report().complete() ? "" : " incomplete"));
        redirect.addFlashAttribute("notice", message("phishing.posture.checked", check.report().grade().name()));
        return "redirect:" + DOMAINS + "/" + name.get().ascii();
    }

    @GetMapping(DOMAINS + "/{domain}")
    String detail(@PathVariable String domain, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<DomainName> name = parse(domain);
        Optional<PostureDomain> registered = name.flatMap(n -> posture().find(me.tenant(), n));
        if (registered.isEmpty()) {
            return RiskConsoleSupport.notFound(me, model, response);
        }
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute("me", me);
        model.addAttribute("d", row(registered.get()));
        model.addAttribute("mayEdit", PhishingRoles.any(me, PhishingRoles.WRITERS));
        Optional<PostureCheck> latest = posture().latest(me.tenant(), name.get());
        model.addAttribute("checked", latest.isPresent());
        model.addAttribute("findings", latest.map(c -> c.report().findings().stream().map(f -> finding(f, locale)).toList()).orElse(List.of()));
        model.addAttribute("dkim", latest.map(c -> c.report().dkim().stream().map(this::dkim).toList()).orElse(List.of()));
        model.addAttribute("records", latest.map(c -> c.report().records().stream()
                .map(r -> new RecordRow(r.type(), r.name(), r.status(), r.values())).toList()).orElse(List.of()));
        model.addAttribute("history", posture().history(me.tenant(), name.get(), 20).stream().map(PostureConsoleController::change).toList());
        model.addAttribute("alerts", posture().alerts(me.tenant(), name.get(), 20).stream().map(PostureConsoleController::alert).toList());
        return "console/phishing-domain";
    }

    private String listPage(MamoriPrincipal me, Model model, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("me", me);
        model.addAttribute("domains", posture().list(me.tenant()).stream().map(this::row).toList());
        model.addAttribute("alerts", posture().alerts(me.tenant(), null, 20).stream().map(PostureConsoleController::alert).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("mayEdit", PhishingRoles.any(me, PhishingRoles.WRITERS));
        return "console/phishing-domains";
    }

    private static Optional<DomainName> parse(String domain) {
        try {
            return Optional.of(DomainName.of(domain));
        } catch (InvalidDomainException e) {
            return Optional.empty();
        }
    }

    private DomainRow row(PostureDomain d) {
        Grade grade = d.latestGrade();
        return new DomainRow(d.domain().domain().ascii(), d.domain().domain().unicode(), d.domain().label(), d.domain().sendsMail(),
                String.join(", ", d.selectors()), grade == null ? "–" : grade.name(), gradeClass(grade),
                d.latestScore() == null ? "" : d.latestScore() + "/100", d.latestCheckAt() == null ? message("phishing.posture.never")
                        : RiskConsoleSupport.time(d.latestCheckAt()), Boolean.FALSE.equals(d.latestComplete()));
    }

    static String gradeClass(Grade grade) {
        if (grade == null) {
            return "";
        }
        return switch (grade) {
            case A -> "current";
            case B, C -> "rules-shadow";
            case D, F -> "at-risk";
        };
    }

    static String severityClass(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "at-risk";
            case MEDIUM -> "rules-shadow";
            case LOW, INFO -> "";
        };
    }

    private FindingRow finding(PostureFinding f, Locale locale) {
        return new FindingRow(message("phishing.posture.severity." + f.severity().id()), severityClass(f.severity()), f.code().code(),
                f.message(locale), f.detail(), f.fix(locale));
    }

    private DkimRow dkim(DkimKeyStatus k) {
        String key = k.keyType() == null ? (k.problem() == null ? "" : k.problem())
                : k.keyType() + (k.bits() > 0 ? " " + k.bits() + " bits" : "");
        return new DkimRow(k.selector(), message("phishing.posture.dkim." + k.state().name().toLowerCase(Locale.ROOT).replace('_', '-')), key,
                k.testing());
    }

    private static ChangeRow change(PostureChange c) {
        return new ChangeRow(c.check().id(), RiskConsoleSupport.time(c.check().report().checkedAt()), c.check().checkedBy(),
                c.check().report().grade().name(), c.previousGrade() == null ? "" : c.previousGrade().name(), !c.check().report().complete(),
                c.newFindings().stream().map(f -> f.code().code()).distinct().toList(),
                c.resolvedFindings().stream().map(f -> f.code().code()).distinct().toList(),
                c.changedRecords().stream().map(r -> r.type() + " " + r.name()).toList());
    }

    private static AlertRow alert(PostureAlert a) {
        return new AlertRow(a.domain().unicode(), RiskConsoleSupport.time(a.raisedAt()), a.previousGrade().name(), a.grade().name(),
                a.newCodes().stream().map(PostureCode::code).collect(Collectors.joining(", ")));
    }
}
