package dev.mamori.phishing.lookalike;

import java.time.Instant;

/**
 * A match kept for a tenant.
 *
 * @param id the match's id within the tenant's data
 * @param match the observed domain, brand, score and technique (the best seen)
 * @param source where it was last seen
 * @param firstSeen first scan that found it
 * @param lastSeen latest scan that found it
 * @param status the analyst's decision
 */
public record StoredMatch(long id, LookalikeMatch match, ScanSource source, Instant firstSeen, Instant lastSeen, MatchStatus status) {
}
