package dev.mamori.threeds.ds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends one 3-D Secure message (JSON) to another component and returns its answer: how the DS
 * reaches the ACSs and the 3DS Servers, and how the 3DS Server reaches the DS.
 * {@link HttpMessageLink} is the HTTP one; tests link components in memory.
 */
@FunctionalInterface
public interface MessageLink {

    /**
     * @return the answer's body (a 3DS message, or anything the other side sent)
     * @throws HttpTimeoutException when no answer came within {@code timeout}
     * @throws IOException when the other side cannot be reached or answered with no JSON body
     */
    byte[] send(URI url, byte[] message, Duration timeout) throws IOException;
}
