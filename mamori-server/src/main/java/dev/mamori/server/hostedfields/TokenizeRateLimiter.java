package dev.mamori.server.hostedfields;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Card-testing (credit master) defence: at most {@code mamori.hosted-fields.tokenize-per-minute}
 * tokenization attempts per publishable key and client address per minute, valid or not. Counts
 * live in memory per instance (one fixed window per minute); several instances behind a load
 * balancer each allow the limit, which is planned to move to a shared store (see DESIGN.md).
 * The metric {@code mamori.hosted_fields.rate_limited} counts refusals.
 */
@Component
class TokenizeRateLimiter {
    enum Outcome { ALLOWED, REFUSED_FIRST, REFUSED }

    private static final int MAX_TRACKED = 50_000;

    private record Window(long minute, AtomicInteger count) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int perMinute;
    private final Counter refused;

    TokenizeRateLimiter(Clock clock, HostedFieldsProperties properties, MeterRegistry meters) {
        this.clock = clock;
        this.perMinute = properties.tokenizePerMinute();
        this.refused = Counter.builder("mamori.hosted_fields.rate_limited")
                .description("Hosted-fields tokenizations refused by the per-key, per-address limit").register(meters);
    }

    /** Counts one attempt; {@code REFUSED_FIRST} is the first refusal of the window (worth an audit record). */
    Outcome attempt(String bucket, String address) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue().minute() != minute);
        }
        Window window = windows.compute(bucket + "|" + address, (k, current) ->
                current == null || current.minute() != minute ? new Window(minute, new AtomicInteger()) : current);
        int n = window.count().incrementAndGet();
        if (n <= perMinute) {
            return Outcome.ALLOWED;
        }
        refused.increment();
        return n == perMinute + 1 ? Outcome.REFUSED_FIRST : Outcome.REFUSED;
    }

    /** Seconds until the current window ends, for {@code Retry-After}. */
    long retryAfterSeconds() {
        return 60 - (clock.millis() / 1000) % 60;
    }
}
