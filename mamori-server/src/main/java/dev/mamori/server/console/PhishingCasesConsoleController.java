package dev.mamori.server.console;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.cases.CaseDetail;
import dev.mamori.phishing.cases.CaseId;
import dev.mamori.phishing.cases.CaseNotFoundException;
import dev.mamori.phishing.cases.CaseStatus;
import dev.mamori.phishing.cases.CaseWarnings;
import dev.mamori.phishing.cases.IntakeResult;
import dev.mamori.phishing.cases.InvalidReportException;
import dev.mamori.phishing.cases.InvalidTransitionException;
import dev.mamori.phishing.cases.ReportSubmission;
import dev.mamori.phishing.cases.ReportType;
import dev.mamori.phishing.cases.Reporter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.phishing.PhishingCaseService;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Phishing reports in the console: an intake form (paste a URL or SMS text, upload a forwarded
 * .eml or a screenshot), the cases list, and a case page with its reports, URLs (defanged), masked
 * card numbers, status buttons, notes, takedown downloads (ARF, XARF), the cardholder warning and
 * "send to the compromised-card list". Same rules and audit records as {@code /v1/phishing}.
 */
@Controller
class PhishingCasesConsoleController {
    static final String CASES = "/console/phishing/cases";

    private final PhishingCaseService service;
    private final RequestAudit audit;
    private final MessageSource messages;

