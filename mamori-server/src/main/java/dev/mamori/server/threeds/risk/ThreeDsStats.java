package dev.mamori.server.threeds.risk;

import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthenticationValueCheck;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.labels.LabelView;
import dev.mamori.threeds.risk.AcsFigures;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The 3-D Secure figures of an issuer over a period: the ACS's (AReqs, frictionless, challenge and
 * refusal rates, how challenges ended, by channel, exemptions) and the fraud rate of its
 * authorizations by their 3-D Secure outcome, with the fraud labels known now.
 */
@Component
public class ThreeDsStats {
    /** Outcomes in the order the figures list them. */
    static final List<String> OUTCOMES = List.of("Y", "A", "unverified", "none");

    private final AcsFigures figures;
    private final RiskModule risk;
    private final LabelView labels;
    private final Clock clock;

    ThreeDsStats(AcsFigures figures, RiskModule risk, LabelView labels, Clock clock) {
        this.figures = figures;
        this.risk = risk;
        this.labels = labels;
        this.clock = clock;
    }

    /**
     * Authorizations of one 3-D Secure outcome and how many of them are labelled fraud.
     *
     * @param outcome Y (authenticated: ECI 05 or 02 with an authentication value the host verified), A (attempted:
     *     ECI 06 or 01 with a verified value), unverified (a 3-D Secure result was sent but its value did not verify:
     *     missing, forged, replayed or for another payment) or none
     */
    public record FraudByOutcome(String outcome, long authorizations, long fraud) {
        public double fraudRate() {
            return authorizations == 0 ? 0 : (double) fraud / authorizations;
        }
    }

    public record Stats(Instant from, Instant to, AcsFigures.Figures acs, List<FraudByOutcome> fraudByOutcome) {
    }

    public Stats stats(TenantId tenant, Instant from, Instant to) {
        AcsFigures.Figures acs = figures.figures(tenant, from, to);
        Map<UUID, Boolean> known = labels.known(tenant, from, to, clock.instant());
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (String o : OUTCOMES) {
            counts.put(o, new long[2]);
        }
        risk.decisionLog().forEach(tenant, from, to, d -> {
            long[] c = counts.get(outcome(d));
            c[0]++;
            if (Boolean.TRUE.equals(known.get(d.id()))) {
                c[1]++;
            }
        });
        List<FraudByOutcome> byOutcome = new ArrayList<>();
        counts.forEach((o, c) -> byOutcome.add(new FraudByOutcome(o, c[0], c[1])));
        return new Stats(from, to, acs, byOutcome);
    }

    static String outcome(LoggedDecision d) {
        String eci = d.eci();
        // Only what the host verified counts: a result the merchant merely claims proves nothing.
        boolean verified = AuthenticationValueCheck.VALID.name().equalsIgnoreCase(d.threeDsValueCheck());
        if (verified && ("05".equals(eci) || "02".equals(eci))) {
            return "Y";
        }
        if (verified && ("06".equals(eci) || "01".equals(eci))) {
            return "A";
        }
        return eci != null || d.threeDsStatus() != null ? "unverified" : "none";
    }
}
