package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes a hash chain from its first record and reports the first broken link: a changed
 * field (hash mismatch), a removed or inserted record (sequence gap or wrong previous hash), or
 * records cut off the end (the chain head is ahead of the last record).
 */
@Service
public class AuditVerifier {
    private final AuditRepository repository;
    private final ChainHash chainHash;

    AuditVerifier(AuditRepository repository, ChainHash chainHash) {
        this.repository = repository;
        this.chainHash = chainHash;
    }

    @Transactional(readOnly = true)
    public AuditVerification verify(TenantId tenant) {
        Walk walk = new Walk(chainHash);
        repository.forEachInOrder(tenant, walk::accept);
        if (walk.brokenSeq != null) {
            return new AuditVerification(tenant, false, walk.checked, walk.brokenSeq, walk.problem);
        }
        AuditRepository.ChainHead head = repository.head(tenant).orElse(null);
        if (head == null) {
            return new AuditVerification(tenant, false, walk.checked, walk.expectedSeq, "the chain head is missing: it was deleted");
        }
        if (head.lastSeq() != walk.expectedSeq - 1 || !equal(head.lastHash(), walk.previousHash)) {
            return new AuditVerification(tenant, false, walk.checked, walk.expectedSeq,
                    "chain head says " + head.lastSeq() + " records but " + (walk.expectedSeq - 1)
                            + " were found: records were removed from the end");
        }
        return new AuditVerification(tenant, true, walk.checked, null, null);
    }

    public List<TenantId> chains() {
        return repository.chains();
    }

    private static final class Walk {
        private final ChainHash chainHash;
        long expectedSeq = 1;
        String previousHash = ChainHash.GENESIS;
        long checked;
        Long brokenSeq;
        String problem;

        Walk(ChainHash chainHash) {
            this.chainHash = chainHash;
        }

        void accept(AuditRecord r) {
            if (brokenSeq != null) {
                return;
            }
            checked++;
            if (r.seq() != expectedSeq) {
                fail(expectedSeq, "record " + expectedSeq + " is missing (next record found is " + r.seq() + ")");
            } else if (r.prevHash() == null || !equal(r.prevHash(), previousHash)) {
                fail(r.seq(), "record " + r.seq() + " does not link to the record before it");
            } else if (r.hash() == null || !equal(r.hash(), chainHash.of(r))) {
                fail(r.seq(), "record " + r.seq() + " was changed after it was written (hash mismatch)");
            }
            expectedSeq = r.seq() + 1;
            previousHash = r.hash();
        }

        private void fail(long seq, String why) {
            brokenSeq = seq;
            problem = why;
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
