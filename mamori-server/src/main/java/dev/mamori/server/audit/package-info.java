/**
 * The append-only, hash-chained audit trail of security events (PCI DSS 10.2): who, what, when,
 * outcome, from where, on which resource. One chain per tenant; {@link dev.mamori.server.audit.AuditVerifier}
 * recomputes it and names the first broken link.
 */
package dev.mamori.server.audit;
