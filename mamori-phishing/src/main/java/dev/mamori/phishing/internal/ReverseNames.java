package dev.mamori.phishing.internal;

import dev.mamori.phishing.dns.DnsResolver;
import dev.mamori.phishing.dns.DnsResolver.DnsAnswer;
import dev.mamori.phishing.dns.DnsResolver.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reverse DNS names of report source IPs, looked up in the background and cached: ingestion only
 * starts lookups ({@link #prefetch}) and never waits; the summary waits a bounded time for the
 * lookups still running and shows no name for the rest (a later summary will have it). Answers are
 * kept a day (names) or an hour (no name); temporary failures are not kept.
 */
public final class ReverseNames {
    private static final int MAX_ENTRIES = 50_000;
    /** Most addresses one call looks up: a report with thousands of senders must not flood the resolver. */
    public static final int MAX_PER_CALL = 200;
    private static final Duration FOUND_TTL = Duration.ofDays(1);
    private static final Duration MISSING_TTL = Duration.ofHours(1);

    private record Entry(Optional<String> name, Instant expires) {
    }

    private final DnsResolver dns;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<String>>> pending = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    public ReverseNames(DnsResolver dns, Clock clock) {
        this.dns = dns;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dmarc-reverse-dns");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts lookups for the addresses not cached yet (at most {@link #MAX_PER_CALL}); returns at once. */
    public void prefetch(Collection<String> addresses) {
        int n = 0;
        for (String ip : addresses) {
            if (n++ == MAX_PER_CALL) {
                break;
            }
            lookup(ip);
        }
    }

    /**
     * Names of {@code addresses} (absent when none or not known in time), waiting at most {@code wait}
     * in total; only the first {@link #MAX_PER_CALL} addresses are looked up.
     */
    public Map<String, String> names(Collection<String> addresses, Duration wait) {
        Map<String, CompletableFuture<Optional<String>>> futures = new HashMap<>();
        for (String ip : addresses) {
            if (futures.size() == MAX_PER_CALL) {
                break;
            }
            futures.put(ip, lookup(ip));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<Optional<String>>> e : futures.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                e.getValue().get(left, TimeUnit.NANOSECONDS).ifPresent(name -> names.put(e.getKey(), name));
            } catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
                // not known in time, or the lookup failed: no name this time
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return names;
    }

    private CompletableFuture<Optional<String>> lookup(String ip) {
        Entry entry = cache.get(ip);
        if (entry != null && entry.expires().isAfter(clock.instant())) {
            return CompletableFuture.completedFuture(entry.name());
        }
        CompletableFuture<Optional<String>> created = new CompletableFuture<>();
        CompletableFuture<Optional<String>> running = pending.putIfAbsent(ip, created);
        if (running != null) {
            return running;
        }
        executor.execute(() -> {
            try {
                created.complete(resolve(ip));
            } catch (RuntimeException e) {
                created.complete(Optional.empty()); // a resolver bug must not leave the summary waiting
            } finally {
                pending.remove(ip, created);
            }
        });
        return created;
    }

    private Optional<String> resolve(String ip) {
        InetAddress address;
        try {
            address = InetAddress.getByName(ip); // a literal (validated by the parser): no lookup here
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        DnsAnswer<String> answer = dns.ptr(address);
        if (answer.status() == Status.TEMPORARY_FAILURE) {
            return Optional.empty();
        }
        Optional<String> name = answer.records().stream().findFirst().map(n -> n.endsWith(".") ? n.substring(0, n.length() - 1) : n);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear(); // crude but bounded; names are cheap to look up again
        }
        cache.put(ip, new Entry(name, clock.instant().plus(name.isPresent() ? FOUND_TTL : MISSING_TTL)));
        return name;
    }
}
