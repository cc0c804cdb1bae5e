package dev.mamori.server.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Bounds how many failed anonymous requests one client address can write to the audit trail:
 * each is an append under the operator chain's lock, so an unbounded flood of bad keys would be a
 * cheap way to fill the database and stall auditing. Up to {@value #PER_MINUTE} per address and
 * minute are recorded one by one; the rest are counted, reported with the next recorded one, and
 * exposed as the metric {@code mamori.audit.anonymous.suppressed}.
 */
@Component
class AnonymousFailureThrottle {
    static final int PER_MINUTE = 30;
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private record Window(long minute, AtomicInteger seen, AtomicInteger suppressedBefore) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Counter suppressed;

    AnonymousFailureThrottle(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.suppressed = Counter.builder("mamori.audit.anonymous.suppressed")
                .description("Failed anonymous requests not written to the audit trail one by one").register(meters);
    }

    /**
     * Returns -1 when this failure should not be recorded, otherwise how many failures from the
     * same address were suppressed in the previous minute (to mention in the record).
     */
    int admit(String origin) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > MAX_TRACKED_ADDRESSES) {
            windows.clear(); // a flood from many addresses: forget and start counting again
        }
        String key = origin == null ? "?" : origin;
        Window window = windows.compute(key, (k, current) -> {
            if (current == null || current.minute() != minute) {
                int carried = current == null ? 0 : Math.max(0, current.seen().get() - PER_MINUTE);
                return new Window(minute, new AtomicInteger(), new AtomicInteger(carried));
            }
            return current;
        });
        int seen = window.seen().incrementAndGet();
        if (seen > PER_MINUTE) {
            suppressed.increment();
            return -1;
        }
        return seen == 1 ? window.suppressedBefore().getAndSet(0) : 0;
    }
}
