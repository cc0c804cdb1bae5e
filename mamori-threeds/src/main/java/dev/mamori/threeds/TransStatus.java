package dev.mamori.threeds;

/** EMV 3-D Secure transStatus (ARes, RReq, CRes). */
public enum TransStatus {
    /** Authenticated (frictionless or after a challenge). */
    Y,
    /** Not authenticated, transaction denied. */
    N,
    /** Authentication could not be performed (technical or other problem). */
    U,
    /** Attempts processing performed: not authenticated, proof of attempt provided. */
    A,
    /** Challenge required. */
    C,
    /** Challenge required, decoupled authentication confirmed. */
    D,
    /** Authentication rejected: the issuer refuses authentication and asks that authorization is not attempted. */
    R,
    /** Informational only (3DS Requestor challenge preference acknowledged). */
    I
}
