package dev.mamori.risk.simulate;

import java.io.Closeable;
import java.io.IOException;
import java.time.LocalDateTime;

/** One of the server's authorization interfaces: the JSON API or ISO 8583 over TCP. */
interface Transport extends Closeable {
    /** {@code json} or {@code iso}. */
    String name();

    /**
     * Sends one authorization and waits for the answer.
     *
     * @param localTime the simulated local time (Asia/Tokyo) of the payment, for the message's own date and time fields
     */
    Outcome send(SimEvent event, String stan, String rrn, LocalDateTime localTime);

    @Override
    void close() throws IOException;
}
