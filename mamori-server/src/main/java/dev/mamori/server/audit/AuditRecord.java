package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import dev.mamori.server.principal.ActorType;
import dev.mamori.server.audit.AuditEvent.Outcome;
import java.time.Instant;

/** A stored audit event with its place in the tenant's hash chain. */
public record AuditRecord(TenantId tenant, long seq, Instant occurredAt, String actor, ActorType actorType,
                          String type, Outcome outcome, String origin, String resource, String detail,
                          String prevHash, String hash) {}
