package dev.mamori.server.v1;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.TenantId;
import dev.mamori.phishing.cases.CaseDetail;
import dev.mamori.phishing.cases.CaseEvent;
import dev.mamori.phishing.cases.CaseId;
import dev.mamori.phishing.cases.CaseNotFoundException;
import dev.mamori.phishing.cases.CaseStatus;
import dev.mamori.phishing.cases.CaseWarnings;
import dev.mamori.phishing.cases.CompromisedCard;
import dev.mamori.phishing.cases.IntakeResult;
import dev.mamori.phishing.cases.InvalidReportException;
import dev.mamori.phishing.cases.InvalidTransitionException;
import dev.mamori.phishing.cases.PhishingCase;
import dev.mamori.phishing.cases.ReportSubmission;
import dev.mamori.phishing.cases.ReportType;
import dev.mamori.phishing.cases.ReportedUrl;
import dev.mamori.phishing.cases.Reporter;
import dev.mamori.phishing.cases.StoredReport;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.phishing.PhishingCaseService;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Phishing reports and cases: intake of URLs, SMS texts, forwarded mails and screenshots, cases
 * deduplicated by page, the takedown workflow, takedown requests (ARF, XARF), exports for the
 * Council of Anti-Phishing Japan, JC3 and the police, cardholder warnings, and sending the cards
 * found in reports to the compromised-card block list. Card numbers are masked in every answer.
 */
@RestController
@RequestMapping("/v1/phishing")
@Tag(name = "Phishing reports and takedowns")
class PhishingCasesController {
    private final PhishingCaseService service;
    private final RequestAudit audit;

