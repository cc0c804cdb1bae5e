package dev.mamori.risk.iso;

import java.time.Duration;

/**
 * How {@link IsoServer} listens. Start from {@link #defaults()} and change what differs.
 *
 * @param host address to bind, {@code 0.0.0.0} for all
 * @param port TCP port; 0 picks a free one (tests), read it back with {@link IsoServer#port()}
 * @param maxMessageLength largest message accepted, without the 2-byte length header; a longer
 *     length header closes the connection
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param maxConnections connections beyond this are closed as soon as they are accepted
 * @param workerThreads threads that call the {@link IsoHandler} (which may block on I/O)
 * @param queueCapacity requests waiting for a worker; when full a request is answered with 39 = 91
 *     at once instead of waiting
 */
public record IsoServerSettings(String host, int port, int maxMessageLength, Duration idleTimeout, int maxConnections,
        int workerThreads, int queueCapacity) {

    public IsoServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (maxMessageLength < 18 || maxMessageLength > 65535) {
            throw new IllegalArgumentException("maxMessageLength must be 18 to 65535 (2-byte length header)");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (maxConnections < 1 || workerThreads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("maxConnections, workerThreads and queueCapacity must be at least 1");
        }
    }

    /** 0.0.0.0:8583, 4096-byte messages, 5 minutes idle, 1000 connections, 32 workers, 1000 queued. */
    public static IsoServerSettings defaults() {
        return new IsoServerSettings("0.0.0.0", 8583, 4096, Duration.ofMinutes(5), 1000, 32, 1000);
    }

    public IsoServerSettings withHost(String host) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }

    public IsoServerSettings withPort(int port) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }

    public IsoServerSettings withMaxMessageLength(int maxMessageLength) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }

    public IsoServerSettings withIdleTimeout(Duration idleTimeout) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }

    public IsoServerSettings withMaxConnections(int maxConnections) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }

    public IsoServerSettings withWorkers(int workerThreads, int queueCapacity) {
        return new IsoServerSettings(host, port, maxMessageLength, idleTimeout, maxConnections, workerThreads, queueCapacity);
    }
}
