package dev.mamori.risk.iso;

/**
 * Counters of an {@link IsoServer} since it started, for a metrics registry to poll.
 *
 * @param messagesReceived frames read, well-formed or not
 * @param formatErrors messages answered with 39 = 30 or dropped as unreadable (bad MTI, length header)
 * @param handlerFailures handler calls that threw (answered 96, or 30 for an {@link IsoFormatException})
 * @param overloadRejections requests answered 91 because the worker queue was full
 * @param connectionsAccepted connections accepted and kept
 * @param connectionsRefused connections closed at once because {@code maxConnections} was reached
 * @param openConnections connections open now
 */
public record IsoServerMetrics(long messagesReceived, long formatErrors, long handlerFailures, long overloadRejections,
        long connectionsAccepted, long connectionsRefused, int openConnections) {
}
