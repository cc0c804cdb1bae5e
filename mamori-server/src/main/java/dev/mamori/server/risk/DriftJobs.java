package dev.mamori.server.risk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every tenant's active fraud model for drift every {@code mamori.risk.drift-interval}
 * (default 24 hours), each over the last day; a major drift raises a {@code model-drift} alert.
 * A tenant whose check fails is logged and checked again on the next run.
 */
@Component
class DriftJobs {
    static final String ACTOR = "scheduler";
    private static final Logger log = LoggerFactory.getLogger(DriftJobs.class);

    private final DriftMonitor monitor;

    DriftJobs(DriftMonitor monitor) {
        this.monitor = monitor;
    }

    @Scheduled(fixedDelayString = "${mamori.risk.drift-interval:PT24H}", initialDelayString = "${mamori.risk.drift-interval:PT24H}")
    void check() {
        runOnce();
    }

    /** One run; null when the run as a whole failed (the database is down). */
    DriftMonitor.RunResult runOnce() {
        try {
            DriftMonitor.RunResult result = monitor.checkAll(ACTOR);
            log.info("model drift check: {} tenants checked, {} alerts raised, {} without a baseline, {} failed", result.checked(),
                    result.alerts(), result.skipped(), result.failures().size());
            for (String failure : result.failures()) {
                log.warn("model drift check failed for tenant {}; it is retried on the next run", failure);
            }
            return result;
        } catch (RuntimeException e) {
            log.error("model drift check failed; it is retried on the next run", e);
            return null;
        }
    }
}
