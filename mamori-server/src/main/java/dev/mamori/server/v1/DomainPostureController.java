package dev.mamori.server.v1;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.InvalidDomainException;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.posture.DkimKeyStatus;
import dev.mamori.phishing.posture.DomainPosture;
import dev.mamori.phishing.posture.PostureAlert;
import dev.mamori.phishing.posture.PostureChange;
import dev.mamori.phishing.posture.PostureCheck;
import dev.mamori.phishing.posture.PostureCode;
import dev.mamori.phishing.posture.PostureDomain;
import dev.mamori.phishing.posture.PostureFinding;
import dev.mamori.phishing.posture.PostureReport;
import dev.mamori.phishing.posture.SeenRecord;
import dev.mamori.phishing.BrandDomains;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.NoCardNumber;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Brand domains and their sender-authentication posture: register, check now, the latest report, the history of
 * changes, posture alerts, and a one-off check of a domain nobody registered. Another tenant's domain is answered
 * exactly like an unknown one.
 */
@RestController
@Tag(name = "Anti-phishing: domain posture")
class DomainPostureController {
    private final PhishingModule phishing;
    private final RequestAudit audit;

    DomainPostureController(PhishingModule phishing, RequestAudit audit) {
        this.phishing = phishing;
        this.audit = audit;
    }

    record RegisterRequest(@NotBlank @Size(max = 300) @NoCardNumber String domain, @NotNull Boolean sendsMail,
                           @Size(max = 100) @NoCardNumber String label, @Size(max = 20) List<@NotNull @Size(max = 200) String> dkimSelectors) {
    }

    record CheckRequest(@NotBlank @Size(max = 300) @NoCardNumber String domain, Boolean sendsMail,
                        @Size(max = 20) List<@NotNull @Size(max = 200) String> dkimSelectors) {
    }

    record DomainView(String domain, String unicode, boolean sendsMail, String label, List<String> dkimSelectors, Instant createdAt,
                      String createdBy, String grade, Integer score, Instant lastCheckedAt, Boolean lastCheckComplete) {
        static DomainView of(PostureDomain d) {
            return new DomainView(d.domain().domain().ascii(), d.domain().domain().unicode(), d.domain().sendsMail(), d.domain().label(),
                    d.selectors(), d.domain().createdAt(), d.domain().createdBy(), d.latestGrade() == null ? null : d.latestGrade().name(),
                    d.latestScore(), d.latestCheckAt(), d.latestComplete());
        }
    }

    record FindingView(String code, String severity, String area, String message, String messageJa, String fix, String fixJa, String detail) {
        static FindingView of(PostureFinding f) {
            return new FindingView(f.code().code(), f.severity().id(), f.code().area(), f.message(Locale.ENGLISH), f.message(Locale.JAPANESE),
                    f.fix(Locale.ENGLISH), f.fix(Locale.JAPANESE), f.detail());
        }
    }

    record RecordView(String name, String type, String status, List<String> values) {
        static RecordView of(SeenRecord r) {
            return r == null ? null : new RecordView(r.name(), r.type(), r.status(), r.values());
        }
    }

    record DkimView(String selector, String state, String keyType, int bits, boolean testing, String problem) {
        static DkimView of(DkimKeyStatus k) {
            return new DkimView(k.selector(), k.state().name().toLowerCase(Locale.ROOT).replace('_', '-'), k.keyType(), k.bits(), k.testing(),
                    k.problem());
        }
    }

    record ReportView(String domain, String unicode, boolean sendsMail, Instant checkedAt, String grade, int score, boolean complete,
                      List<FindingView> findings, List<DkimView> dkim, List<RecordView> records) {
        static ReportView of(PostureReport r) {
            return new ReportView(r.domain().ascii(), r.domain().unicode(), r.sendsMail(), r.checkedAt(), r.grade().name(), r.score(),
                    r.complete(), r.findings().stream().map(FindingView::of).toList(), r.dkim().stream().map(DkimView::of).toList(),
                    r.records().stream().map(RecordView::of).toList());
        }
    }

    record CheckView(long id, String checkedBy, ReportView report) {
        static CheckView of(PostureCheck c) {
            return c == null ? null : new CheckView(c.id(), c.checkedBy(), ReportView.of(c.report()));
        }
    }

    record DomainDetail(DomainView domain, CheckView latest) {
    }

    record RecordChangeView(String type, String name, RecordView before, RecordView after) {
    }

    record ChangeView(long checkId, Instant checkedAt, String checkedBy, String grade, String previousGrade, int score, boolean complete,
                      List<FindingView> newFindings, List<FindingView> resolvedFindings, List<RecordChangeView> changedRecords) {
        static ChangeView of(PostureChange c) {
            PostureReport r = c.check().report();
            return new ChangeView(c.check().id(), r.checkedAt(), c.check().checkedBy(), r.grade().name(),
                    c.previousGrade() == null ? null : c.previousGrade().name(), r.score(), r.complete(),
                    c.newFindings().stream().map(FindingView::of).toList(), c.resolvedFindings().stream().map(FindingView::of).toList(),
                    c.changedRecords().stream().map(x -> new RecordChangeView(x.type(), x.name(), RecordView.of(x.before()),
                            RecordView.of(x.after()))).toList());
        }
    }

    record AlertView(long id, String domain, Instant raisedAt, long checkId, String previousGrade, String grade, List<String> newCodes) {
        static AlertView of(PostureAlert a) {
            return new AlertView(a.id(), a.domain().ascii(), a.raisedAt(), a.checkId(), a.previousGrade().name(), a.grade().name(),
                    a.newCodes().stream().map(PostureCode::code).toList());
        }
    }

