package dev.mamori.risk.iso;

/**
 * Answers ISO 8583 requests received by {@link IsoServer}. Called on the server's worker threads,
 * never on a network thread, so it may block on database I/O; it must be thread-safe.
 */
@FunctionalInterface
public interface IsoHandler {
    /**
     * Answers an authorization (01x0), financial (02x0) or reversal (04x0) request. Build the
     * answer with {@link IsoMessage#responseTo}. Returning {@code null} sends nothing (for
     * advices the peer does not expect answered). An exception is answered with 39 = 96, or
     * 39 = 30 if it is an {@link IsoFormatException} (e.g. from {@link IsoMessage#ecData()}).
     */
    IsoMessage handle(IsoMessage request);

    /**
     * Answers network management (08x0: sign-on, sign-off, echo). The default answers
     * {@code 0810} with 39 = 00, echoing 7, 11 and 70, without calling {@link #handle}.
     */
    default IsoMessage handleNetworkManagement(IsoMessage request) {
        return IsoMessage.responseTo(request).set(39, IsoResponseCodes.APPROVED);
    }
}
