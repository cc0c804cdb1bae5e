package dev.mamori.server.console;

import dev.mamori.phishing.BrandDomain;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.lookalike.Lookalikes;
import dev.mamori.phishing.lookalike.MatchStatus;
import dev.mamori.phishing.lookalike.ScanSource;
import dev.mamori.phishing.lookalike.StoredMatch;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.phishing.PhishingRoles;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Lookalike domains in the console: upload or paste an observed-domain list, review the matches
 * (score, technique, status actions) and preview the candidates of a brand. Changes are audited
 * like the API ({@code phishing.lookalike-scan}, {@code phishing.lookalike-status}). Large lists
 * go through the API or {@code ./mamori lookalike}; the console takes what a form upload allows.
 */
@Controller
class LookalikeConsoleController {
    static final String PAGE = "/console/phishing/lookalikes";
    static final int SHOWN = 500;
    static final int SHOWN_CANDIDATES = 300;
    static final int SHOWN_REJECTED = 20;

    private final PhishingModule phishing;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;

    LookalikeConsoleController(PhishingModule phishing, RiskConsoleSupport support, RequestAudit audit) {
        this.phishing = phishing;
        this.support = support;
        this.audit = audit;
    }

    record MatchRow(long id, String observed, String unicode, String brand, String score, String technique, String source,
                    String firstSeen, String lastSeen, String status) {
        static MatchRow of(StoredMatch m) {
            String observed = m.match().observed();
            return new MatchRow(m.id(), observed, unicodeOf(observed), m.match().brand().unicode(),
                    String.format(Locale.ROOT, "%.2f", m.match().score()), m.match().technique().id(), m.source().id(),
                    RiskConsoleSupport.time(m.firstSeen()), RiskConsoleSupport.time(m.lastSeen()), m.status().id());
        }
    }

    record CandidateRow(String domain, String unicode, String technique) {
    }

    @GetMapping(PAGE)
    String page(@RequestParam(defaultValue = "") String brand, @RequestParam(defaultValue = "") String status,
                @RequestParam(defaultValue = "") String minScore, @RequestParam(defaultValue = "") String candidates, Model model,
                HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        List<BrandDomain> brands = phishing.brandDomains().list(me.tenant());
        DomainName brandFilter = domainOrNull(brand);
        MatchStatus statusFilter = statusOrNull(status);
        double min = scoreOrZero(minScore);
        model.addAttribute("me", me);
        model.addAttribute("brands", brands.stream().map(b -> b.domain().ascii()).toList());
        model.addAttribute("filter", java.util.Map.of("brand", brandFilter == null ? "" : brandFilter.ascii(),
                "status", statusFilter == null ? "" : statusFilter.id(), "minScore", min == 0 ? "" : minScore.strip()));
        model.addAttribute("matches", phishing.lookalikes().matches(me.tenant(), brandFilter, statusFilter, min, SHOWN).stream()
                .map(MatchRow::of).toList());
        model.addAttribute("mayEdit", PhishingRoles.any(me, PhishingRoles.WRITERS));
        DomainName candidateBrand = domainOrNull(candidates);
        model.addAttribute("candidateBrand", candidateBrand == null ? "" : candidateBrand.ascii());
        model.addAttribute("candidates", candidateBrand == null ? List.of()
                : phishing.lookalikes().candidates(candidateBrand, SHOWN_CANDIDATES).stream()
                        .map(c -> new CandidateRow(c.domain(), c.unicode(), c.technique().id())).toList());
        model.addAttribute("candidateTotal", candidateBrand == null ? 0 : countCandidates(candidateBrand));
        return "console/phishing-lookalikes";
    }

    @Transactional
    @PostMapping(PAGE + "/scan")
    String scan(@RequestParam(defaultValue = "") String names, @RequestParam(required = false) MultipartFile file,
                @RequestParam(defaultValue = "upload") String source, Model model, HttpServletResponse response,
                RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        ScanSource from;
        try {
            from = ScanSource.ofId(source);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", support.message("phishing.lookalikes.error.source"));
            return "redirect:" + PAGE;
        }
        boolean hasFile = file != null && !file.isEmpty();
        if (!hasFile && names.isBlank()) {
            redirect.addFlashAttribute("error", support.message("phishing.lookalikes.error.empty"));
            return "redirect:" + PAGE;
        }
        if (phishing.brandDomains().list(me.tenant()).isEmpty()) {
            redirect.addFlashAttribute("error", support.message("phishing.lookalikes.error.noBrands"));
            return "redirect:" + PAGE;
        }
        Lookalikes.ScanResult result;
        try (BufferedReader input = new BufferedReader(hasFile ? utf8(file) : new StringReader(names), 1 << 16)) {
            result = phishing.lookalikes().scan(me.tenant(), input, from);
        } catch (IOException | UncheckedIOException e) {
            redirect.addFlashAttribute("error", support.message("phishing.lookalikes.error.unreadable"));
            return "redirect:" + PAGE;
        }
        audit.success("phishing.lookalike-scan", "lookalike-scan", from.id() + ": " + result.outcome().scanned() + " names, "
                + result.matches().size() + " matches, " + result.outcome().rejectedCount() + " lines skipped");
        redirect.addFlashAttribute("notice", support.message("phishing.lookalikes.scanned", result.outcome().scanned(),
                result.matches().size(), result.outcome().rejectedCount()));
        redirect.addFlashAttribute("rejected", result.outcome().rejected().stream().limit(SHOWN_REJECTED)
                .map(r -> support.message("phishing.lookalikes.rejectedLine", r.line(), r.rule(), r.reason())).toList());
        return "redirect:" + PAGE;
    }

    @Transactional
    @PostMapping(PAGE + "/{id}/status")
    String status(@PathVariable long id, @RequestParam(defaultValue = "") String status, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!PhishingRoles.any(me, PhishingRoles.WRITERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        MatchStatus next = statusOrNull(status);
        if (next == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            redirect.addFlashAttribute("error", support.message("phishing.lookalikes.error.status"));
            return "redirect:" + PAGE;
        }
        if (phishing.lookalikes().setStatus(me.tenant(), id, next, me.subject()).isEmpty()) {
            audit.failure("phishing.lookalike-status", "lookalike-match:" + id, "no such match in this tenant");
            return RiskConsoleSupport.notFound(me, model, response);
        }
        audit.success("phishing.lookalike-status", "lookalike-match:" + id, next.id());
        redirect.addFlashAttribute("notice", support.message("phishing.lookalikes.statusChanged"));
        return "redirect:" + PAGE;
    }

    private int countCandidates(DomainName brand) {
        return phishing.lookalikes().candidates(brand, Lookalikes.MAX_CANDIDATES).size();
    }

    private static Reader utf8(MultipartFile file) throws IOException {
        return new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    private static DomainName domainOrNull(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return DomainName.of(text);
        } catch (InvalidDomainException e) {
            return null;
        }
    }

    private static MatchStatus statusOrNull(String text) {
        try {
            return text.isBlank() ? null : MatchStatus.ofId(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double scoreOrZero(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return value >= 0 && value <= 1 ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String unicodeOf(String ascii) {
        try {
            return ascii.contains("xn--") ? IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED) : ascii;
        } catch (IllegalArgumentException e) {
            return ascii;
        }
    }
}
