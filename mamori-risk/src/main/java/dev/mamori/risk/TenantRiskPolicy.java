package dev.mamori.risk;

import java.util.Objects;

/**
 * A tenant's host settings.
 *
 * @param scoringFallback what applies when scoring fails or overruns
 * @param scoringBudgetMicros the scoring stage's time budget
 * @param issuerCountry ISO 3166 alpha-2 country of the issuer; merchants elsewhere are cross-border
 */
public record TenantRiskPolicy(ScoringFallback scoringFallback, int scoringBudgetMicros, String issuerCountry) {
    public static final TenantRiskPolicy DEFAULT = new TenantRiskPolicy(ScoringFallback.RULES_ONLY, 20_000, "JP");

    public TenantRiskPolicy {
        Objects.requireNonNull(scoringFallback, "scoringFallback");
        if (scoringBudgetMicros < 100 || scoringBudgetMicros > 1_000_000) {
            throw new IllegalArgumentException("scoringBudgetMicros must be between 100 and 1000000");
        }
        if (issuerCountry == null || !issuerCountry.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("issuerCountry must be two upper-case letters (ISO 3166 alpha-2)");
        }
    }
}
