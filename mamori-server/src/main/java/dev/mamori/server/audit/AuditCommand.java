package dev.mamori.server.audit;

import dev.mamori.common.TenantId;
import java.io.PrintStream;
import org.springframework.stereotype.Component;

/** {@code ./mamori audit verify}: verifies every tenant's chain; exit code 1 when any is broken. */
@Component
public class AuditCommand {
    private final AuditVerifier verifier;

    AuditCommand(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    public int verifyAll(PrintStream out) {
        boolean allIntact = true;
        for (TenantId tenant : verifier.chains()) {
            AuditVerification result = verifier.verify(tenant);
            if (result.intact()) {
                out.printf("tenant %s: intact, %d records%n", tenant, result.recordsChecked());
            } else {
                allIntact = false;
                out.printf("tenant %s: BROKEN at record %d: %s%n", tenant, result.firstBrokenSeq(), result.problem());
            }
        }
        return allIntact ? 0 : 1;
    }
}
