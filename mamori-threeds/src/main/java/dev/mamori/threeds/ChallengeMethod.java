package dev.mamori.threeds;

/** How the ACS challenges a cardholder. */
public enum ChallengeMethod {
    /** One-time password sent by SMS. */
    SMS_OTP("01"),
    /** One-time password sent by e-mail. */
    EMAIL_OTP("01"),
    /** Code of an authenticator app (RFC 6238 TOTP). */
    TOTP("01"),
    /** Out of band: the issuer's app approves (decoupled from the merchant's page). */
    OUT_OF_BAND("04");

    private final String acsUiType;

    ChallengeMethod(String acsUiType) {
        this.acsUiType = acsUiType;
    }

    /** The EMV acsUiType of the challenge screen: 01 text (OTP), 04 out of band. */
    public String acsUiType() {
        return acsUiType;
    }
}
