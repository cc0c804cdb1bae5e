package dev.mamori.server.vault;

import dev.mamori.server.config.MamoriProperties;
import dev.mamori.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The vault's background work: key rotations, wiping security codes, deleting expired tokens. */
@Component
public class VaultJobs {
    private static final Logger log = LoggerFactory.getLogger(VaultJobs.class);

    private final Vault vault;
    private final int batchSize;

    VaultJobs(Vault vault, MamoriProperties properties) {
        this.vault = vault;
        this.batchSize = properties.vault().rotationBatchSize();
    }

    /** Moves cards and keys of running rotations forward, one batch per rotation per run. */
    @Scheduled(fixedDelayString = "${mamori.vault.rotation-interval:PT2S}", initialDelayString = "PT5S")
    public void rotations() {
        try {
            int moved = vault.keys().runRotations(batchSize);
            if (moved > 0) {
                log.info("key rotation: moved {} cards or keys", moved);
            }
        } catch (RuntimeException e) {
            log.error("key rotation step failed; it is retried", e);
        }
    }

    /** Security codes are held for the authorization window only (PCI DSS 3.3.1.2). */
    @Scheduled(fixedDelay = 1000)
    public void wipeSecurityCodes() {
        vault.securityCodes().sweep();
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void purgeExpiredTokens() {
        int purged = vault.purgeExpired();
        if (purged > 0) {
            log.info("deleted {} expired tokens", purged);
        }
    }
}
