package dev.mamori.server.risk;

import dev.mamori.risk.RiskModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Picks up rules, lists, policies, BIN routes and card-testing blocks that another instance changed. */
@Component
class RiskJobs {
    private static final Logger log = LoggerFactory.getLogger(RiskJobs.class);

    private final RiskModule risk;

    RiskJobs(RiskModule risk) {
        this.risk = risk;
    }

    @Scheduled(fixedDelayString = "${mamori.risk.refresh-interval:PT5S}", initialDelayString = "${mamori.risk.refresh-interval:PT5S}")
    void refresh() {
        try {
            risk.refresh();
        } catch (RuntimeException e) {
            log.error("risk refresh failed; it is retried", e);
        }
    }
}
