package dev.mamori.risk;

import java.util.Locale;

/**
 * What a tenant wants when the scoring stage (features and rules) fails or overruns its time
 * budget. Hard checks (card status, expiry, security code, limit, block lists) always apply.
 */
public enum ScoringFallback {
    /** Decide on the request's own facts: rules run with every windowed feature at zero. */
    RULES_ONLY,
    /** Approve what the hard checks allow. */
    APPROVE,
    /** Decline with 91 (issuer unavailable) so the acquirer may retry or stand in. */
    DECLINE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ScoringFallback fromId(String id) {
        for (ScoringFallback value : values()) {
            if (value.id().equalsIgnoreCase(id)) {
                return value;
            }
        }
        return null;
    }
}
