package dev.mamori.threeds;

import java.util.List;

/**
 * The ACS's risk-based decision for one AReq.
 *
 * @param status Y (frictionless), C (challenge), N (not authenticated) or R (rejected); A or U where the policy says so
 * @param transStatusReason the EMV transStatusReason code (e.g. "11" suspected fraud, "15" low confidence,
 *     "16" medium confidence, "17" high confidence, "18" very high confidence), or null when none applies
 * @param score 0 (no risk) to 1000 (certain fraud), as computed
 * @param reasons machine ids of what raised or lowered the risk ({@code new-device}, {@code card-blocked}...), most important first
 * @param exemption the exemption that allowed a frictionless Y, or {@link Exemption#NONE}
 */
public record RiskDecision(TransStatus status, String transStatusReason, int score, List<String> reasons, Exemption exemption) {

    public RiskDecision {
        reasons = List.copyOf(reasons);
    }

    /** Why a low-enough risk passed without a challenge. */
    public enum Exemption {
        NONE,
        /** Amount under the issuer's low-value threshold. */
        LOW_VALUE,
        /** Transaction risk analysis: the score is under the issuer's TRA threshold for the amount band. */
        TRANSACTION_RISK_ANALYSIS
    }
}
