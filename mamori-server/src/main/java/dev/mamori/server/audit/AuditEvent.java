package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import dev.mamori.server.principal.ActorType;
import java.util.Objects;

/**
 * A security event to record. {@code tenant} may be null for events no tenant can be held to
 * (an unknown API key); those go to the operator tenant's chain.
 *
 * @param type     a stable dotted name, see {@link AuditEventTypes}
 * @param origin   the client address
 * @param resource what was acted on, e.g. {@code api-key:2f0c...}
 * @param detail   a short reason or summary; card numbers in it are masked before storing
 */
public record AuditEvent(TenantId tenant, String actor, ActorType actorType, String type, Outcome outcome,
                         String origin, String resource, String detail) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorType, "actorType");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
    }

    public enum Outcome { SUCCESS, FAILURE }
}
