package dev.mamori.threeds;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.security.SecureRandom;

/**
 * New 3-D Secure transaction ids (acsTransID, dsTransID) in the canonical 36-character UUID form the
 * protocol asks for: version 7 (RFC 9562), whose first 48 bits are the time in milliseconds. A new id
 * so lands at the end of each primary-key index keyed by it. With random (version 4) ids every AReq
 * dirtied a random page of those indexes; H2 keeps dirty pages in the heap until its next store, and
 * the garbage collector copied them at every young collection.
 *
 * <p>The other 74 bits are fresh from {@link SecureRandom} for each id (no counter within a
 * millisecond), so an id cannot be guessed from the one before it.
 */
public final class TransactionIds {
    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator(new SecureRandom());

    private TransactionIds() {
    }

    /** A new id, lower-case 8-4-4-4-12 hexadecimal. */
    public static String next() {
        return GENERATOR.generate().toString();
    }
}
