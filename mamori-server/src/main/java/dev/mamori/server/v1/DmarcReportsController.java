package dev.mamori.server.v1;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.aggregate.AggregateReport;
import dev.mamori.phishing.aggregate.DmarcReports;
import dev.mamori.phishing.aggregate.DmarcSummary;
import dev.mamori.phishing.aggregate.IngestResult;
import dev.mamori.phishing.aggregate.StoredReport;
import dev.mamori.phishing.aggregate.UploadedFile;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * DMARC aggregate (RUA) reports: upload the files receivers send (XML, gzip, zip or the report
 * e-mail itself), list and read them, and a domain's summary (who sends in its name, daily volume,
 * DMARC pass and fail, readiness for {@code p=reject}).
 */
@RestController
@RequestMapping("/v1/phishing/dmarc-reports")
@Tag(name = "DMARC aggregate reports")
class DmarcReportsController {
    /** Most files in one multipart upload. */
    static final int MAX_FILES = 50;

    private final PhishingModule phishing;
    private final RequestAudit audit;

    DmarcReportsController(PhishingModule phishing, RequestAudit audit) {
        this.phishing = phishing;
        this.audit = audit;
    }

    record ErrorView(String element, String rule, String message) {
    }

    record ResultView(String fileName, String status, UUID id, String domain, Boolean domainRegistered, String format, ErrorView error) {
        static ResultView of(IngestResult r) {
            return new ResultView(r.fileName(), r.status().name().toLowerCase(Locale.ROOT), r.reportId(), r.domain(),
                    r.status() == IngestResult.Status.REJECTED ? null : r.domainRegistered(),
                    r.format() == null ? null : r.format().name().toLowerCase(Locale.ROOT),
                    r.errorElement() == null || r.status() != IngestResult.Status.REJECTED ? null
                            : new ErrorView(r.errorElement(), r.errorRule(), r.errorMessage()));
        }
    }

    record UploadView(int stored, int duplicates, int rejected, List<ResultView> results) {
    }

    record PolicyView(String p, String sp, String np, Integer pct, String adkim, String aspf, String fo, boolean testing,
                      String discoveryMethod) {
        static PolicyView of(AggregateReport.PolicyPublished p) {
            return new PolicyView(lower(p.p()), lower(p.sp()), p.np() == null ? null : lower(p.np()), p.pct(), p.adkim(), p.aspf(), p.fo(),
                    p.testing(), p.discoveryMethod());
        }
    }

    record ReportView(UUID id, String orgName, String orgEmail, String reportId, Instant begin, Instant end, String domain,
                      boolean domainRegistered, PolicyView policy, String schemaVersion, String generator, List<String> reporterErrors,
                      int recordCount, long messageCount, String format, String fileName, Instant receivedAt, String receivedBy) {
        static ReportView of(StoredReport r) {
            return new ReportView(r.id(), r.orgName(), r.orgEmail(), r.reportId(), r.begin(), r.end(), r.policy().domain().ascii(),
                    r.domainRegistered(), PolicyView.of(r.policy()), r.schemaVersion(), r.generator(), r.reporterErrors(), r.recordCount(),
                    r.messageCount(), r.format().name().toLowerCase(Locale.ROOT), r.fileName(), r.receivedAt(), r.receivedBy());
        }
    }

    record DkimView(String domain, String selector, String result) {
    }

    record SpfView(String domain, String scope, String result) {
    }

    record RecordView(String sourceIp, long count, String disposition, String dkim, String spf, boolean dmarcPass, List<String> reasons,
                      String headerFrom, String envelopeFrom, String envelopeTo, List<DkimView> dkimResults, List<SpfView> spfResults) {
        static RecordView of(AggregateReport.Record r) {
            return new RecordView(r.sourceIp(), r.count(), lower(r.disposition()), r.dkimAligned() ? "pass" : "fail",
                    r.spfAligned() ? "pass" : "fail", r.dmarcPass(), r.reasons(), r.headerFrom(), r.envelopeFrom(), r.envelopeTo(),
                    r.dkim().stream().map(d -> new DkimView(d.domain(), d.selector(), d.result())).toList(),
                    r.spf().stream().map(s -> new SpfView(s.domain(), s.scope(), s.result())).toList());
        }
    }

