package dev.mamori.threeds.challenge;

import java.time.Duration;

/**
 * The limits of cardholder challenges.
 *
 * @param otpTtl how long a one-time password (and an out-of-band request, and a TOTP challenge) works
 * @param attempts wrong answers allowed per code; the last wrong one fails the challenge
 * @param resends fresh codes a cardholder may ask for in one challenge
 * @param resendInterval the least time between two sends of a challenge
 * @param lockoutFailures failed challenges within {@code lockoutWindow} that lock the card's challenges
 * @param lockoutWindow the window in which failed challenges are counted
 * @param lockoutDuration how long the card's challenges stay locked
 * @param totpIssuer the issuer name shown in authenticator apps
 */
public record ChallengeSettings(Duration otpTtl, int attempts, int resends, Duration resendInterval, int lockoutFailures,
                                Duration lockoutWindow, Duration lockoutDuration, String totpIssuer) {

    public ChallengeSettings {
        requirePositive(otpTtl, "otpTtl");
        requirePositive(lockoutWindow, "lockoutWindow");
        requirePositive(lockoutDuration, "lockoutDuration");
        if (resendInterval == null || resendInterval.isNegative()) {
            throw new IllegalArgumentException("resendInterval must not be negative");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be 1 to 10");
        }
        if (resends < 0 || resends > 10) {
            throw new IllegalArgumentException("resends must be 0 to 10");
        }
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("lockoutFailures must be at least 1");
        }
        if (totpIssuer == null || totpIssuer.isBlank()) {
            throw new IllegalArgumentException("totpIssuer is required");
        }
    }

    /** 5 minutes, 3 attempts, 2 resends at least 30 s apart, 5 failed challenges in 24 h lock for 24 h. */
    public static ChallengeSettings defaults() {
        return new ChallengeSettings(Duration.ofMinutes(5), 3, 2, Duration.ofSeconds(30), 5, Duration.ofHours(24),
                Duration.ofHours(24), "Mamori 3-D Secure");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