    PhishingCasesConsoleController(PhishingCaseService service, RequestAudit audit, MessageSource messages) {
        this.service = service;
        this.audit = audit;
        this.messages = messages;
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** A module refusal as "field: message" (the message never repeats the input). */
    private String refusal(InvalidReportException e) {
        return message("phishing.cases.error.field", e.field(), e.getMessage());
    }

    @GetMapping(CASES)
    String list(@RequestParam Optional<String> status, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        CaseStatus filter = null;
        try {
            filter = status.filter(s -> !s.isBlank()).map(s -> CaseStatus.of(s, "status")).orElse(null);
        } catch (InvalidReportException e) {
            model.addAttribute("error", refusal(e));
        }
        model.addAttribute("me", me);
        model.addAttribute("phishingLink", true);
        model.addAttribute("mayReport", PhishingRoles.any(me, PhishingRoles.REPORTERS));
        model.addAttribute("statuses", List.of(CaseStatus.values()).stream().map(CaseStatus::id).toList());
        model.addAttribute("selected", filter == null ? "" : filter.id());
        model.addAttribute("cases", service.cases().list(me.tenant(), filter, null, null));
        return "console/phishing-cases";
    }

    @Transactional
    @PostMapping(CASES + "/reports")
    String report(@RequestParam(defaultValue = "url") String type, @RequestParam(defaultValue = "") String url,
                  @RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "cardholder") String reporter,
                  @RequestParam(defaultValue = "") String brand, @RequestParam(defaultValue = "") String note,
                  @RequestParam(required = false) MultipartFile file, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.REPORTERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            byte[] bytes = file == null || file.isEmpty() ? null : file.getBytes();
            ReportType kind = ReportType.of(type);
            ReportSubmission submission = new ReportSubmission(kind, url, text, kind == ReportType.EMAIL ? bytes : null,
                    kind == ReportType.SCREENSHOT ? bytes : null, Reporter.of(reporter), "console", null, note, brand);
            IntakeResult result = service.submit(me.tenant(), submission, me.subject());
            audit.success("phishing.report-submitted", "phishing-case:" + result.caseId(),
                    "type=" + kind.id() + ", cases=" + result.cases().size() + ", cards=" + result.maskedCards().size());
            redirect.addFlashAttribute("notice", message(result.cases().get(0).opened() ? "phishing.cases.opened" : "phishing.cases.joined")
                    + (result.maskedCards().isEmpty() ? "" : " " + message("phishing.cases.cardsFound", String.join(", ", result.maskedCards()))));
            return "redirect:" + CASES + "/" + result.caseId();
        } catch (InvalidReportException e) {
            redirect.addFlashAttribute("error", refusal(e));
        } catch (IOException e) {
            redirect.addFlashAttribute("error", message("phishing.cases.error.file"));
        }
        return "redirect:" + CASES;
    }

    @GetMapping(CASES + "/{id}")
    String detail(@PathVariable String id, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<CaseDetail> detail = find(me, id);
        if (detail.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("me", me);
            return "console/not-found";
        }
        CaseDetail d = detail.get();
        model.addAttribute("me", me);
        model.addAttribute("phishingLink", true);
        model.addAttribute("d", d);
        model.addAttribute("c", d.phishingCase());
        model.addAttribute("next", d.phishingCase().status().next().stream().map(CaseStatus::id).toList());
        model.addAttribute("mayWrite", PhishingRoles.any(me, PhishingRoles.WRITERS));
        model.addAttribute("unlisted", d.cards().stream().filter(k -> k.listedAt() == null).count());
        model.addAttribute("warningJa", CaseWarnings.text(d.phishingCase(), d.urls(), "ja"));
        model.addAttribute("warningEn", CaseWarnings.text(d.phishingCase(), d.urls(), "en"));
        return "console/phishing-case";
    }

    private Optional<CaseDetail> find(MamoriPrincipal me, String id) {
        try {
            return service.cases().find(me.tenant(), CaseId.parse(id));
        } catch (InvalidReportException e) {
            return Optional.empty();
        }
    }

    @Transactional
    @PostMapping(CASES + "/{id}/status")
    String status(@PathVariable String id, @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String reason,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            CaseId caseId = CaseId.parse(id);
            service.cases().changeStatus(me.tenant(), caseId, CaseStatus.of(status, "status"), reason, null, me.subject());
            audit.success("phishing.case-status", "phishing-case:" + caseId, "status=" + status);
            redirect.addFlashAttribute("notice", message("phishing.cases.statusChanged"));
        } catch (InvalidReportException e) {
            redirect.addFlashAttribute("error", refusal(e));
        } catch (InvalidTransitionException e) {
            redirect.addFlashAttribute("error", message("phishing.cases.error.transition", e.current().id(), e.requested().id()));
        } catch (CaseNotFoundException e) {
            redirect.addFlashAttribute("error", message("phishing.cases.error.notFound"));
            return "redirect:" + CASES;
        }
        return "redirect:" + CASES + "/" + id;
    }

    @Transactional
    @PostMapping(CASES + "/{id}/notes")
    String note(@PathVariable String id, @RequestParam(defaultValue = "") String note, Model model, HttpServletResponse response,
                RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            CaseId caseId = CaseId.parse(id);
            service.cases().addNote(me.tenant(), caseId, note, me.subject());
            audit.success("phishing.case-note", "phishing-case:" + caseId, "");
        } catch (InvalidReportException e) {
            redirect.addFlashAttribute("error", refusal(e));
        } catch (CaseNotFoundException e) {
            redirect.addFlashAttribute("error", message("phishing.cases.error.notFound"));
            return "redirect:" + CASES;
        }
        return "redirect:" + CASES + "/" + id;
    }

    @Transactional
    @PostMapping(CASES + "/{id}/compromised-cards")
    String compromised(@PathVariable String id, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        try {
            CaseId caseId = CaseId.parse(id);
            PhishingCaseService.Listing listing = service.listCompromisedCards(me.tenant(), caseId, me.subject());
            audit.success("phishing.cards-listed", "phishing-case:" + caseId, "added=" + listing.added() + ", already=" + listing.alreadyListed());
            redirect.addFlashAttribute("notice", message("phishing.cases.listed", listing.added(), listing.alreadyListed()));
        } catch (InvalidReportException | CaseNotFoundException e) {
            redirect.addFlashAttribute("error", message("phishing.cases.error.notFound"));
            return "redirect:" + CASES;
        }
        return "redirect:" + CASES + "/" + id;
    }

    @GetMapping(CASES + "/{id}/takedown")
    ResponseEntity<byte[]> takedown(@PathVariable String id, @RequestParam(defaultValue = "arf") String format,
                                    @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String from,
                                    HttpServletRequest request, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return ResponseEntity.status(HttpServletResponse.SC_FORBIDDEN).build();
        }
        try {
            CaseId caseId = CaseId.parse(id);
            PhishingCaseService.Takedown t = service.takedown(me.tenant(), caseId, format, to, from, null);
            audit.success("phishing.takedown-prepared", "phishing-case:" + caseId, format + " for " + CardNumberDetector.mask(to));
            return download(t.mediaType(), t.fileName(), t.body());
        } catch (InvalidReportException e) {
            return back(caseOrList(id), refusal(e), request, response);
        } catch (CaseNotFoundException e) {
            return back(CASES, message("phishing.cases.error.notFound"), request, response);
        }
    }

    @GetMapping(CASES + "/export")
    ResponseEntity<byte[]> export(@RequestParam(defaultValue = "antiphishing-jp") String format, @RequestParam(defaultValue = "") String from,
                                  @RequestParam(defaultValue = "") String to, HttpServletRequest request, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return ResponseEntity.status(HttpServletResponse.SC_FORBIDDEN).build();
        }
        try {
            PhishingCaseService.Export e = service.export(me.tenant(), format, from, to);
            audit.success("phishing.cases-exported", "phishing-cases", e.fileName());
            return download(e.mediaType() + ";charset=UTF-8", e.fileName(), e.body().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidReportException e) {
            return back(CASES, refusal(e), request, response);
        }
    }

    private static String caseOrList(String id) {
        try {
            return CASES + "/" + CaseId.parse(id);
        } catch (InvalidReportException e) {
            return CASES;
        }
    }

    /** A redirect back to {@code path} carrying the refusal as a flash message, as the form posts do. */
    private static ResponseEntity<byte[]> back(String path, String error, HttpServletRequest request, HttpServletResponse response) {
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        flash.put("error", error);
        RequestContextUtils.saveOutputFlashMap(path, request, response);
        return ResponseEntity.status(HttpServletResponse.SC_SEE_OTHER).location(URI.create(request.getContextPath() + path)).build();
    }

    private static ResponseEntity<byte[]> download(String mediaType, String fileName, byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(mediaType))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString()).body(body);
    }
}
