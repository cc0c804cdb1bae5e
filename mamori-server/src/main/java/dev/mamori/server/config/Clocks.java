package dev.mamori.server.config;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link Clock} for the whole application, so tests can control time. */
@Configuration(proxyBeanMethods = false)
public class Clocks {
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        // Millisecond ticks: what the database keeps on both H2 and PostgreSQL, so values read back equal.
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));
    }
}
