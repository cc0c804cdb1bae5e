package dev.mamori.threeds.challenge;

/**
 * Keeps challenge secrets unreadable in the database: seals TOTP secrets and hashes one-time
 * passwords under keys held outside it (the server derives them from the platform secret).
 *
 * <p>Security guarantees: {@link #open} fails unless the sealed value was made by this sealer for the
 * same {@code context}, so a secret copied to another card's row does not open; {@link #mac} is a
 * keyed hash, so a stolen table of hashed six-digit codes cannot be reversed by trying all codes.
 */
public interface SecretSealer {

    /** Encrypts and authenticates {@code secret}, bound to {@code context} (e.g. the tenant and card). */
    String seal(byte[] secret, String context);

    /** @throws IllegalStateException when the value was changed, or sealed for another context or key */
    byte[] open(String sealed, String context);

    /** A keyed hash (e.g. HMAC-SHA256) of {@code data}, for one-time passwords. */
    byte[] mac(byte[] data);
}