    PhishingCasesController(PhishingCaseService service, RequestAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    record ReportRequest(String type, @Size(max = 2048) String url, @Size(max = 5000) String text, String eml, String image, String reporter,
                         @Size(max = 100) String channel, String receivedAt, @Size(max = 2000) String note, @Size(max = 100) String brand) {
        @Override
        public String toString() {
            return "ReportRequest[type=" + type + ", content hidden]";
        }
    }

    record UrlView(String url, String urlDefanged, String host, boolean defanged) {
        static UrlView of(ReportedUrl u) {
            return new UrlView(u.url(), u.defangedForm(), u.host(), u.defanged());
        }
    }

    record CaseView(UUID id, String url, String urlDefanged, String host, String brand, String status, int reportCount, Instant createdAt,
                    Instant updatedAt) {
        static CaseView of(PhishingCase c) {
            return new CaseView(c.id().value(), c.url(), c.defangedUrl(), c.host(), c.brand(), c.status().id(), c.reportCount(), c.createdAt(),
                    c.updatedAt());
        }
    }

    record JoinedView(UUID caseId, String url, boolean opened, String status, int reportCount) {
    }

    record IntakeView(UUID reportId, UUID caseId, List<JoinedView> cases, List<UrlView> extracted, List<CaseView> related,
                      List<String> ownDomains, List<String> maskedCards) {
        static IntakeView of(IntakeResult r) {
            return new IntakeView(r.reportId(), r.caseId().value(),
                    r.cases().stream().map(l -> new JoinedView(l.phishingCase().id().value(), l.url().url(), l.opened(),
                            l.phishingCase().status().id(), l.phishingCase().reportCount())).toList(),
                    r.cases().stream().map(l -> UrlView.of(l.url())).toList(), r.related().stream().map(CaseView::of).toList(), r.ownDomains(),
                    r.maskedCards());
        }
    }

    record EvidenceView(UUID id, String contentType, int sizeBytes, String sha256) {
    }

    record ReportView(UUID id, String type, String reporter, String channel, Instant receivedAt, Instant submittedAt, String submittedBy,
                      String note, String text, String mailSubject, String mailFrom, String mailDate, String messageId, List<UrlView> urls,
                      List<EvidenceView> evidence) {
        static ReportView of(StoredReport r) {
            return new ReportView(r.id(), r.type().id(), r.reporter().id(), r.channel(), r.receivedAt(), r.submittedAt(), r.submittedBy(), r.note(),
                    r.contentText(), r.mailSubject(), r.mailFrom(), r.mailDate(), r.messageId(), r.urls().stream().map(UrlView::of).toList(),
                    r.evidence().stream().map(e -> new EvidenceView(e.id(), e.contentType(), e.sizeBytes(), e.sha256())).toList());
        }
    }

    record EventView(long id, Instant at, String actor, String kind, String fromStatus, String toStatus, String detail) {
        static EventView of(CaseEvent e) {
            return new EventView(e.id(), e.at(), e.actor(), e.kind(), e.fromStatus() == null ? null : e.fromStatus().id(),
                    e.toStatus() == null ? null : e.toStatus().id(), e.detail());
        }
    }

    record CardView(String masked, Instant foundAt, Instant listedAt, String listedBy) {
        static CardView of(CompromisedCard c) {
            return new CardView(c.masked(), c.foundAt(), c.listedAt(), c.listedBy());
        }
    }

    record DetailView(CaseView phishingCase, List<String> urls, List<ReportView> reports, List<EventView> events, List<CardView> cards,
                      List<CaseView> related) {
        static DetailView of(CaseDetail d) {
            return new DetailView(CaseView.of(d.phishingCase()), d.urls(), d.reports().stream().map(ReportView::of).toList(),
                    d.events().stream().map(EventView::of).toList(), d.cards().stream().map(CardView::of).toList(),
                    d.related().stream().map(CaseView::of).toList());
        }
    }

    record StatusRequest(String status, @Size(max = 2000) String reason, @Size(max = 100) String brand) {
    }

    record NoteRequest(@Size(max = 2000) String note) {
    }

    record ListingView(int added, int alreadyListed, List<CardView> cards) {
    }

    record WarningView(UUID caseId, String lang, String text) {
    }

    // ---- intake ----------------------------------------------------------------------------------

    @Transactional
    @PostMapping(path = "/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Report a phishing URL, SMS text, forwarded mail (eml, base64) or screenshot (image, base64)")
    ResponseEntity<IntakeView> report(@Valid @RequestBody ReportRequest body) {
        byte[] eml = base64("eml", body.eml());
        byte[] image = base64("image", body.image());
        return intake(body.type(), body.url(), body.text(), eml, image, body.reporter(), body.channel(), body.receivedAt(), body.note(), body.brand());
    }

    @Transactional
    @PostMapping(path = "/reports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Report with a file: the .eml (type email) or the screenshot (type screenshot) in part 'file'")
    ResponseEntity<IntakeView> reportWithFile(@RequestParam(required = false) String type, @RequestParam(required = false) String url,
                                              @RequestParam(required = false) String text, @RequestParam(required = false) String reporter,
                                              @RequestParam(required = false) String channel, @RequestParam(required = false) String receivedAt,
                                              @RequestParam(required = false) String note, @RequestParam(required = false) String brand,
                                              @RequestParam(required = false) MultipartFile file) {
        byte[] bytes = null;
        if (file != null && !file.isEmpty()) {
            try {
                bytes = file.getBytes();
            } catch (IOException e) {
                throw AuthorizationRequests.invalid("file", "readable", "the uploaded file could not be read");
            }
        }
        String kind = type == null ? "" : type.strip();
        return intake(type, url, text, kind.equalsIgnoreCase("email") ? bytes : null, kind.equalsIgnoreCase("screenshot") ? bytes : null, reporter,
                channel, receivedAt, note, brand);
    }

    private ResponseEntity<IntakeView> intake(String type, String url, String text, byte[] eml, byte[] image, String reporter, String channel,
                                              String receivedAt, String note, String brand) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        IntakeResult result = call(() -> {
            ReportSubmission submission = new ReportSubmission(ReportType.of(type), url, text, eml, image, Reporter.of(reporter), channel,
                    instant("receivedAt", receivedAt), note, brand);
            return service.submit(caller.tenant(), submission, caller.subject());
        });
        audit.success("phishing.report-submitted", "phishing-case:" + result.caseId(),
                "type=" + type + ", cases=" + result.cases().size() + ", cards=" + result.maskedCards().size());
        return ResponseEntity.status(HttpStatus.CREATED).body(IntakeView.of(result));
    }

