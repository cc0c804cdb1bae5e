package dev.mamori.threeds;

/**
 * Computes the authentication value (CAVV/AAV-style, 20 bytes, base64) the ACS returns in ARes/RReq
 * for a Y or A result, under the issuer's key in the key provider, so the issuer's authorization
 * host can verify it later.
 */
@FunctionalInterface
public interface AuthenticationValueIssuer {
    /** @return the 20-byte value, base64 (28 characters) */
    String issue(AuthenticatedPayment payment);
}
