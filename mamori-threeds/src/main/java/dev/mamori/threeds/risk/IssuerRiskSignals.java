package dev.mamori.threeds.risk;

import dev.mamori.threeds.AuthenticationContext;
import java.time.YearMonth;
import java.util.Set;

/**
 * What the issuer's risk engine knows about the card of an AReq: its status, its recent
 * authorizations, list hits and fraud labels. The server implements it with the authorization
 * host's card accounts, decision log, lists and labels; tests with fixed facts.
 */
@FunctionalInterface
public interface IssuerRiskSignals {

    /** Never throws for a card the issuer does not know: that is {@link CardState#UNKNOWN}. */
    IssuerFacts facts(AuthenticationContext context);

    /** The card account's status as the issuer holds it. */
    enum CardState {
        /** The issuer has no account for the card. */
        UNKNOWN, ACTIVE, BLOCKED, LOST, STOLEN, EXPIRED, CLOSED
    }

    /** Which list of the issuer the AReq's data hit. */
    enum ListHit {
        CARD, IP, EMAIL, DEVICE
    }

    /**
     * @param expiry the card's expiry, or null when unknown
     * @param declines24h authorizations of the card declined in the last 24 hours
     * @param fraudFlags24h authorizations of the card the fraud rules or model flagged (review, challenge, decline) in the last 24 hours
     * @param authorizations1h authorizations of the card in the last hour
     * @param usualAmountMinor the card's usual approved amount (median, in {@code usualCurrency}), or null without history
     * @param fraudLabels the card's authorizations labelled fraud in the last 90 days
     * @param blockHits the block lists the AReq's card, IP, e-mail or device is on
     * @param allowHits the allow lists the AReq's data is on
     */
    record IssuerFacts(CardState card, YearMonth expiry, int declines24h, int fraudFlags24h, int authorizations1h, Long usualAmountMinor,
                       String usualCurrency, int fraudLabels, Set<ListHit> blockHits, Set<ListHit> allowHits) {
        public IssuerFacts {
            blockHits = Set.copyOf(blockHits);
            allowHits = Set.copyOf(allowHits);
        }

        /** An issuer that does not know the card. */
        public static IssuerFacts unknownCard() {
            return new IssuerFacts(CardState.UNKNOWN, null, 0, 0, 0, null, null, 0, Set.of(), Set.of());
        }

        /** An active card without history. */
        public static IssuerFacts activeCard(YearMonth expiry) {
            return new IssuerFacts(CardState.ACTIVE, expiry, 0, 0, 0, null, null, 0, Set.of(), Set.of());
        }
    }
}
