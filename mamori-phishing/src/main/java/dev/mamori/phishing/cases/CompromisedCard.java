package dev.mamori.phishing.cases;

import java.time.Instant;
import java.util.UUID;

/**
 * A card number found in a report's evidence, kept only as the tenant's fingerprint and its
 * masked form (first six, last four).
 *
 * @param listedAt when an analyst sent it to the block list; null until then
 */
public record CompromisedCard(String fingerprint, String masked, UUID reportId, Instant foundAt, Instant listedAt, String listedBy) {
}
