package dev.mamori.threeds;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The cardholder's second factor for an ACS challenge: which methods a card is enrolled for,
 * sending a one-time password (SMS, e-mail), checking an OTP or authenticator-app code, and the
 * out-of-band approval from the issuer's app. Holds the state of each challenge (expiry,
 * attempts, resends, lockout) by {@code acsTransId}; the ACS holds the 3DS transaction state.
 */
public interface ChallengeAuthenticator {

    /** The methods the card is enrolled for, preferred first; empty when it cannot be challenged. */
    List<ChallengeMethod> methods(TenantId tenant, String cardFingerprint);

    /**
     * Starts a challenge: sends the OTP, or notifies the issuer's app for out of band.
     *
     * @throws ChallengeRefused when the card is locked out or not enrolled for {@code method}
     */
    Challenge start(TenantId tenant, String cardFingerprint, String acsTransId, ChallengeMethod method, Locale locale)
            throws ChallengeRefused;

    /** Sends a fresh OTP (the old one stops working). @throws ChallengeRefused when the resend limit is reached */
    Challenge resend(TenantId tenant, String acsTransId, Locale locale) throws ChallengeRefused;

    /** Checks the cardholder's answer (OTP or TOTP code); for out of band, {@code answer} is ignored and the app's verdict is read. */
    Verdict verify(TenantId tenant, String acsTransId, String answer);

    /** What the challenge page shows: where the code went (masked), until when it works, how many tries are left. */
    record Challenge(ChallengeMethod method, String maskedDestination, Instant expiresAt, int attemptsLeft, int resendsLeft) {
    }

    /** The outcome of one answer. */
    record Verdict(Outcome outcome, int attemptsLeft) {
    }

    enum Outcome {
        /** The answer was right (or the app approved). */
        SUCCESS,
        /** Wrong answer; more tries left. */
        WRONG,
        /** Wrong answer and no tries left, or the card is locked out. */
        LOCKED,
        /** The code (or the app's request) expired. */
        EXPIRED,
        /** Out of band: the cardholder has not answered in the app yet. */
        PENDING,
        /** Out of band: the cardholder declined in the app. */
        DECLINED
    }

    /** A challenge that cannot start or continue; {@link #reason} is a stable id such as {@code locked-out}. */
    final class ChallengeRefused extends Exception {
        private final String reason;

        public ChallengeRefused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
