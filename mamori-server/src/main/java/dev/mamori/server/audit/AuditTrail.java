package dev.mamori.server.audit;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.common.TenantId;
import dev.mamori.server.audit.AuditEvent.Outcome;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends security events to the tenant's hash chain. An event recorded inside a business
 * transaction commits or rolls back with it (no "key created" without the key); outside one it
 * commits on its own, so refused requests are recorded even though nothing else is written.
 */
@Service
public class AuditTrail {
    private static final int MAX_TEXT = 1000;

    private final AuditRepository repository;
    private final ChainHash chainHash;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AuditTrail(AuditRepository repository, ChainHash chainHash, PlatformTransactionManager txManager, Clock clock) {
        this.repository = repository;
        this.chainHash = chainHash;
        this.transaction = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /** Called when a tenant is created, inside that transaction. */
    public void startChain(TenantId tenant) {
        repository.insertHead(tenant, ChainHash.GENESIS);
    }

    public AuditRecord record(AuditEvent event) {
        TenantId tenant = event.tenant() != null ? event.tenant()
                : repository.operatorTenant().orElse(null);
        if (tenant == null) {
            return null; // before bootstrap there is no chain to write to
        }
        return transaction.execute(status -> {
            AuditRepository.ChainHead head = repository.lockHead(tenant);
            AuditRecord unsigned = new AuditRecord(tenant, head.lastSeq() + 1, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    clean(event.actor(), 200), event.actorType().name(), event.type(), event.outcome().name(),
                    clean(event.origin(), 64), clean(event.resource(), 300), clean(event.detail(), MAX_TEXT),
                    head.lastHash(), null);
            AuditRecord signed = withHash(unsigned);
            repository.append(signed);
            return signed;
        });
    }

    /** Newest first; the page a reader sees is scoped to the tenant. */
    public List<AuditRecord> read(TenantId tenant, Long beforeSeq, String type, Outcome outcome, int limit) {
        return repository.page(tenant, beforeSeq, type, outcome, limit);
    }

    private AuditRecord withHash(AuditRecord r) {
        return new AuditRecord(r.tenant(), r.seq(), r.occurredAt(), r.actor(), r.actorType(), r.type(), r.outcome(),
                r.origin(), r.resource(), r.detail(), r.prevHash(), chainHash.of(r));
    }

    /** Defence in depth: whatever a caller passes, no card number and no oversized text is stored. */
    private static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        String masked = CardNumberDetector.mask(text);
        return masked.length() <= max ? masked : masked.substring(0, max - 1) + "…";
    }
}