    record ReportDetailView(ReportView report, List<RecordView> records) {
    }

    record DayView(LocalDate day, long pass, long fail) {
    }

    record SourceView(String ip, String hostName, long messages, long dmarcPass, long dmarcFail, long spfPass, long dkimPass,
                      List<String> authenticatedAs, List<String> headerFrom, String classification) {
        static SourceView of(DmarcSummary.Source s) {
            return new SourceView(s.ip(), s.hostName(), s.messages(), s.dmarcPass(), s.dmarcFail(), s.spfPass(), s.dkimPass(),
                    s.authenticatedAs(), s.headerFrom(), s.classification().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    record ReadinessView(double rejectShare, long legitimateAtRisk, long spoofingBlocked, boolean ready) {
    }

    record SummaryView(String domain, boolean domainRegistered, LocalDate from, LocalDate to, int reportCount, long messages, long dmarcPass,
                       long dmarcFail, long dkimAligned, long spfAligned, Map<String, Long> dispositions, List<DayView> daily,
                       List<SourceView> sources, ReadinessView readiness) {
        static SummaryView of(DmarcSummary s) {
            Map<String, Long> dispositions = new java.util.TreeMap<>();
            for (AggregateReport.Disposition d : AggregateReport.Disposition.values()) {
                dispositions.put(lower(d), s.dispositions().getOrDefault(d, 0L));
            }
            return new SummaryView(s.domain(), s.domainRegistered(), s.from(), s.to(), s.reportCount(), s.messages(), s.dmarcPass(),
                    s.dmarcFail(), s.dkimAligned(), s.spfAligned(), dispositions,
                    s.daily().stream().map(d -> new DayView(d.day(), d.pass(), d.fail())).toList(),
                    s.sources().stream().map(SourceView::of).toList(),
                    new ReadinessView(s.readiness().rejectShare(), s.readiness().legitimateAtRisk(), s.readiness().spoofingBlocked(),
                            s.readiness().ready()));
        }
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One report in the body, packed any way; the format is told from the bytes. The status is 201
     * when it was stored, 200 for a duplicate and 422 when it was rejected; the body is the same in each case.
     */
    @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/gzip", "application/x-gzip",
            "application/zip", "application/x-zip-compressed", "message/rfc822", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Upload one aggregate report (XML, gzip, zip or the report e-mail)")
    ResponseEntity<UploadView> uploadOne(@RequestBody byte[] body, @RequestParam Optional<String> name) {
        return answer(List.of(new UploadedFile(name.orElse(null), body)));
    }

    /** Several files (any part names); each file's outcome is answered, one bad file never stops the others. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload several aggregate reports as multipart/form-data")
    ResponseEntity<UploadView> uploadMany(MultipartHttpServletRequest request) {
        List<UploadedFile> files = new ArrayList<>();
        for (List<MultipartFile> parts : request.getMultiFileMap().values()) {
            for (MultipartFile part : parts) {
                if (files.size() == MAX_FILES) {
                    throw AuthorizationRequests.invalid("file", "max-files", "one upload carries at most " + MAX_FILES + " files");
                }
                try {
                    files.add(new UploadedFile(part.getOriginalFilename(), part.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (files.isEmpty()) {
            throw AuthorizationRequests.invalid("file", "required", "the upload carries no file");
        }
        return answer(files);
    }

    private ResponseEntity<UploadView> answer(List<UploadedFile> files) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        // No surrounding transaction: each file is stored (or not) on its own.
        List<IngestResult> results = phishing.dmarcReports().ingest(caller.tenant(), files, caller.subject());
        int stored = 0;
        int duplicates = 0;
        int rejected = 0;
        for (IngestResult r : results) {
            switch (r.status()) {
                case STORED -> {
                    stored++;
                    audit.success("dmarc-report.stored", "dmarc-report:" + r.reportId(), r.domain());
                }
                case DUPLICATE -> duplicates++;
                case REJECTED -> {
                    rejected++;
                    audit.failure("dmarc-report.rejected", "dmarc-report", r.errorElement() + " " + r.errorRule());
                }
            }
        }
        UploadView view = new UploadView(stored, duplicates, rejected, results.stream().map(ResultView::of).toList());
        HttpStatus status = stored > 0 ? HttpStatus.CREATED : rejected == results.size() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK;
        return ResponseEntity.status(status).body(view);
    }

    @GetMapping
    @Operation(summary = "The tenant's reports, newest period first; optionally one domain and a period (UTC days the reports begin)")
    List<ReportView> list(@RequestParam Optional<String> domain, @RequestParam Optional<String> from, @RequestParam Optional<String> to,
                          @RequestParam Optional<Integer> limit) {
        LocalDate fromDay = from.map(f -> day(f, "from")).orElse(null);
        LocalDate toDay = to.map(t -> day(t, "to")).orElse(null);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw AuthorizationRequests.invalid("to", "not-before-from", "to must not be before from");
        }
        int max = limit.orElse(100);
        if (max < 1 || max > DmarcReports.MAX_LIST) {
            throw AuthorizationRequests.invalid("limit", "range", "limit is 1 to " + DmarcReports.MAX_LIST);
        }
        return phishing.dmarcReports().list(CurrentPrincipal.require().tenant(), domain.map(DmarcReportsController::domain).orElse(null),
                fromDay, toDay, max).stream().map(ReportView::of).toList();
    }

    @GetMapping("/summary")
    @Operation(summary = "A domain's senders, daily volume, DMARC pass and fail, and readiness for p=reject (default: the last 30 days)")
    SummaryView summary(@RequestParam Optional<String> domain, @RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        DomainName name = domain(domain.orElseThrow(() -> AuthorizationRequests.invalid("domain", "required", "domain is required")));
        LocalDate toDay = to.map(t -> day(t, "to")).orElse(LocalDate.ofInstant(phishing.clock().instant(), ZoneOffset.UTC));
        LocalDate fromDay = from.map(f -> day(f, "from")).orElse(toDay.minusDays(29));
        if (toDay.isBefore(fromDay)) {
            throw AuthorizationRequests.invalid("to", "not-before-from", "to must not be before from");
        }
        if (fromDay.plusDays(DmarcReports.MAX_SUMMARY_DAYS).isBefore(toDay.plusDays(1))) {
            throw AuthorizationRequests.invalid("to", "max-days", "a summary covers at most " + DmarcReports.MAX_SUMMARY_DAYS + " days");
        }
        return SummaryView.of(phishing.dmarcReports().summary(CurrentPrincipal.require().tenant(), name, fromDay, toDay));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One report with its records")
    ReportDetailView get(@PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("DMARC report");
        }
        DmarcReports.ReportDetail detail = phishing.dmarcReports().find(CurrentPrincipal.require().tenant(), uuid)
                .orElseThrow(() -> ApiProblem.notFound("DMARC report"));
        return new ReportDetailView(ReportView.of(detail.report()), detail.records().stream().map(RecordView::of).toList());
    }

    static DomainName domain(String text) {
        try {
            return DomainName.of(text);
        } catch (InvalidDomainException e) {
            throw AuthorizationRequests.invalid("domain", e.rule(), "domain: " + e.getMessage());
        }
    }

    /** The first and last day a report period may name (a year such as +999999999 overflows the day arithmetic and the database). */
    static final LocalDate EARLIEST_DAY = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST_DAY = LocalDate.of(9999, 12, 1);

    static LocalDate day(String text, String field) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw AuthorizationRequests.invalid(field, "date", field + " is a date like 2026-11-05");
        }
        if (day.isBefore(EARLIEST_DAY) || day.isAfter(LATEST_DAY)) {
            throw AuthorizationRequests.invalid(field, "date", field + " is a date from 1970-01-01 to 9999-12-01");
        }
        return day;
    }
}
