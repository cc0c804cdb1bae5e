package dev.mamori.phishing.lookalike;

/**
 * A line of an observed-domain list that was skipped; the rest of the list is still scanned.
 *
 * @param line the 1-based line number
 * @param rule a stable code: {@code invalid-json}, {@code no-domain}, {@code invalid-characters}, ...
 * @param reason what is wrong, in words (never the rejected text itself)
 */
public record RejectedLine(long line, String rule, String reason) {
}