    private DomainPosture posture() {
        return phishing.domainPosture();
    }

    /** Parses a domain from a body or path; a bad one is a 422 naming field {@code domain} and the rule. */
    static DomainName domain(String input) {
        try {
            return DomainName.of(input);
        } catch (InvalidDomainException e) {
            throw AuthorizationRequests.invalid("domain", e.rule(), e.getMessage());
        }
    }

    private static List<String> selectors(List<String> input) {
        if (input != null && input.stream().anyMatch(s -> s != null && CardNumberDetector.containsCardNumber(s))) {
            throw AuthorizationRequests.invalid("dkimSelectors", "no-card-number", "a DKIM selector is never a card number");
        }
        try {
            return dev.mamori.phishing.posture.PostureChecker.normalizeSelectors(input);
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("dkimSelectors", "dns-label", e.getMessage());
        }
    }

    private PostureDomain registered(MamoriPrincipal caller, DomainName domain) {
        return posture().find(caller.tenant(), domain).orElseThrow(() -> ApiProblem.notFound("domain"));
    }

    @GetMapping("/v1/phishing/domains")
    @Operation(summary = "The tenant's brand domains with the grade of their latest posture check")
    List<DomainView> list() {
        return posture().list(CurrentPrincipal.require().tenant()).stream().map(DomainView::of).toList();
    }

    @Transactional
    @PostMapping("/v1/phishing/domains")
    @Operation(summary = "Register a brand domain (or update whether it sends mail, its label and DKIM selectors)")
    ResponseEntity<DomainView> register(@Valid @RequestBody RegisterRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        DomainName domain = domain(body.domain());
        List<String> selectors = selectors(body.dkimSelectors());
        boolean existed = posture().find(caller.tenant(), domain).isPresent();
        PostureDomain registered;
        try {
            registered = posture().register(caller.tenant(), domain, body.sendsMail(), body.label(), selectors, caller.subject());
        } catch (IllegalStateException e) {
            throw AuthorizationRequests.invalid("domain", "max-per-tenant",
                    "a tenant registers at most " + BrandDomains.MAX_PER_TENANT + " domains");
        }
        audit.success(existed ? "phishing.domain.updated" : "phishing.domain.registered", "phishing-domain:" + domain.ascii(),
                "sendsMail=" + body.sendsMail() + " selectors=" + String.join(",", selectors));
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(DomainView.of(registered));
    }

    @GetMapping("/v1/phishing/domains/{domain}")
    @Operation(summary = "A brand domain with its latest posture report")
    DomainDetail get(@PathVariable String domain) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        DomainName name = domain(domain);
        PostureDomain registered = registered(caller, name);
        return new DomainDetail(DomainView.of(registered), CheckView.of(posture().latest(caller.tenant(), name).orElse(null)));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/v1/phishing/domains/{domain}")
    @Operation(summary = "Remove a brand domain with its posture history and alerts")
    ResponseEntity<Void> remove(@PathVariable String domain) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        DomainName name = domain(domain);
        if (!posture().remove(caller.tenant(), name)) {
            throw ApiProblem.notFoundRecorded(audit, "phishing.domain.removed", "phishing-domain:" + name.ascii(), "no such domain in this tenant",
                    "domain");
        }
        audit.success("phishing.domain.removed", "phishing-domain:" + name.ascii(), "");
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/phishing/domains/{domain}/check")
    @Operation(summary = "Check a registered domain's posture now and store the result (raises an alert when it got worse)")
    CheckView check(@PathVariable String domain) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        DomainName name = domain(domain);
        PostureCheck check;
        try {
            check = posture().check(caller.tenant(), name, caller.subject());
        } catch (NoSuchElementException e) {
            throw ApiProblem.notFound("domain");
        }
        audit.success("phishing.domain.checked", "phishing-domain:" + name.ascii(),
                "grade=" + check.report().grade() + (check.report().complete() ? "" : " incomplete"));
        return CheckView.of(check);
    }

    @GetMapping("/v1/phishing/domains/{domain}/history")
    @Operation(summary = "The domain's posture checks, newest first, each with what changed since the one before")
    List<ChangeView> history(@PathVariable String domain, @RequestParam(defaultValue = "20") int limit) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        DomainName name = domain(domain);
        registered(caller, name);
        if (limit < 1 || limit > DomainPosture.MAX_HISTORY) {
            throw AuthorizationRequests.invalid("limit", "range", "limit is from 1 to " + DomainPosture.MAX_HISTORY);
        }
        return posture().history(caller.tenant(), name, limit).stream().map(ChangeView::of).toList();
    }

    @GetMapping("/v1/phishing/posture-alerts")
    @Operation(summary = "Alerts raised when a domain's posture got worse, newest first")
    List<AlertView> alerts(@RequestParam(required = false) String domain, @RequestParam(defaultValue = "100") int limit) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (limit < 1 || limit > 1000) {
            throw AuthorizationRequests.invalid("limit", "range", "limit is from 1 to 1000");
        }
        DomainName name = domain == null ? null : domain(domain);
        return posture().alerts(caller.tenant(), name, limit).stream().map(AlertView::of).toList();
    }

    @PostMapping("/v1/phishing/posture/check")
    @Operation(summary = "Check any domain's posture once; nothing is stored")
    ReportView checkOnce(@Valid @RequestBody CheckRequest body) {
        DomainName name = domain(body.domain());
        List<String> selectors = selectors(body.dkimSelectors());
        return ReportView.of(posture().checkOnce(name, body.sendsMail() == null || body.sendsMail(), selectors));
    }
}
