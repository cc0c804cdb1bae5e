package dev.mamori.server.audit;

import dev.mamori.common.TenantId;

/**
 * The result of recomputing a tenant's chain.
 *
 * @param firstBrokenSeq the first record that does not link or hash correctly, or null when intact
 * @param problem        what is wrong with it, in words an auditor can act on
 */
public record AuditVerification(TenantId tenant, boolean intact, long recordsChecked, Long firstBrokenSeq, String problem) {}
