package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.threeds.risk.AcsPolicyForm;
import dev.mamori.server.threeds.risk.ThreeDsStats;
import dev.mamori.threeds.risk.AcsFigures;
import dev.mamori.threeds.risk.AcsPolicies;
import dev.mamori.threeds.risk.AcsPolicy;
import dev.mamori.threeds.risk.InvalidPolicyException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The 3-D Secure page: the ACS's figures over a period (frictionless, challenge and refusal rates,
 * challenge success and abandonment, by channel, exemptions, fraud rate by authentication outcome)
 * and the issuer's ACS policy, which admins change here as through {@code PUT /v1/threeds/acs/policy}.
 */
@Controller
class ThreeDsConsoleController {
    static final String PAGE = "/console/threeds";
    /** The same roles as {@code GET /v1/threeds/stats}. */
    static final Set<Role> READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR);
    static final Set<Role> POLICY_EDITORS = EnumSet.of(Role.ADMIN);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private final ThreeDsStats stats;
    private final AcsPolicies policies;
    private final RiskConsoleSupport support;
    private final RequestAudit audit;
    private final Clock clock;

    ThreeDsConsoleController(ThreeDsStats stats, AcsPolicies policies, RiskConsoleSupport support, RequestAudit audit, Clock clock) {
        this.stats = stats;
        this.policies = policies;
        this.support = support;
        this.audit = audit;
        this.clock = clock;
    }

    /** A row of the figures table: counts, and rates as percentages. */
    record CountsRow(String channel, long areqs, long frictionless, long challenged, long refused, long challengeSucceeded,
                     long challengeFailed, long challengeAbandoned, String frictionlessRate, String challengeRate, String refusalRate,
                     String challengeSuccessRate, String abandonmentRate) {
        static CountsRow of(AcsFigures.Counts c) {
            return new CountsRow(c.channel(), c.areqs(), c.frictionless(), c.challenged(), c.refused(), c.challengeSucceeded(),
                    c.challengeFailed(), c.challengeAbandoned(), percent(c.frictionlessRate()), percent(c.challengeRate()),
                    percent(c.refusalRate()), percent(c.challengeSuccessRate()), percent(c.abandonmentRate()));
        }
    }

    record FraudRow(String outcome, long authorizations, long fraud, String fraudRate) {
    }

    record ExemptionRow(String exemption, long count) {
    }

    @GetMapping(PAGE)
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
                HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, READERS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        Optional<Instant> toAt = RiskConsoleSupport.utc(to);
        Optional<Instant> fromAt = RiskConsoleSupport.utc(from);
        Instant end = toAt == null ? null : toAt.orElseGet(clock::instant);
        Instant start = fromAt == null || end == null ? null : fromAt.orElse(end.minus(Duration.ofDays(30)));
        model.addAttribute("me", me);
        if (start == null || !start.isBefore(end) || Duration.between(start, end).compareTo(Duration.ofDays(366)) > 0) {
            model.addAttribute("periodError", support.message("threeds.risk.error.period"));
            end = clock.instant();
            start = end.minus(Duration.ofDays(30));
        }
        ThreeDsStats.Stats s = stats.stats(me.tenant(), start, end);
        model.addAttribute("from", INPUT.format(start));
        model.addAttribute("to", INPUT.format(end));
        model.addAttribute("total", CountsRow.of(s.acs().total()));
        model.addAttribute("channels", s.acs().byChannel().stream().map(CountsRow::of).toList());
        model.addAttribute("exemptions", s.acs().exemptions().entrySet().stream().map(e -> new ExemptionRow(e.getKey(), e.getValue())).toList());
        model.addAttribute("fraud", s.fraudByOutcome().stream()
                .map(f -> new FraudRow(f.outcome(), f.authorizations(), f.fraud(), percent(f.fraudRate()))).toList());
        model.addAttribute("mayEditPolicy", RiskConsoleSupport.any(me, POLICY_EDITORS));
        if (!model.containsAttribute("policy")) {
            model.addAttribute("policy", PolicyFields.of(policies.get(me.tenant())));
        }
        return "console/threeds-stats";
    }

    /** The policy form's fields as text: limits as "JPY=3000, EUR=3000". */
    record PolicyFields(String frictionlessBelow, String refuseAt, String lowValueLimits, String lowValueMaxConsecutive, String traBelow,
                        String traLimits, String maxChallengesPerDay, boolean nonPaymentSupported, boolean threeRiSupported,
                        boolean honourRequestorExemptions, boolean confidenceReasons) {
        static PolicyFields of(AcsPolicy p) {
            return new PolicyFields(String.valueOf(p.frictionlessBelow()), String.valueOf(p.refuseAt()), limits(p.lowValueLimits()),
                    String.valueOf(p.lowValueMaxConsecutive()), String.valueOf(p.traBelow()), limits(p.traLimits()),
                    String.valueOf(p.maxChallengesPerDay()), p.nonPaymentSupported(), p.threeRiSupported(), p.honourRequestorExemptions(),
                    p.confidenceReasons());
        }

        private static String limits(Map<java.util.Currency, Long> limits) {
            return limits.entrySet().stream().map(e -> e.getKey().getCurrencyCode() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    @PostMapping(PAGE + "/policy")
    String savePolicy(@RequestParam Map<String, String> form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, POLICY_EDITORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        PolicyFields fields = new PolicyFields(form.get("frictionlessBelow"), form.get("refuseAt"), form.get("lowValueLimits"),
                form.get("lowValueMaxConsecutive"), form.get("traBelow"), form.get("traLimits"), form.get("maxChallengesPerDay"),
                form.containsKey("nonPaymentSupported"), form.containsKey("threeRiSupported"), form.containsKey("honourRequestorExemptions"),
                form.containsKey("confidenceReasons"));
        AcsPolicy policy;
        try {
            policy = new AcsPolicyForm(integer("frictionlessBelow", fields.frictionlessBelow()), integer("refuseAt", fields.refuseAt()),
                    limits("lowValueLimits", fields.lowValueLimits()), integer("lowValueMaxConsecutive", fields.lowValueMaxConsecutive()),
                    integer("traBelow", fields.traBelow()), limits("traLimits", fields.traLimits()),
                    integer("maxChallengesPerDay", fields.maxChallengesPerDay()), fields.nonPaymentSupported(), fields.threeRiSupported(),
                    fields.honourRequestorExemptions(), fields.confidenceReasons()).toPolicy();
        } catch (InvalidPolicyException e) {
            audit.failure("threeds.acs-policy-changed", "threeds-acs-policy", e.field() + ": " + e.rule());
            redirect.addFlashAttribute("policyError", support.message("threeds.risk.error.policy", e.field(), e.getMessage()));
            redirect.addFlashAttribute("policyErrorField", e.field());
            redirect.addFlashAttribute("policy", fields);
            return "redirect:" + PAGE + "#policy";
        }
        policies.save(me.tenant(), policy, me.subject());
        audit.success("threeds.acs-policy-changed", "threeds-acs-policy", "frictionless<" + policy.frictionlessBelow() + " refuse>="
                + policy.refuseAt() + " tra<" + policy.traBelow() + " maxChallenges=" + policy.maxChallengesPerDay());
        redirect.addFlashAttribute("notice", support.message("threeds.risk.policy.saved"));
        return "redirect:" + PAGE + "#policy";
    }

    private static Integer integer(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidPolicyException(field, "integer", field + " must be a whole number");
        }
    }

    /** "JPY=3000, EUR=3000" → limits; blank for none. */
    static Map<String, Long> limits(String field, String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("\\s*[= ]\\s*", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new InvalidPolicyException(field, "format", field + " must read like JPY=3000, EUR=3000");
            }
            try {
                out.put(kv[0].trim().toUpperCase(Locale.ROOT), Long.parseLong(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new InvalidPolicyException(field, "format", field + " must read like JPY=3000, EUR=3000");
            }
        }
        return out;
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
