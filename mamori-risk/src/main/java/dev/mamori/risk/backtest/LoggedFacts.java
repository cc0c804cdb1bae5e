package dev.mamori.risk.backtest;

import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import java.util.List;

/**
 * The facts the host supplies at decision time (lists, security code, 3-D Secure, card state), as
 * far as the decision log gives them back. The log keeps reasons, {@code cvc_failed}, ECI and the
 * 3-D Secure status; it does not keep:
 * <ul>
 *   <li>open-to-buy and the credit limit at the time ({@code card.openToBuy}, {@code card.limit} stay 0);
 *   <li>an allow-list hit ({@code list.allowed} stays false);
 *   <li>a security code that matched (only a failed or unchecked one leaves a reason, so
 *       {@code cvc.present} and {@code cvc.matched} are true only when it failed or was unchecked);
 *   <li>a block-list hit or card-testing suspicion on a payment an earlier check had already
 *       declined (only the first decline's checks leave reasons);
 *   <li>the 3-D Secure authentication value itself: the host's check of it is logged, so an ECI of 05
 *       or 02 with a value logged as {@code valid} counts as authenticated, as it did live.
 * </ul>
 */
final class LoggedFacts {
    /** Facts a backtest cannot know; a candidate reading one gets a warning in its report. */
    static final List<String> UNKNOWABLE = List.of("card.openToBuy", "card.limit", "list.allowed", "cvc.matched", "cvc.present",
            ".sequential(");

    /** The report's warning for a candidate that reads {@code fact}. */
    static String warning(String fact) {
        return switch (fact) {
            case "card.openToBuy", "card.limit" -> fact + " is not in the decision log: replayed as 0";
            case "list.allowed" -> "list.allowed is not in the decision log: replayed as false";
            case "cvc.matched", "cvc.present" -> fact + " is in the decision log only when the code failed or was unchecked: "
                    + "a matched code replays as absent";
            default -> "sequential account-number features need the card number, which is never logged: replayed without it";
        };
    }

    private final FeatureSlot listBlocked;
    private final FeatureSlot cvcPresent;
    private final FeatureSlot cvcMatched;
    private final FeatureSlot expiryMatched;
    private final FeatureSlot threeDsAuthenticated;
    private final FeatureSlot eci;
    private final FeatureSlot cardTestingSuspected;
    private final FeatureSlot status;
    private final FeatureSlot crossBorder;
    private final FeatureSlot score;

    LoggedFacts(FeatureCatalog catalog) {
        listBlocked = catalog.fact("list.blocked");
        cvcPresent = catalog.fact("cvc.present");
        cvcMatched = catalog.fact("cvc.matched");
        expiryMatched = catalog.fact("expiry.matched");
        threeDsAuthenticated = catalog.fact("threeDs.authenticated");
        eci = catalog.fact("eci");
        cardTestingSuspected = catalog.fact("cardTesting.suspected");
        status = catalog.fact("card.status");
        crossBorder = catalog.fact("crossBorder");
        score = catalog.fact("score");
    }

    /** @param issuerCountry the tenant's country today (the host compares the merchant's country with it) */
    void fill(FeatureVector v, LoggedDecision d, String issuerCountry) {
        String[] reasons = HostReasons.split(d.reasons());
        String merchantCountry = d.merchantCountry();
        v.set(crossBorder, merchantCountry != null && !merchantCountry.equalsIgnoreCase(issuerCountry));
        v.set(listBlocked, HostReasons.any(reasons, "blocklist:"));
        boolean cvcFailed = HostReasons.any(reasons, "cvc-mismatch");
        v.set(cvcPresent, cvcFailed || HostReasons.any(reasons, "cvc-unchecked"));
        v.set(cvcMatched, false);
        v.set(expiryMatched, !(reasons.length > 0 && "expiry-mismatch".equals(reasons[0])));
        v.set(threeDsAuthenticated, threeDsAuthenticated(d));
        v.set(eci, d.eci());
        v.set(cardTestingSuspected, HostReasons.any(reasons, "card-testing:"));
        v.set(status, cardStatus(d, reasons));
        if (d.score() != null) {
            v.set(score, d.score());
        }
    }

    /** As the host judged it: a fully authenticated ECI with a value that verified and was not replayed. */
    static boolean threeDsAuthenticated(LoggedDecision d) {
        return ("05".equals(d.eci()) || "02".equals(d.eci())) && "valid".equals(d.threeDsValueCheck());
    }

    /** Unknown card: none; a card that is not active is always declined as {@code card-<status>}; otherwise active. */
    private static String cardStatus(LoggedDecision d, String[] reasons) {
        if (d.cardAccountId() == null) {
            return null;
        }
        if (reasons.length > 0 && reasons[0].startsWith("card-") && !reasons[0].startsWith("card-testing")
                && !"card-expired".equals(reasons[0])) {
            return reasons[0].substring("card-".length());
        }
        return "active";
    }
}
