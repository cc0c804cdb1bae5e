package dev.mamori.lab.eval;

import dev.mamori.risk.Action;
import java.time.Instant;
import java.util.Objects;

/**
 * One decided payment as an {@link Evaluation} reads it: no card number, only a card key (a
 * fingerprint or a customer id) that links the payments of one card.
 *
 * @param time when it was decided (card precision@k groups by its calendar day)
 * @param cardKey the card's key; never a card number
 * @param channel {@code ec}, {@code f2f}, {@code moto}, or null when unknown
 * @param mcc the merchant category code, or null when unknown
 * @param amount in major units
 * @param score higher is riskier; NaN when the subject gave this payment no score (counted apart as
 *     "unscored", left out of every measure)
 * @param fraud the label as known at evaluation time (no known label counts as good)
 * @param action for a rule set: what it enforced (its operating point); null for a model
 */
public record EvaluationRow(Instant time, String cardKey, String channel, String mcc, double amount, double score, boolean fraud,
                            Action action) {
    public EvaluationRow {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(cardKey, "cardKey");
        if (!(amount >= 0)) {
            throw new IllegalArgumentException("an amount is zero or more");
        }
    }

    public boolean scored() {
        return !Double.isNaN(score);
    }
}
