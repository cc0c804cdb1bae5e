package dev.mamori.lab.eval;

/**
 * One decided payment as an evaluation sees it: the score a model or rule set gave, whether it
 * turned out to be fraud, and its amount (for "fraud amount caught versus good amount declined").
 *
 * @param score higher means riskier; the scale does not matter, only the order
 * @param fraud the label as known at evaluation time
 * @param amount the payment's amount in major units
 */
public record ScoredOutcome(double score, boolean fraud, double amount) {
    public ScoredOutcome {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score is a number, not NaN");
        }
        if (!(amount >= 0)) {
            throw new IllegalArgumentException("an amount is zero or more");
        }
    }
}
