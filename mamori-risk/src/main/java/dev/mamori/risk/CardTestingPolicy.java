package dev.mamori.risk;

import java.time.Duration;

/**
 * When the host calls a pattern card testing (credit master: guessing valid card numbers) and
 * what it does about it. A source is a device, IP address, e-mail or merchant; counts are over
 * the last hour including the attempt being decided, so "5 distinct cards" stops a device on its
 * fifth probe at the latest.
 *
 * @param distinctCards distinct cards from one device or e-mail that make it a card tester
 * @param distinctCardsPerIp the same for one IP address, higher: mobile carriers put many
 *     customers behind one address (carrier-grade NAT)
 * @param sequentialCards cards with neighbouring numbers (same BIN, account numbers within 1,000) from one source
 * @param declineRatio decline ratio of a source with at least {@code minAttempts} attempts
 * @param minAttempts attempts before the decline ratio counts
 * @param merchantSmallProbes small-amount attempts at one merchant, with a decline ratio over
 *     {@code declineRatio}, that make the merchant a testing ground
 * @param cardSecurityCodeFailures wrong CVC2 or expiry on one card in 24 hours (guessing them)
 * @param blockFor how long a caught source (or guessed card) is declined
 */
public record CardTestingPolicy(int distinctCards, int distinctCardsPerIp, int sequentialCards, double declineRatio, int minAttempts,
                                int merchantSmallProbes, int cardSecurityCodeFailures, Duration blockFor) {
    public static final CardTestingPolicy DEFAULT = new CardTestingPolicy(5, 10, 3, 0.6, 6, 20, 3, Duration.ofHours(1));
}
