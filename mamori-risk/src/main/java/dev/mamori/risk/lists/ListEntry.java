package dev.mamori.risk.lists;

import java.time.Instant;
import java.util.Objects;

/**
 * One block or allow list entry. The value is kept as entered and checked on construction, so an
 * entry that exists is one {@link ListIndex} can index.
 *
 * @param kind      what the value is
 * @param type      block or allow
 * @param value     as entered; its canonical form is {@link ListValues#canonical(ListKind, String)}
 * @param source    who or what added it (an operator, a chargeback feed, the consortium)
 * @param reason    why, for the analyst who sees the hit; empty when none was given
 * @param expiresAt the entry stops matching at this instant; {@code null} for never
 * @param id        the persistence layer's id, reported back in {@link ListHits}
 * @throws InvalidListValueException when the value breaks its kind's rules
 */
public record ListEntry(ListKind kind, ListType type, String value, String source, String reason,
                        Instant expiresAt, long id) {

    public ListEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        reason = reason == null ? "" : reason;
        ListValues.canonical(kind, value);
    }

    /** Whether the entry still matches at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /** Without the value: an e-mail address or a delivery address is personal data and stays out of logs. */
    @Override
    public String toString() {
        return "ListEntry[id=" + id + ", " + type + " " + kind + ", source=" + source
                + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "]";
    }
}
