package dev.mamori.threeds.acs;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The ACS's identity and limits.
 *
 * @param acsReferenceNumber assigned by EMVCo to the ACS product, returned in every ARes
 * @param acsOperatorId assigned by the DS to the ACS operator, returned in every ARes
 * @param challengeUrl where the cardholder's browser posts the CReq (the ARes's acsURL); a supplier because a
 *     server knows its own address only once it listens
 * @param challengeTimeout how long a started challenge may run before the ACS ends it (reason 14)
 * @param creqTimeout how long the ACS waits for the first CReq after answering C (the spec's 30 seconds)
 */
public record AcsSettings(String acsReferenceNumber, String acsOperatorId, Supplier<URI> challengeUrl, Duration challengeTimeout,
                          Duration creqTimeout) {
    public AcsSettings {
        Objects.requireNonNull(acsReferenceNumber, "acsReferenceNumber");
        Objects.requireNonNull(acsOperatorId, "acsOperatorId");
        Objects.requireNonNull(challengeUrl, "challengeUrl");
        if (challengeTimeout.isNegative() || challengeTimeout.isZero() || creqTimeout.isNegative() || creqTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
