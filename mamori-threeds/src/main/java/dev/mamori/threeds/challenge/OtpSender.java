package dev.mamori.threeds.challenge;

/**
 * Delivers one-time passwords over one channel. Implement it to plug in an e-mail service or an
 * SMS gateway; {@link SmtpOtpSender} sends e-mail over SMTP and {@link OutboxOtpSender} keeps
 * messages in the in-memory {@link Outbox} for demos. An implementation never logs the code.
 */
public interface OtpSender {
    enum Channel {
        EMAIL, SMS
    }

    Channel channel();

    /** @throws OtpDeliveryException when the message could not be handed over (the challenge does not start) */
    void send(OtpMessage message) throws OtpDeliveryException;

    /** Thrown when a message could not be delivered; its message never holds the code. */
    final class OtpDeliveryException extends Exception {
        public OtpDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
