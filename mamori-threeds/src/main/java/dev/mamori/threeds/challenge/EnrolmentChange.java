package dev.mamori.threeds.challenge;

/**
 * A change to a card's enrolment; a null field leaves that method as it is.
 *
 * @param totp true enrols a new authenticator-app secret (replacing an old one), false removes it
 */
public record EnrolmentChange(String email, String phone, Boolean totp, String oobDevice) {
}
