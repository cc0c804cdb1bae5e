package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages that would have gone out by e-mail, SMS or to the issuer's app when no gateway is
 * configured: kept in memory, newest first, the oldest dropped beyond the capacity, so that a demo
 * ({@code ./mamori up}) can show them on the console to the tenant's admins. Never logged.
 */
public final class Outbox {
    /** One message; {@link #toString()} leaves out the text, which may hold a one-time password. */
    public record Message(long id, Instant at, TenantId tenant, String kind, String to, String subject, String text) {
        @Override
        public String toString() {
            return "Outbox.Message[" + id + " " + kind + " " + at + "]";
        }
    }

    private final int capacity;
    private final Clock clock;
    private final Deque<Message> messages = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    public Outbox(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** @param kind {@code email}, {@code sms} or {@code app} */
    public Message add(TenantId tenant, String kind, String to, String subject, String text) {
        Message message = new Message(ids.incrementAndGet(), clock.instant(), tenant, kind, to, subject, text);
        synchronized (messages) {
            messages.addFirst(message);
            while (messages.size() > capacity) {
                messages.removeLast();
            }
        }
        return message;
    }

    /** The tenant's messages, newest first. */
    public List<Message> list(TenantId tenant) {
        List<Message> out = new ArrayList<>();
        synchronized (messages) {
            for (Message m : messages) {
                if (m.tenant().equals(tenant)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    public int capacity() {
        return capacity;
    }
}
