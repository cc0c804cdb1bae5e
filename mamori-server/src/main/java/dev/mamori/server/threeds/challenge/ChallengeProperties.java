package dev.mamori.server.threeds.challenge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mamori.threeds.challenge.*}: the limits of cardholder challenges and where one-time
 * passwords go. Without {@code smtp.host}, e-mail goes to the console outbox, as SMS always does.
 *
 * @param otpTtl how long a code (and an out-of-band request) works, default 5 minutes
 * @param attempts wrong answers per code, default 3
 * @param resends fresh codes per challenge, default 2
 * @param resendInterval least time between two sends, default 30 seconds
 * @param lockoutFailures failed challenges within {@code lockoutWindow} that lock the card, default 5
 * @param lockoutWindow default 24 hours
 * @param lockoutDuration default 24 hours
 * @param outboxCapacity messages the in-memory outbox keeps, default 200
 * @param totpIssuer the name authenticator apps show, default {@code Mamori 3-D Secure}
 */
@ConfigurationProperties("mamori.threeds.challenge")
public record ChallengeProperties(Duration otpTtl, Integer attempts, Integer resends, Duration resendInterval, Integer lockoutFailures,
                                  Duration lockoutWindow, Duration lockoutDuration, Integer outboxCapacity, String totpIssuer, Smtp smtp) {

    /** {@code mamori.threeds.challenge.smtp.*}; the password is never printed. */
    public record Smtp(String host, Integer port, String username, String password, String from, Boolean starttls) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + " user=" + username + " from=" + from + " starttls=" + starttls + "]";
        }
    }

    public ChallengeProperties {
        otpTtl = otpTtl == null ? Duration.ofMinutes(5) : otpTtl;
        attempts = attempts == null ? 3 : attempts;
        resends = resends == null ? 2 : resends;
        resendInterval = resendInterval == null ? Duration.ofSeconds(30) : resendInterval;
        lockoutFailures = lockoutFailures == null ? 5 : lockoutFailures;
        lockoutWindow = lockoutWindow == null ? Duration.ofHours(24) : lockoutWindow;
        lockoutDuration = lockoutDuration == null ? Duration.ofHours(24) : lockoutDuration;
        outboxCapacity = outboxCapacity == null ? 200 : outboxCapacity;
        totpIssuer = totpIssuer == null || totpIssuer.isBlank() ? "Mamori 3-D Secure" : totpIssuer;
    }

    boolean smtpConfigured() {
        return smtp != null && smtp.host() != null && !smtp.host().isBlank();
    }
}
