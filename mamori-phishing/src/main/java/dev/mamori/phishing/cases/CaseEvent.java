package dev.mamori.phishing.cases;

import java.time.Instant;

/**
 * One entry of a case's history: opened, a report joined, a status change, a note, cards listed.
 *
 * @param kind {@code opened}, {@code report}, {@code status}, {@code note} or {@code cards-listed}
 * @param detail free text, card numbers masked
 */
public record CaseEvent(long id, Instant at, String actor, String kind, CaseStatus fromStatus, CaseStatus toStatus, String detail) {
}
