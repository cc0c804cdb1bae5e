package dev.mamori.risk.backtest;

import dev.mamori.risk.Action;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a candidate would have changed against a baseline over {@code [from, to)} of the decision
 * log. Amounts are in minor units of {@link #currency} (the currency most of the period's payments
 * were in; payments in other currencies are counted in {@link #otherCurrency} and left out of every
 * amount). Fraud is what the labels known when the backtest ran say; an unlabelled payment counts
 * as good.
 *
 * @param candidate what was replayed
 * @param baselineVersion the rule set version compared against; null: each decision's own active version, as logged.
 *     The model part of the baseline is always each decision's logged model version.
 * @param decisions authorizations replayed
 * @param hostDeclined declined by the host's own checks (card status, CVC2, block list...) for both sides alike
 * @param fraud payments labelled fraud
 * @param fraudAmount their amount
 * @param changed decisions where the candidate's action differs from the baseline's
 * @param changedSample up to {@link Backtests#SAMPLE_SIZE} of them, in time order
 * @param baselineMismatches decisions where the replayed baseline differs from what was logged
 *     (only counted when the baseline is the logged version; see the documentation for why it can)
 * @param warnings facts the candidate reads that the log cannot give back
 */
public record BacktestReport(UUID id, Instant from, Instant to, Candidate candidate, Integer baselineVersion, String currency,
                             long decisions, long otherCurrency, long hostDeclined, long fraud, long fraudAmount, boolean labelled,
                             Side baseline, Side proposed, Changes changes, List<RuleFiring> candidateRules,
                             List<RuleFiring> baselineRules, long changed, List<UUID> changedSample, long baselineMismatches,
                             List<String> warnings, String createdBy, Instant createdAt) {

    public BacktestReport {
        candidateRules = List.copyOf(candidateRules);
        baselineRules = List.copyOf(baselineRules);
        changedSample = List.copyOf(changedSample);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param kind "rules" or "model"
     * @param ruleVersion the saved rule set version; null for unsaved text or a model
     * @param ruleSource the unsaved text; null otherwise
     * @param modelVersion the model version; null for rules
     */
    public record Candidate(String kind, Integer ruleVersion, String ruleSource, Integer modelVersion) {
        @Override
        public String toString() {
            return "Candidate[" + kind + (modelVersion != null ? " model v" + modelVersion
                    : ruleVersion == null ? " unsaved" : " v" + ruleVersion) + "]";
        }
    }

    /**
     * One side's results. A stop is a decline or a challenge (3-D Secure step-up; a challenge the
     * payment had already passed does not stop it).
     *
     * @param fraudCaught fraud declined or challenged
     * @param fraudMissed fraud let through
     * @param goodStopped good payments declined or challenged (false positives)
     */
    public record Side(long declined, long challenged, long stoppedAmount, long fraudCaught, long fraudCaughtAmount, long fraudMissed,
                       long fraudMissedAmount, long goodStopped, long goodStoppedAmount) {
    }

    /**
     * The candidate against the baseline.
     *
     * @param newlyCaught fraud the candidate stops and the baseline let through
     * @param newFalsePositives good payments the candidate stops and the baseline let through
     * @param releasedFraud fraud the baseline stopped and the candidate lets through
     * @param releasedGood good payments the baseline stopped and the candidate lets through
     */
    public record Changes(long newlyCaught, long newlyCaughtAmount, long newFalsePositives, long newFalsePositivesAmount,
                          long releasedFraud, long releasedFraudAmount, long releasedGood, long releasedGoodAmount) {
    }

    /** How often one rule fired (shadow rules included) and how often on fraud. */
    public record RuleFiring(String name, Action action, boolean shadow, long fired, long firedOnFraud) {
    }
}
