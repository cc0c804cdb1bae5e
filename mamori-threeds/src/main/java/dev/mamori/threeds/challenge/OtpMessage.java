package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One one-time password to deliver. Not a record: {@link #toString()} must never print the code.
 */
public final class OtpMessage {
    private final TenantId tenant;
    private final OtpSender.Channel channel;
    private final String destination;
    private final String code;
    private final Purchase purchase;
    private final String cardLast4;
    private final Instant expiresAt;
    private final Duration validFor;
    private final Locale locale;

    public OtpMessage(TenantId tenant, OtpSender.Channel channel, String destination, String code, Purchase purchase, String cardLast4,
                      Instant expiresAt, Duration validFor, Locale locale) {
        this.tenant = tenant;
        this.channel = channel;
        this.destination = destination;
        this.code = code;
        this.purchase = purchase;
        this.cardLast4 = cardLast4;
        this.expiresAt = expiresAt;
        this.validFor = validFor;
        this.locale = locale == null ? Locale.ENGLISH : locale;
    }

    public TenantId tenant() {
        return tenant;
    }

    public OtpSender.Channel channel() {
        return channel;
    }

    /** The e-mail address or E.164 mobile number. */
    public String destination() {
        return destination;
    }

    /** The six digits: to be put in the message and nowhere else (never in a log line). */
    public String code() {
        return code;
    }

    /** The purchase, or null when the ACS has none to tell. */
    public Purchase purchase() {
        return purchase;
    }

    public String cardLast4() {
        return cardLast4;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Duration validFor() {
        return validFor;
    }

    /** The cardholder's language (Japanese for {@code ja}, English otherwise). */
    public Locale locale() {
        return locale;
    }

    @Override
    public String toString() {
        return "OtpMessage[" + channel + " to " + Masking.destination(channel, destination) + ", code=***]";
    }
}
