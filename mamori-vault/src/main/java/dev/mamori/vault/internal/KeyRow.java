package dev.mamori.vault.internal;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code vault.tenant_keys}: a tenant key wrapped by the key one level up. */
public record KeyRow(UUID tenantId, String purpose, int version, byte[] wrappedKey, int wrappedBy, String state,
                     Instant createdAt) {
    public static final String KEK = "kek";
    public static final String DATA = "data";
    public static final String FINGERPRINT = "fingerprint";
    public static final String ACTIVE = "active";
    public static final String RETIRING = "retiring";

    @Override
    public String toString() {
        return "KeyRow[" + tenantId + ", " + purpose + " v" + version + ", " + state + "]";
    }
}
