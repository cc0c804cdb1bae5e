package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import java.time.Instant;

/**
 * A stored audit event with its place in the tenant's hash chain, exactly as read from the
 * database: actor type and outcome stay text, so a record someone tampered with can still be
 * read, shown and reported as broken.
 */
public record AuditRecord(TenantId tenant, long seq, Instant occurredAt, String actor, String actorType,
                          String type, String outcome, String origin, String resource, String detail,
                          String prevHash, String hash) {

    public boolean failed() {
        return AuditEvent.Outcome.FAILURE.name().equals(outcome);
    }
}
