package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import dev.mamori.threeds.ChallengeMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a card is enrolled for: the TOTP secret itself is not here (it stays sealed in the store).
 *
 * @param cardFingerprint the vault fingerprint of the card in the tenant
 * @param phone E.164, e.g. {@code +819012345678}
 * @param oobDevice the issuer app's registration id
 */
public record Enrolment(TenantId tenant, String cardFingerprint, String last4, String email, String phone, boolean totp, String oobDevice,
                        Instant createdAt, Instant updatedAt) {

    /** The methods, preferred first: the issuer's app, the authenticator app, SMS, e-mail. */
    public List<ChallengeMethod> methods() {
        List<ChallengeMethod> methods = new ArrayList<>(4);
        if (oobDevice != null) {
            methods.add(ChallengeMethod.OUT_OF_BAND);
        }
        if (totp) {
            methods.add(ChallengeMethod.TOTP);
        }
        if (phone != null) {
            methods.add(ChallengeMethod.SMS_OTP);
        }
        if (email != null) {
            methods.add(ChallengeMethod.EMAIL_OTP);
        }
        return List.copyOf(methods);
    }

    @Override
    public String toString() {
        return "Enrolment[" + tenant + " card ending " + last4 + " " + methods() + "]";
    }
}