    // ---- cases -----------------------------------------------------------------------------------

    @GetMapping("/cases")
    @Operation(summary = "The tenant's cases, newest first, filtered by status, brand or host")
    List<CaseView> list(@RequestParam Optional<String> status, @RequestParam Optional<String> brand, @RequestParam Optional<String> host) {
        TenantId tenant = CurrentPrincipal.require().tenant();
        return call(() -> service.cases().list(tenant, status.filter(s -> !s.isBlank()).map(s -> CaseStatus.of(s, "status")).orElse(null),
                brand.orElse(null), host.orElse(null))).stream().map(CaseView::of).toList();
    }

    @GetMapping("/cases/{id}")
    @Operation(summary = "A case with its reports, URLs, history and masked card numbers")
    DetailView find(@PathVariable String id) {
        return DetailView.of(detail(id));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/cases/{id}/status")
    @Operation(summary = "Move a case: new → confirmed → takedown-requested → down → closed, or rejected / false-positive (409 otherwise)")
    CaseView status(@PathVariable String id, @Valid @RequestBody StatusRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CaseId caseId = caseId(id);
        try {
            PhishingCase changed = call(() -> service.cases().changeStatus(caller.tenant(), caseId, CaseStatus.of(body.status(), "status"),
                    body.reason(), body.brand(), caller.subject()));
            audit.success("phishing.case-status", "phishing-case:" + caseId, "status=" + changed.status().id());
            return CaseView.of(changed);
        } catch (ApiProblem p) {
            if (p.type() == ProblemType.NOT_FOUND || p.type() == ProblemType.CONFLICT) {
                audit.failure("phishing.case-status", "phishing-case:" + caseId, p.getMessage());
            }
            throw p;
        }
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/cases/{id}/notes")
    @Operation(summary = "Add a note to a case's history (card numbers are masked)")
    ResponseEntity<EventView> note(@PathVariable String id, @Valid @RequestBody NoteRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CaseId caseId = caseId(id);
        CaseEvent event = call(() -> service.cases().addNote(caller.tenant(), caseId, body.note(), caller.subject()));
        audit.success("phishing.case-note", "phishing-case:" + caseId, "");
        return ResponseEntity.status(HttpStatus.CREATED).body(EventView.of(event));
    }

    @GetMapping("/cases/{id}/takedown")
    @Operation(summary = "A takedown request for the abuse contact 'to': format=arf (RFC 5965 mail) or xarf (XARF v4 JSON); 'from' is the tenant's reply address")
    ResponseEntity<byte[]> takedown(@PathVariable String id, @RequestParam Optional<String> format, @RequestParam Optional<String> to,
                                    @RequestParam Optional<String> from, @RequestParam Optional<String> sourceIp) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CaseId caseId = caseId(id);
        PhishingCaseService.Takedown t = call(() -> service.takedown(caller.tenant(), caseId, format.orElse("arf"), to.orElse(null),
                from.orElse(null), sourceIp.orElse(null)));
        audit.success("phishing.takedown-prepared", "phishing-case:" + caseId,
                format.orElse("arf") + " for " + CardNumberDetector.mask(to.orElse("")));
        return download(t.mediaType(), t.fileName(), t.body());
    }

    @GetMapping("/cases/export")
    @Operation(summary = "Cases opened in [from, to) for the Council of Anti-Phishing Japan (antiphishing-jp, CSV), JC3 (jc3, CSV) or the police (police, text)")
    ResponseEntity<byte[]> export(@RequestParam Optional<String> format, @RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        PhishingCaseService.Export e = call(() -> service.export(caller.tenant(), format.orElse(null), from.orElse(null), to.orElse(null)));
        audit.success("phishing.cases-exported", "phishing-cases", e.fileName());
        return download(e.mediaType() + ";charset=UTF-8", e.fileName(), e.body().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/cases/{id}/warning")
    @Operation(summary = "A warning for cardholders about this case (lang=ja or en), URLs defanged")
    WarningView warning(@PathVariable String id, @RequestParam Optional<String> lang) {
        CaseDetail d = detail(id);
        String language = lang.orElse("ja");
        return new WarningView(d.phishingCase().id().value(), language, call(() -> CaseWarnings.text(d.phishingCase(), d.urls(), language)));
    }

    @GetMapping("/cases/{id}/evidence/{evidenceId}")
    @Operation(summary = "A stored evidence file: the forwarded mail (masked if it held card numbers) or the screenshot")
    ResponseEntity<byte[]> evidence(@PathVariable String id, @PathVariable String evidenceId) {
        CaseDetail d = detail(id);
        for (StoredReport r : d.reports()) {
            for (StoredReport.Evidence e : r.evidence()) {
                if (e.id().toString().equalsIgnoreCase(evidenceId)) {
                    byte[] bytes = service.cases().evidence(CurrentPrincipal.require().tenant(), e.id()).orElseThrow(() -> ApiProblem.notFound("evidence"));
                    String extension = e.contentType().equals("message/rfc822") ? ".eml" : "." + e.contentType().substring(6);
                    return download(e.contentType(), "evidence-" + e.id() + extension, bytes);
                }
            }
        }
        throw ApiProblem.notFound("evidence");
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/cases/{id}/compromised-cards")
    @Operation(summary = "Send the cards found in the case's reports to the compromised-card block list (kind card-fingerprint)")
    ListingView compromisedCards(@PathVariable String id) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        CaseId caseId = caseId(id);
        PhishingCaseService.Listing listing = call(() -> service.listCompromisedCards(caller.tenant(), caseId, caller.subject()));
        audit.success("phishing.cards-listed", "phishing-case:" + caseId, "added=" + listing.added() + ", already=" + listing.alreadyListed());
        return new ListingView(listing.added(), listing.alreadyListed(), listing.cards().stream().map(CardView::of).toList());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private CaseDetail detail(String id) {
        CaseId caseId = caseId(id);
        return service.cases().find(CurrentPrincipal.require().tenant(), caseId).orElseThrow(() -> ApiProblem.notFound("phishing case"));
    }

    private static CaseId caseId(String id) {
        try {
            return CaseId.parse(id);
        } catch (InvalidReportException e) {
            throw ApiProblem.notFound("phishing case");
        }
    }

    /** Module errors as problems: 422 naming field and rule, 404, 409 naming both states. */
    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidReportException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        } catch (CaseNotFoundException e) {
            throw ApiProblem.notFound("phishing case");
        } catch (InvalidTransitionException e) {
            throw new ApiProblem(ProblemType.CONFLICT, e.getMessage(), List.of(new FieldViolation("status", "transition", e.getMessage())));
        }
    }

    private static byte[] base64(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid(field, "base64", field + " must be base64");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidReportException(field, "instant", field + " must be an ISO-8601 instant such as 2026-11-25T09:00:00Z");
        }
        // Instant.parse takes years from -1000000000; a database does not store them (a 500 on PostgreSQL).
        if (instant.isBefore(PhishingCaseService.EARLIEST) || instant.isAfter(PhishingCaseService.LATEST)) {
            throw new InvalidReportException(field, "instant", field + " must be between 1970-01-01 and 9999-12-30");
        }
        return instant;
    }

    private static ResponseEntity<byte[]> download(String mediaType, String fileName, byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(mediaType))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString()).body(body);
    }
}
