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
    /** A publishable key takes at most this many times the per-address limit per minute. */
    static final int PER_KEY_FACTOR = 25;

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

    /**
     * Counts one attempt against two limits: per key and address, and per key over all addresses
     * ({@link #PER_KEY_FACTOR} times the first), because card testing from a botnet uses many
     * addresses. {@code REFUSED_FIRST} is the first refusal of the window (worth an audit record).
     */
    Outcome attempt(String bucket, String address) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue().minute() != minute);
            if (windows.size() > MAX_TRACKED) {
                // More addresses in one minute than can be tracked: an attack; refuse rather than grow.
                refused.increment();
                return Outcome.REFUSED;
            }
        }
        int perAddress = count(bucket + "|" + address, minute);
        if (perAddress > perMinute) {
            refused.increment();
            return perAddress == perMinute + 1 ? Outcome.REFUSED_FIRST : Outcome.REFUSED;
        }
        // Only attempts an address was allowed count against the key, so one noisy address cannot
        // use up every shopper's share.
        int perKey = count(bucket + "|*", minute);
        if (perKey <= perMinute * PER_KEY_FACTOR) {
            return Outcome.ALLOWED;
        }
        refused.increment();
        return perKey == perMinute * PER_KEY_FACTOR + 1 ? Outcome.REFUSED_FIRST : Outcome.REFUSED;
    }

    private int count(String key, long minute) {
        Window window = windows.compute(key, (k, current) ->
                current == null || current.minute() != minute ? new Window(minute, new AtomicInteger()) : current);
        return window.count().incrementAndGet();
    }

    /** Seconds until the current window ends, for {@code Retry-After}. */
    long retryAfterSeconds() {
        return 60 - (clock.millis() / 1000) % 60;
    }
}
