package dev.mamori.server.threeds.acs;

import dev.mamori.threeds.acs.Acs;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Ends the ACS's challenges that ran out of time (reason 14, RReq to the DS) and retries undelivered RReqs. */
@Component
class AcsJobs {
    private static final Logger log = LoggerFactory.getLogger(AcsJobs.class);

    private final Acs acs;
    private final Clock clock;

    AcsJobs(Acs acs, Clock clock) {
        this.acs = acs;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mamori.threeds.acs.expiry-interval:PT5S}",
            initialDelayString = "${mamori.threeds.acs.expiry-interval:PT5S}")
    void expire() {
        try {
            int ended = acs.expire(clock.instant());
            if (ended > 0) {
                log.info("ACS: {} challenge(s) timed out", ended);
            }
        } catch (RuntimeException e) {
            log.error("ACS: the challenge timeout job failed; it runs again", e);
        }
    }
}
