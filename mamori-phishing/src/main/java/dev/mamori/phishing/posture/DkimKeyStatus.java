package dev.mamori.phishing.posture;

/**
 * What a DKIM selector's key record says.
 *
 * @param selector the selector
 * @param state {@link State}
 * @param keyType {@code rsa} or {@code ed25519}, or null when there is no usable key
 * @param bits the key length in bits (RSA modulus; 256 for Ed25519), 0 when unknown
 * @param testing whether the record has {@code t=y}
 * @param problem why the record cannot be used, when {@code state} is INVALID, else null
 */
public record DkimKeyStatus(String selector, State state, String keyType, int bits, boolean testing, String problem) {
    /** The longest problem text kept (and stored): it may quote the record. */
    public static final int MAX_PROBLEM = 300;

    public DkimKeyStatus {
        problem = problem == null || problem.length() <= MAX_PROBLEM ? problem : problem.substring(0, MAX_PROBLEM - 1) + "…";
    }

    /** The outcome of a selector's lookup. */
    public enum State {
        /** A usable public key. */
        KEY,
        /** {@code p=} is empty: the key was revoked. */
        REVOKED,
        /** A record that is not a usable key record. */
        INVALID,
        /** No key record under the selector. */
        MISSING,
        /** The lookup failed temporarily. */
        TEMPORARY_FAILURE
    }
}
