package dev.mamori.threeds.challenge;

/**
 * Sends one-time passwords by SMS: implement it for an SMS gateway. Mamori ships none; the default
 * ({@link OutboxOtpSender#sms}) puts the text in the {@link Outbox}.
 */
public interface SmsSender extends OtpSender {
    @Override
    default Channel channel() {
        return Channel.SMS;
    }
}
