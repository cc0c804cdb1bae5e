package dev.mamori.threeds.acs;

import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.TransStatus;
import java.time.Instant;

/** What the browser challenge shows next: a challenge screen, the final page that posts the CRes, or an error page. */
public sealed interface BrowserStep {

    /**
     * The challenge screen.
     *
     * @param notice what happened on the last action: null, {@code wrong}, {@code resent}, {@code resend-refused},
     *     {@code expired}, {@code pending} (out of band, not approved yet)
     */
    record Screen(String acsTransId, ChallengeMethod method, String maskedDestination, Instant expiresAt, int attemptsLeft,
                  int resendsLeft, String notice, String challengeWindowSize, String language) implements BrowserStep {
    }

    /**
     * The end: {@code cres} (a base64url CRes, or an Erro when the challenge could not go on) to post to the
     * 3DS Server's notificationURL.
     *
     * @param status the final transStatus, or null when {@code cres} carries an Erro
     * @param outcome why it ended: {@code authenticated}, {@code failed}, {@code cancelled}, {@code timed-out},
     *     {@code unavailable}, {@code error}
     */
    record Finished(String acsTransId, String notificationUrl, String cres, TransStatus status, String outcome,
                    String challengeWindowSize, String language) implements BrowserStep {
    }

    /**
     * The challenge cannot be tied to a 3DS transaction this ACS can answer: no page of the merchant to return to.
     *
     * @param errorCode the EMV error code (e.g. 101, 301), @param errorDetail the field it is about
     */
    record Failed(String errorCode, String errorDetail) implements BrowserStep {
    }
}
