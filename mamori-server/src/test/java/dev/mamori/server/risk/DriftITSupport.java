package dev.mamori.server.risk;

import dev.mamori.common.TenantId;
import dev.mamori.lab.drift.Baseline;
import dev.mamori.lab.drift.Distribution;
import dev.mamori.risk.RiskModels;
import dev.mamori.risk.RiskModule;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The hand-written model of {@link FraudModelsITSupport} with a baseline the drift ITs can reason
 * about: nine in ten training amounts spread evenly over 1,000–41,000 yen, one in ten over
 * 60,000–100,000; so nine in ten held-out scores are 1/(1+e^2.5) and one in ten 1/(1+e) (with fewer
 * than three payments of the card in the hour). Traffic drawn by {@link #matchingAmount} matches it.
 */
public final class DriftITSupport {
    private DriftITSupport() {
    }

    /** Amount number {@code i} of 1,000 as the baseline drew it. */
    static long baselineAmount(int i) {
        return i < 900 ? 1_000 + i * 40_000L / 900 : 60_000 + (i - 900) * 400L;
    }

    /** Payment {@code i} of {@code n} matching the baseline: spread over its deciles in proportion. */
    public static long matchingAmount(int i, int n) {
        return baselineAmount((int) ((i + 0.5) * 1000 / n));
    }

    public static String baselineJson() {
        double[] amounts = new double[1000];
        double[] scores = new double[1000];
        for (int i = 0; i < 1000; i++) {
            amounts[i] = baselineAmount(i);
            // 0.25 for 1/(1+e) = 0.2689: the bin edge sits below the logged score, whatever its float rounding.
            scores[i] = amounts[i] < 50_000 ? 1 / (1 + Math.exp(2.5)) : 0.25;
        }
        // Every training row made fewer than three payments an hour: one value, one bin.
        return new Baseline(Map.of("amount", Distribution.of(amounts), "card.count(1h)", Distribution.of(new double[] {1, 1, 1})),
                Distribution.of(scores)).toJson();
    }

    /** Registers the model with the baseline as a draft created by {@code by}. @return the version */
    public static int register(RiskModule risk, String tenantId, String by) {
        return risk.models().register(new TenantId(UUID.fromString(tenantId)), FraudModelsITSupport.MODEL.getBytes(StandardCharsets.UTF_8),
                new RiskModels.Registration(null, null, "drift-it", "{}", baselineJson(), null, null, null, "drift test"), by);
    }
}
