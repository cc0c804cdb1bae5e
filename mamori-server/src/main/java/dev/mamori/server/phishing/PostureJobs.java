package dev.mamori.server.phishing;

import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.posture.DomainPosture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-checks the posture of every tenant's brand domains every {@code mamori.phishing.posture-interval} (default 6 hours),
 * tenant by tenant; a check that comes out worse than the one before raises a posture alert. A domain whose check fails
 * is logged and skipped, and the next run tries it again.
 */
@Component
class PostureJobs {
    static final String ACTOR = "scheduler";
    private static final Logger log = LoggerFactory.getLogger(PostureJobs.class);

    private final PhishingModule phishing;

    PostureJobs(PhishingModule phishing) {
        this.phishing = phishing;
    }

    @Scheduled(fixedDelayString = "${mamori.phishing.posture-interval:PT6H}", initialDelayString = "${mamori.phishing.posture-interval:PT6H}")
    void recheck() {
        runOnce();
    }

    /** One run; the result, or null when the run as a whole failed (the database is down). */
    DomainPosture.RecheckResult runOnce() {
        try {
            DomainPosture.RecheckResult result = phishing.domainPosture().recheckAll(ACTOR);
            log.info("posture re-check: {} domains checked, {} alerts raised, {} failed", result.checked(), result.alerts(),
                    result.failures().size());
            for (String failure : result.failures()) {
                log.warn("posture re-check failed for {}; it is retried on the next run", failure);
            }
            return result;
        } catch (RuntimeException e) {
            log.error("posture re-check failed; it is retried on the next run", e);
            return null;
        }
    }
}
