package dev.mamori.threeds.authvalue;

/**
 * The key provider could not compute or check an authentication value (HSM down, key store
 * unreadable). Not a verdict on the value: the caller must not treat it as verified. The message
 * never contains card data or key material.
 */
public final class AuthenticationValueUnavailableException extends RuntimeException {
    public AuthenticationValueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
