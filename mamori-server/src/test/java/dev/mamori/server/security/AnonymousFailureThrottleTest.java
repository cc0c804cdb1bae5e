package dev.mamori.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AnonymousFailureThrottleTest {
    private Instant now = Instant.parse("2026-11-25T10:00:05Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void recordsUpToTheLimitPerAddressThenCountsAndReportsTheRestInTheNextMinute() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AnonymousFailureThrottle throttle = new AnonymousFailureThrottle(clock, meters);
        for (int i = 0; i < AnonymousFailureThrottle.PER_MINUTE; i++) {
            assertThat(throttle.admit("198.51.100.7")).isGreaterThanOrEqualTo(0);
        }
        for (int i = 0; i < 45; i++) {
            assertThat(throttle.admit("198.51.100.7")).isEqualTo(-1);
        }
        assertThat(throttle.admit("203.0.113.9")).as("other addresses are not affected").isZero();
        assertThat(meters.counter("mamori.audit.anonymous.suppressed").count()).isEqualTo(45);

        now = now.plus(Duration.ofMinutes(1));
        assertThat(throttle.admit("198.51.100.7")).as("the next record says how many were left out").isEqualTo(45);
        assertThat(throttle.admit("198.51.100.7")).isZero();
    }
}
