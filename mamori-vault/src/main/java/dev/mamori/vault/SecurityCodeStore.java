package dev.mamori.vault;

import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds card security codes in memory between tokenization and authorization, never longer than
 * the authorization window, then wipes them (PCI DSS 3.3.1.2: no sensitive authentication data
 * after authorization, and none on disk at all). Nothing here touches the database; a restart
 * loses the held codes, which is the safe failure.
 *
 * <p>A code is taken once: the authorization that uses it removes it, and the caller wipes it
 * after the check.
 */
public final class SecurityCodeStore {
    private record Held(SecurityCode code, Instant until) {}

    private final Clock clock;
    private final Duration window;
    private final int capacity;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public SecurityCodeStore(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.window = window;
        this.capacity = capacity;
    }

    public Duration window() {
        return window;
    }

    /**
     * Holds {@code code} for the token until the window closes; returns that moment.
     *
     * @throws VaultBusyException when the store is full (the code is wiped): the caller's
     *     transaction rolls back rather than keep a token whose code was silently dropped
     */
    public Instant hold(TenantId tenant, String token, SecurityCode code) {
        if (!hasRoom()) {
            code.wipe();
            throw new VaultBusyException("too many security codes are held for authorizations right now; retry shortly");
        }
        Instant until = clock.instant().plus(window);
        Held previous = held.put(key(tenant, token), new Held(code, until));
        if (previous != null) {
            previous.code().wipe();
        }
        return until;
    }

    /** Whether another code can be held now (expired ones are wiped first when the store is full). */
    public boolean hasRoom() {
        if (held.size() >= capacity) {
            sweep();
        }
        return held.size() < capacity;
    }

    /** Removes and returns the held code, if it is still within its window. The caller wipes it after use. */
    public Optional<SecurityCode> take(TenantId tenant, String token) {
        Held entry = held.remove(key(tenant, token));
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entry.code().wipe();
            return Optional.empty();
        }
        return Optional.of(entry.code());
    }

    public void discard(TenantId tenant, String token) {
        Held entry = held.remove(key(tenant, token));
        if (entry != null) {
            entry.code().wipe();
        }
    }

    public void discardTenant(TenantId tenant) {
        String prefix = tenant + "|";
        held.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(prefix)) {
                e.getValue().code().wipe();
                return true;
            }
            return false;
        });
    }

    /** Wipes and forgets every code whose window has closed; the server calls this every second. */
    public int sweep() {
        Instant now = clock.instant();
        int wiped = 0;
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held entry = it.next();
            if (!now.isBefore(entry.until())) {
                entry.code().wipe();
                it.remove();
                wiped++;
            }
        }
        return wiped;
    }

    public int size() {
        return held.size();
    }

    private static String key(TenantId tenant, String token) {
        return tenant + "|" + token;
    }
}
