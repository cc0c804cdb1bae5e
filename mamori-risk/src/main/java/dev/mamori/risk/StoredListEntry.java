package dev.mamori.risk;

import dev.mamori.risk.lists.ListEntry;
import java.time.Instant;

/** A list entry as stored: the entry, who added it and when. */
public record StoredListEntry(ListEntry entry, String createdBy, Instant createdAt) {
}
