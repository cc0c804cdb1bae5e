package dev.mamori.threeds.challenge;

import dev.mamori.threeds.challenge.internal.OtpTexts;

/**
 * Puts one-time passwords in the {@link Outbox} instead of sending them: the default without SMTP or an SMS gateway.
 * The address or number is kept masked: the outbox is for demos, not a copy of cardholders' contact details.
 */
public final class OutboxOtpSender implements SmsSender {
    private final Outbox outbox;
    private final Channel channel;

    private OutboxOtpSender(Outbox outbox, Channel channel) {
        this.outbox = outbox;
        this.channel = channel;
    }

    public static OutboxOtpSender email(Outbox outbox) {
        return new OutboxOtpSender(outbox, Channel.EMAIL);
    }

    public static OutboxOtpSender sms(Outbox outbox) {
        return new OutboxOtpSender(outbox, Channel.SMS);
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void send(OtpMessage message) {
        if (channel == Channel.EMAIL) {
            outbox.add(message.tenant(), "email", Masking.email(message.destination()), OtpTexts.subject(message), OtpTexts.emailBody(message));
        } else {
            outbox.add(message.tenant(), "sms", Masking.phone(message.destination()), null, OtpTexts.smsBody(message));
        }
    }
}
