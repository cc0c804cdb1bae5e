package dev.mamori.risk;

import java.time.Instant;
import java.util.List;

/**
 * What a shadow rule set would have changed over a period of logged decisions, next to what the
 * enforced rules did. Only shadow rules asking for friction (review, challenge, decline) count.
 *
 * @param version the shadow rule set version reported on
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param decisions authorizations and financial messages logged in the period (reversals excluded)
 * @param flagged decisions where at least one of the version's shadow rules asked for friction
 * @param flaggedApproved of those, how many the enforced rules approved
 * @param newDeclines of those approved, how many a shadow rule would have declined: the would-be new declines
 * @param rules one row per shadow rule that fired, most fired first
 * @param truncated true when the period held more flagged decisions than one report reads ({@link DecisionLog#SHADOW_SCAN_LIMIT})
 */
public record ShadowReport(int version, Instant from, Instant to, long decisions, long flagged, long flaggedApproved, long newDeclines,
                           List<RuleRow> rules, boolean truncated) {

    public ShadowReport {
        rules = List.copyOf(rules);
    }

    /**
     * One shadow rule.
     *
     * @param fired decisions it fired on
     * @param approvedByLive of those, how many the enforced rules approved (what it would have changed)
     */
    public record RuleRow(String name, Action action, String reason, long fired, long approvedByLive) {
    }
}
