package dev.mamori.server.console;

import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.aggregate.DmarcReports;
import dev.mamori.phishing.aggregate.DmarcSummary;
import dev.mamori.phishing.aggregate.IngestResult;
import dev.mamori.phishing.aggregate.UploadedFile;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * DMARC aggregate reports in the console: upload files (each file's outcome shown), pick a domain
 * and period, see the daily pass/fail chart (server-rendered SVG), the senders with their
 * classification, and how ready the domain is for {@code p=reject}.
 */
@Controller
class DmarcConsoleController {
    static final String PATH = "/console/phishing/dmarc";
    private static final int MAX_FILES = 50;

    private final PhishingModule phishing;
    private final RequestAudit audit;
    private final MessageSource messages;

    DmarcConsoleController(PhishingModule phishing, RequestAudit audit, MessageSource messages) {
        this.phishing = phishing;
        this.audit = audit;
        this.messages = messages;
    }

    /** One uploaded file's outcome as the page shows it. */
    record OutcomeView(String fileName, String status, String domain, String error) {
    }

    @GetMapping(PATH)
    String page(@RequestParam(defaultValue = "") String domain, @RequestParam(defaultValue = "") String from,
                @RequestParam(defaultValue = "") String to, Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        return render(me, domain, from, to, List.of(), model, response);
    }

    @PostMapping(PATH + "/upload")
    String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files, Model model, HttpServletResponse response)
            throws IOException {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        List<UploadedFile> uploads = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isEmpty())) {
                continue; // the browser's empty part when no file was chosen
            }
            uploads.add(new UploadedFile(file.getOriginalFilename(), file.getBytes()));
        }
        if (uploads.isEmpty() || uploads.size() > MAX_FILES) {
            response.setStatus(422);
            model.addAttribute("error", message(uploads.isEmpty() ? "phishing.dmarc.error.noFile" : "phishing.dmarc.error.tooMany", MAX_FILES));
            return render(me, "", "", "", List.of(), model, response);
        }
        List<IngestResult> results = phishing.dmarcReports().ingest(me.tenant(), uploads, me.subject());
        List<OutcomeView> outcomes = new ArrayList<>();
        String firstDomain = "";
        for (IngestResult r : results) {
            String status = r.status().name().toLowerCase(Locale.ROOT);
            if (r.status() == IngestResult.Status.STORED) {
                audit.success("dmarc-report.stored", "dmarc-report:" + r.reportId(), r.domain());
            } else if (r.status() == IngestResult.Status.REJECTED) {
                audit.failure("dmarc-report.rejected", "dmarc-report", r.errorElement() + " " + r.errorRule());
            }
            if (firstDomain.isEmpty() && r.domain() != null) {
                firstDomain = r.domain();
            }
            outcomes.add(new OutcomeView(r.fileName(), status, r.domain(),
                    r.status() == IngestResult.Status.REJECTED ? r.errorMessage() + " (" + r.errorRule() + ")" : null));
        }
        return render(me, firstDomain, "", "", outcomes, model, response);
    }

    private String render(MamoriPrincipal me, String domainText, String fromText, String toText, List<OutcomeView> outcomes, Model model,
                          HttpServletResponse response) {
        DmarcReports reports = phishing.dmarcReports();
        TreeSet<String> domains = new TreeSet<>(reports.domains(me.tenant()));
        for (BrandDomain brand : phishing.brandDomains().list(me.tenant())) {
            domains.add(brand.domain().ascii());
        }
        LocalDate today = LocalDate.ofInstant(phishing.clock().instant(), ZoneOffset.UTC);
        LocalDate to = parse(toText, today);
        LocalDate from = to == null ? null : parse(fromText, to.minusDays(29));
        String error = null;
        if (to == null || from == null) {
            error = message("phishing.dmarc.error.date");
            to = today;
            from = today.minusDays(29);
        } else if (to.isBefore(from) || from.plusDays(DmarcReports.MAX_SUMMARY_DAYS).isBefore(to.plusDays(1))) {
            error = message("phishing.dmarc.error.period", DmarcReports.MAX_SUMMARY_DAYS);
            to = today;
            from = today.minusDays(29);
        }
        DomainName domain = null;
        String selected = domainText.isBlank() ? (domains.isEmpty() ? "" : domains.first()) : domainText.strip();
        if (!selected.isEmpty()) {
            try {
                domain = DomainName.of(selected);
            } catch (InvalidDomainException e) {
                error = message("phishing.dmarc.error.domain", e.rule());
            }
        }
        if (error != null && outcomes.isEmpty()) {
            response.setStatus(422);
        }
        model.addAttribute("me", me);
        model.addAttribute("mayUpload", PhishingRoles.any(me, PhishingRoles.WRITERS));
        model.addAttribute("domains", List.copyOf(domains));
        model.addAttribute("selected", domain == null ? "" : domain.ascii());
        model.addAttribute("from", from.toString());
        model.addAttribute("to", to.toString());
        model.addAttribute("outcomes", outcomes);
        if (error != null) {
            model.addAttribute("error", error);
        }
        DmarcSummary summary = domain == null ? null : reports.summary(me.tenant(), domain, from, to);
        model.addAttribute("summary", summary);
        model.addAttribute("chart", summary == null ? null : DmarcChart.of(summary.daily()));
        model.addAttribute("passPercent", summary == null || summary.messages() == 0 ? "–"
                : String.format(Locale.ROOT, "%.1f%%", 100.0 * summary.dmarcPass() / summary.messages()));
        model.addAttribute("rejectPercent", summary == null ? "–"
                : String.format(Locale.ROOT, "%.1f%%", 100.0 * summary.readiness().rejectShare()));
        model.addAttribute("reports", domain == null ? List.of() : reports.list(me.tenant(), domain, from, to, 50));
        return "console/phishing-dmarc";
    }

    /** The date, {@code fallback} when blank, null when it is not a date from 1970 to 9999 (the arithmetic and the database overflow beyond). */
    private static LocalDate parse(String text, LocalDate fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
        return day.isBefore(LocalDate.of(1970, 1, 1)) || day.isAfter(LocalDate.of(9999, 12, 1)) ? null : day;
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
