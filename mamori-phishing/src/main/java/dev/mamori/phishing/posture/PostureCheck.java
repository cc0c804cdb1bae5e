package dev.mamori.phishing.posture;

/**
 * A stored posture check.
 *
 * @param id its id, increasing with time within a domain
 * @param checkedBy who asked for it: a user, an API key, or {@code scheduler}
 * @param report what it found
 */
public record PostureCheck(long id, String checkedBy, PostureReport report) {
}
