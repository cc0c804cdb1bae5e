package dev.mamori.vault.internal;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code vault.rotations}. */
public record RotationRow(UUID id, String kind, UUID tenantId, int fromVersion, int toVersion, String state, long total,
                          long done, String startedBy, Instant startedAt, Instant finishedAt) {
}
