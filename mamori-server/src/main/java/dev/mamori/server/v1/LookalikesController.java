package dev.mamori.server.v1;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.lookalike.Candidate;
import dev.mamori.phishing.lookalike.Lookalikes;
import dev.mamori.phishing.lookalike.MatchStatus;
import dev.mamori.phishing.lookalike.RejectedLine;
import dev.mamori.phishing.lookalike.ScanSource;
import dev.mamori.phishing.lookalike.StoredMatch;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lookalike domains: scan an observed-domain list (newly registered domains, a certificate-
 * transparency export, report URLs) against the tenant's brand domains, review the matches, and
 * preview the candidates generated for a brand.
 */
@RestController
@RequestMapping("/v1/phishing/lookalikes")
@Tag(name = "Lookalike domains")
class LookalikesController {
    /** Matches listed in a scan's answer; all are stored and counted. */
    static final int MAX_MATCHES_LISTED = 1000;
    static final int MAX_LIST = 1000;

    private final PhishingModule phishing;
    private final RequestAudit audit;

    LookalikesController(PhishingModule phishing, RequestAudit audit) {
        this.phishing = phishing;
        this.audit = audit;
    }

    record MatchView(long id, String observed, String unicode, String brand, double score, String technique, String source,
                     Instant firstSeen, Instant lastSeen, String status) {
        static MatchView of(StoredMatch m) {
            return new MatchView(m.id(), m.match().observed(), unicodeOf(m.match().observed()), m.match().brand().ascii(), m.match().score(),
                    m.match().technique().id(), m.source().id(), m.firstSeen(), m.lastSeen(), m.status().id());
        }
    }

    record RejectedView(long line, String rule, String reason) {
        static RejectedView of(RejectedLine r) {
            return new RejectedView(r.line(), r.rule(), r.reason());
        }
    }

    record ScanView(long scanned, long lines, int matchCount, List<MatchView> matches, long rejectedCount, List<RejectedView> rejected) {
    }

    record StatusRequest(@NotBlank String status) {
    }

    record CandidateView(String domain, String unicode, String technique) {
        static CandidateView of(Candidate c) {
            return new CandidateView(c.domain(), c.unicode(), c.technique().id());
        }
    }

    record CandidatesView(String brand, int count, List<CandidateView> candidates) {
    }

    @Transactional
    @PostMapping("/scan")
    @Operation(summary = "Scan a list of observed domains (plain list, CSV or JSON lines CT export) against the tenant's brand domains",
            description = "The body is the list as text (UTF-8), streamed; up to mamori.http.max-upload-size. Lines that hold no valid"
                    + " domain are skipped and listed (first 1000) with line number and rule; the rest is scanned and the matches stored.")
    ScanView scan(@RequestParam Optional<String> source, HttpServletRequest request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            // The container reads such a body as form fields: the list would be scanned as empty.
            String message = "Content-Type must be the list's own type (text/plain, text/csv, application/x-ndjson...), not a form";
            throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, message,
                    List.of(new dev.mamori.server.api.FieldViolation("Content-Type", "media-type", message)));
        }
        ScanSource from;
        try {
            from = source.map(ScanSource::ofId).orElse(ScanSource.UPLOAD);
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("source", "one-of", "source is upload, ct or report");
        }
        if (phishing.brandDomains().list(caller.tenant()).isEmpty()) {
            throw AuthorizationRequests.invalid("brand", "registered",
                    "register a brand domain before scanning for lookalikes");
        }
        Lookalikes.ScanResult result;
        try (BufferedReader body = new BufferedReader(new InputStreamReader(request.getInputStream(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            result = phishing.lookalikes().scan(caller.tenant(), body, from);
        } catch (IOException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RequestSizeLimitFilter.TooLargeException) {
                    throw new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than mamori.http.max-upload-size");
                }
            }
            throw new ApiProblem(ProblemType.BAD_REQUEST, "The body could not be read to the end");
        }
        List<MatchView> matches = result.matches().stream().limit(MAX_MATCHES_LISTED).map(MatchView::of).toList();
        audit.success("phishing.lookalike-scan", "lookalike-scan", from.id() + ": " + result.outcome().scanned() + " names, "
                + result.matches().size() + " matches, " + result.outcome().rejectedCount() + " lines skipped");
        return new ScanView(result.outcome().scanned(), result.outcome().lines(), result.matches().size(), matches,
                result.outcome().rejectedCount(), result.outcome().rejected().stream().map(RejectedView::of).toList());
    }

    @GetMapping("/matches")
    @Operation(summary = "The tenant's lookalike matches, best score first, filtered by brand, status and minimum score")
    List<MatchView> matches(@RequestParam Optional<String> brand, @RequestParam Optional<String> status,
                            @RequestParam Optional<String> minScore, @RequestParam Optional<String> limit) {
        DomainName brandFilter = brand.map(b -> domain(b, "brand")).orElse(null);
        MatchStatus statusFilter = status.map(LookalikesController::status).orElse(null);
        double min = minScore.map(s -> number(s, "minScore", 0, 1)).orElse(0.0);
        int max = (int) (double) limit.map(s -> number(s, "limit", 1, MAX_LIST)).orElse(100.0);
        return phishing.lookalikes().matches(CurrentPrincipal.require().tenant(), brandFilter, statusFilter, min, max).stream()
                .map(MatchView::of).toList();
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PatchMapping("/matches/{id}")
    @Operation(summary = "Set a match's status: new, ignored or confirmed")
    MatchView setStatus(@PathVariable long id, @Valid @RequestBody StatusRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        MatchStatus status = status(body.status());
        StoredMatch match = phishing.lookalikes().setStatus(caller.tenant(), id, status, caller.subject())
                .orElseThrow(() -> ApiProblem.notFoundRecorded(audit, "phishing.lookalike-status", "lookalike-match:" + id,
                        "no such match in this tenant", "lookalike match"));
        audit.success("phishing.lookalike-status", "lookalike-match:" + id, status.id());
        return MatchView.of(match);
    }

    @GetMapping("/candidates")
    @Operation(summary = "The lookalikes generated for a brand domain, with the technique of each (capped)")
    CandidatesView candidates(@RequestParam Optional<String> brand, @RequestParam Optional<String> limit) {
        DomainName domain = domain(brand.orElseThrow(() -> AuthorizationRequests.invalid("brand", "required", "brand is required")), "brand");
        int max = (int) (double) limit.map(s -> number(s, "limit", 1, Lookalikes.MAX_CANDIDATES)).orElse(500.0);
        List<Candidate> candidates = phishing.lookalikes().candidates(domain, max);
        return new CandidatesView(domain.ascii(), candidates.size(), candidates.stream().map(CandidateView::of).toList());
    }

    static MatchStatus status(String id) {
        try {
            return MatchStatus.ofId(id);
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("status", "one-of", "status is new, ignored or confirmed");
        }
    }

    private static DomainName domain(String text, String field) {
        try {
            return DomainName.of(text);
        } catch (InvalidDomainException e) {
            throw AuthorizationRequests.invalid(field, e.rule(), field + " is not a valid domain name (" + e.rule() + ")");
        }
    }

    private static double number(String text, String field, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= min && value <= max)) {
            throw AuthorizationRequests.invalid(field, "range", field + " is a number from " + format(min) + " to " + format(max));
        }
        return value;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String unicodeOf(String ascii) {
        try {
            return ascii.contains("xn--") ? IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED) : ascii;
        } catch (IllegalArgumentException e) {
            return ascii;
        }
    }
}
