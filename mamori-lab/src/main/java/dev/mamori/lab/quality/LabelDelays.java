package dev.mamori.lab.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * When the label of a simulated fraudulent payment becomes known, as an issuer learns it.
 *
 * <ul>
 *   <li>Fraud the host declined or challenged: confirmed {@code stoppedMin}–{@code stoppedMax}
 *       later (the cardholder answers the issuer's alert, or an analyst works the card-testing
 *       alert).</li>
 *   <li>Fraud the host approved: a share is reported by the cardholder ("not me", after a
 *       notification or the statement) {@code reportMin}–{@code reportMax} later; the rest only
 *       by the chargeback, {@code chargebackMin}–{@code chargebackMax} later.</li>
 * </ul>
 *
 * Legitimate payments are never labelled (they count as good). Delays are uniform within their
 * range, drawn from their own random stream so the traffic does not change with them.
 */
public record LabelDelays(Duration stoppedMin, Duration stoppedMax, double reportedShare, Duration reportMin, Duration reportMax,
                          Duration chargebackMin, Duration chargebackMax) {

    public LabelDelays {
        if (stoppedMin.isNegative() || stoppedMax.compareTo(stoppedMin) < 0 || reportMin.isNegative()
                || reportMax.compareTo(reportMin) < 0 || chargebackMin.isNegative() || chargebackMax.compareTo(chargebackMin) < 0
                || !(reportedShare >= 0 && reportedShare <= 1)) {
            throw new IllegalArgumentException("label delays: each range from a non-negative minimum up, the reported share in [0, 1]");
        }
    }

    /** Stopped fraud 1–3 days; approved fraud: 60 % "not me" 1–14 days, 40 % chargeback 30–60 days. */
    public static LabelDelays defaults() {
        return new LabelDelays(Duration.ofDays(1), Duration.ofDays(3), 0.6, Duration.ofDays(1), Duration.ofDays(14), Duration.ofDays(30),
                Duration.ofDays(60));
    }

    /** The delays of one run, repeatable from the seed. */
    Draw draw(long seed) {
        return new Draw(new SplittableRandom(seed ^ 0x6c6162656c732d64L)); // "labels-d"
    }

    /** Draws label dates in payment order. */
    final class Draw {
        private final SplittableRandom random;

        private Draw(SplittableRandom random) {
            this.random = random;
        }

        /** @param approved whether the host approved the fraudulent payment */
        Instant fraudLabelDate(Instant paid, boolean approved) {
            if (!approved) {
                return paid.plus(between(stoppedMin, stoppedMax));
            }
            return random.nextDouble() < reportedShare ? paid.plus(between(reportMin, reportMax))
                    : paid.plus(between(chargebackMin, chargebackMax));
        }

        private Duration between(Duration min, Duration max) {
            long span = max.toSeconds() - min.toSeconds();
            return min.plusSeconds(span == 0 ? 0 : random.nextLong(span + 1));
        }
    }

    /** One line for reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "stopped fraud %d-%d d; approved fraud %.0f%% reported %d-%d d, the rest by chargeback %d-%d d; good never labelled",
                stoppedMin.toDays(), stoppedMax.toDays(), reportedShare * 100, reportMin.toDays(), reportMax.toDays(),
                chargebackMin.toDays(), chargebackMax.toDays());
    }
}
