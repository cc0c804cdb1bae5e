/**
 * The cardholder's second factor in a 3-D Secure challenge: enrolment (e-mail, mobile number,
 * authenticator app, the issuer app's device), one-time passwords sent by e-mail or SMS,
 * authenticator-app codes (RFC 6238), out-of-band approval in the issuer's app, and the limits
 * around them (expiry, attempts, resends, lockout). {@link dev.mamori.threeds.challenge.CardholderChallenges}
 * is the {@link dev.mamori.threeds.ChallengeAuthenticator} the ACS calls.
 *
 * <p>Extension points: {@link dev.mamori.threeds.challenge.OtpSender} (e-mail; {@link dev.mamori.threeds.challenge.SmtpOtpSender}),
 * {@link dev.mamori.threeds.challenge.SmsSender}, {@link dev.mamori.threeds.challenge.OobNotifier},
 * {@link dev.mamori.threeds.challenge.SecretSealer} and {@link dev.mamori.threeds.challenge.PurchaseLookup}.
 * Without a gateway, messages go to the in-memory {@link dev.mamori.threeds.challenge.Outbox}.
 */
package dev.mamori.threeds.challenge;
