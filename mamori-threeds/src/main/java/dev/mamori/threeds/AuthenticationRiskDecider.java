package dev.mamori.threeds;

/**
 * Decides Y / C / N / R for an AReq from the issuer's risk engine and the issuer's ACS policy
 * (thresholds, low-value and TRA exemptions, requestor challenge preference, maximum challenges;
 * blocked, lost or stolen cards refused). Implementations must not throw for a card they do not
 * know: an unknown card is a risk fact, not an error.
 */
@FunctionalInterface
public interface AuthenticationRiskDecider {
    RiskDecision decide(AuthenticationContext context);
}
