package dev.mamori.risk.backtest;

import dev.mamori.risk.Action;
import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.LoggedDecision;
import java.util.Set;

/**
 * Which logged declines the host made by itself, whatever the rules said: those stay declines for
 * the baseline and the candidate alike. The host's first reason says which check declined.
 */
final class HostReasons {
    /** How the host's own checks bound a payment, apart from the rules. */
    enum HostDecline {
        /** Nothing: the rules' action stands. */
        NONE,
        /** Declined whatever the rules say (card status, expiry, CVC2, block list, card testing, duplicate). */
        ALWAYS,
        /** Declined when the rules let it through (over the limit, currency, reversed before arrival); a challenge stays a challenge. */
        IF_APPROVED
    }

    private static final Set<String> ALWAYS = Set.of("unknown-card", "card-expired", "expiry-mismatch", "cvc-mismatch",
            "cvc-verification-unavailable", "duplicate-trace-mismatch");
    private static final String[] ALWAYS_PREFIXES = {"card-", "blocklist:", "card-testing-source:", "card-testing:"};
    private static final Set<String> IF_APPROVED = Set.of("over-limit", "currency-not-supported", "reversed-before-arrival");
    private static final String[] NONE = new String[0];

    private HostReasons() {
    }

    static String[] split(String reasons) {
        return reasons == null || reasons.isEmpty() ? NONE : reasons.split(",");
    }

    static boolean any(String[] reasons, String prefix) {
        for (String reason : reasons) {
            if (reason.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static HostDecline of(LoggedDecision d) {
        if (d.action() != Action.DECLINE) {
            return HostDecline.NONE;
        }
        String[] reasons = split(d.reasons());
        if (reasons.length == 0) {
            return HostDecline.NONE;
        }
        String first = reasons[0];
        // An issuer may word a rule's reason like a host check: a decline rule that fired with it decided.
        for (FiredRule rule : DecisionLog.firedRules(d)) {
            if (!rule.shadow() && rule.action() == Action.DECLINE && first.equals(rule.reason())) {
                return HostDecline.NONE;
            }
        }
        if (IF_APPROVED.contains(first)) {
            return HostDecline.IF_APPROVED;
        }
        if (ALWAYS.contains(first)) {
            return HostDecline.ALWAYS;
        }
        for (String prefix : ALWAYS_PREFIXES) {
            if (first.startsWith(prefix)) {
                return HostDecline.ALWAYS;
            }
        }
        return HostDecline.NONE;
    }
}
