package dev.mamori.server.threeds.risk;

import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.risk.AcsFigures;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The issuer's 3-D Secure figures over a period. */
@RestController
@Tag(name = "3-D Secure figures")
class ThreeDsStatsController {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final ThreeDsStats stats;
    private final Clock clock;

    ThreeDsStatsController(ThreeDsStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /** One channel's (or all channels') counts and rates; rates are 0 to 1. */
    record CountsView(String channel, long areqs, long frictionless, long challenged, long refused, long other, long challengeSucceeded,
                      long challengeFailed, long challengeAbandoned, double frictionlessRate, double challengeRate, double refusalRate,
                      double challengeSuccessRate, double abandonmentRate) {
        static CountsView of(AcsFigures.Counts c) {
            return new CountsView(c.channel(), c.areqs(), c.frictionless(), c.challenged(), c.refused(), c.other(), c.challengeSucceeded(),
                    c.challengeFailed(), c.challengeAbandoned(), c.frictionlessRate(), c.challengeRate(), c.refusalRate(),
                    c.challengeSuccessRate(), c.abandonmentRate());
        }
    }

    record FraudView(String outcome, long authorizations, long fraud, double fraudRate) {
    }

    record StatsView(Instant from, Instant to, CountsView total, List<CountsView> byChannel, Map<String, Long> exemptions,
                     List<FraudView> fraudByOutcome) {
        static StatsView of(ThreeDsStats.Stats s) {
            return new StatsView(s.from(), s.to(), CountsView.of(s.acs().total()), s.acs().byChannel().stream().map(CountsView::of).toList(),
                    s.acs().exemptions(), s.fraudByOutcome().stream()
                    .map(f -> new FraudView(f.outcome(), f.authorizations(), f.fraud(), f.fraudRate())).toList());
        }
    }

    /** A checked period. */
    record Period(Instant from, Instant to) {
    }

    @GetMapping("/v1/threeds/stats")
    @Operation(summary = "AReqs, frictionless, challenge and refusal rates, challenge success and abandonment by channel, exemptions, "
            + "and the fraud rate by 3-D Secure outcome, for AReqs and authorizations in [from, to) (default: the last 30 days)")
    StatsView stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Period p = period(from, to, clock);
        return StatsView.of(stats.stats(CurrentPrincipal.require().tenant(), p.from(), p.to()));
    }

    static Period period(String fromText, String toText, Clock clock) {
        Instant to = instant("to", toText);
        Instant from = instant("from", fromText);
        if (to == null) {
            to = clock.instant();
        }
        if (from == null) {
            from = to.minus(DEFAULT_PERIOD);
        }
        if (!from.isBefore(to)) {
            throw AuthorizationRequests.invalid("from", "before-to", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw AuthorizationRequests.invalid("from", "max-period", "the period may be at most 366 days");
        }
        return new Period(from, to);
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw AuthorizationRequests.invalid(field, "instant", field + " must be an ISO 8601 instant such as 2026-11-01T00:00:00Z");
        }
    }
}
