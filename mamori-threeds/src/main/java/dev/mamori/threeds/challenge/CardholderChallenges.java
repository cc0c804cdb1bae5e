package dev.mamori.threeds.challenge;

import dev.mamori.common.TenantId;
import dev.mamori.common.Totp;
import dev.mamori.common.jdbc.Jdbc;
import dev.mamori.threeds.ChallengeAuthenticator;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.challenge.internal.ChallengeStore;
import dev.mamori.threeds.challenge.internal.EnrolmentStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACS's cardholder challenges: one-time passwords by e-mail and SMS, authenticator-app codes
 * and out-of-band approval in the issuer's app, with their limits.
 *
 * <p>Security guarantees: a one-time password is six digits from {@link SecureRandom}, stored only
 * as a keyed hash bound to the challenge, and works once; each code allows
 * {@link ChallengeSettings#attempts()} wrong answers, after which the challenge fails; a resent code
 * replaces the old one; {@link ChallengeSettings#lockoutFailures()} failed challenges within
 * {@link ChallengeSettings#lockoutWindow()} lock the card's challenges for
 * {@link ChallengeSettings#lockoutDuration()}. An authenticator-app code is accepted within one time
 * step of the clock and each step only once per card (RFC 6238 section 5.2). Codes are never logged.
 */
public final class CardholderChallenges implements ChallengeAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(CardholderChallenges.class);
    private static final int TOTP_WINDOW = 1;

    /** What became of an out-of-band answer from the issuer's app. */
    public enum OobAnswer {
        /** Recorded; the ACS reads it at its next {@link #verify}. */
        RECORDED,
        /** No challenge with this id in the tenant. */
        UNKNOWN,
        /** The challenge is not out of band. */
        NOT_OUT_OF_BAND,
        /** The app has answered already, or the challenge is over. */
        ALREADY_ANSWERED,
        /** The request expired before the answer came. */
        EXPIRED
    }

    private final ChallengeStore challenges;
    private final EnrolmentStore enrolmentStore;
    private final ChallengeEnrolments enrolments;
    private final SecretSealer sealer;
    private final OtpSender email;
    private final SmsSender sms;
    private final OobNotifier oob;
    private final PurchaseLookup purchases;
    private final ChallengeSettings settings;
    private final Clock clock;
    private final Totp totp = Totp.authenticatorApp();
    private final SecureRandom random = new SecureRandom();

    public CardholderChallenges(DataSource dataSource, SecretSealer sealer, OtpSender email, SmsSender sms, OobNotifier oob,
                                PurchaseLookup purchases, ChallengeSettings settings, Clock clock) {
        if (email.channel() != OtpSender.Channel.EMAIL) {
            throw new IllegalArgumentException("the e-mail sender must send e-mail");
        }
        this.challenges = new ChallengeStore(dataSource);
        this.enrolmentStore = new EnrolmentStore(dataSource);
        this.enrolments = new ChallengeEnrolments(enrolmentStore, sealer, settings, clock);
        this.sealer = sealer;
        this.email = email;
        this.sms = sms;
        this.oob = oob;
        this.purchases = purchases;
        this.settings = settings;
        this.clock = clock;
    }

    public ChallengeEnrolments enrolments() {
        return enrolments;
    }

    public ChallengeSettings settings() {
        return settings;
    }

    @Override
    public List<ChallengeMethod> methods(TenantId tenant, String cardFingerprint) {
        return enrolments.find(tenant, cardFingerprint).map(Enrolment::methods).orElse(List.of());
    }

    @Override
    public Challenge start(TenantId tenant, String cardFingerprint, String acsTransId, ChallengeMethod method, Locale locale)
            throws ChallengeRefused {
        if (acsTransId == null || acsTransId.isBlank() || acsTransId.length() > 64) {
            throw new ChallengeRefused("invalid-transaction", "acsTransId must be 1 to 64 characters");
        }
        Enrolment enrolment = enrolments.find(tenant, cardFingerprint)
                .filter(e -> e.methods().contains(method))
                .orElseThrow(() -> new ChallengeRefused("not-enrolled", "the card is not enrolled for " + method));
        Instant now = clock.instant();
        refuseWhenLocked(tenant, cardFingerprint, now);
        if (challenges.find(tenant, acsTransId).isPresent()) {
            throw new ChallengeRefused("already-started", "a challenge for this transaction has started already");
        }
        Instant expires = now.plus(settings.otpTtl());
        boolean sendsCode = method == ChallengeMethod.SMS_OTP || method == ChallengeMethod.EMAIL_OTP;
        String code = sendsCode ? newCode() : null;
        int resends = sendsCode ? settings.resends() : 0;
        try {
            challenges.insert(new ChallengeStore.Row(acsTransId, tenant, cardFingerprint, method, code == null ? null : codeMac(acsTransId, code),
                    expires, settings.attempts(), resends, now, null, null), now);
        } catch (RuntimeException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ChallengeRefused("already-started", "a challenge for this transaction has started already");
            }
            throw e;
        }
        try {
            deliver(tenant, enrolment, acsTransId, method, code, expires, locale);
        } catch (OtpSender.OtpDeliveryException e) {
            challenges.delete(acsTransId);
            log.warn("challenge {} not started: {}", acsTransId, e.getMessage());
            throw new ChallengeRefused("delivery-failed", "the code could not be sent");
        }
        log.info("challenge {} started: {}", acsTransId, method);
        return new Challenge(method, destination(enrolment, method), expires, settings.attempts(), resends);
    }

    @Override
    public Challenge resend(TenantId tenant, String acsTransId, Locale locale) throws ChallengeRefused {
        ChallengeStore.Row row = challenges.find(tenant, acsTransId)
                .orElseThrow(() -> new ChallengeRefused("unknown-challenge", "no challenge for this transaction"));
        if (row.method() != ChallengeMethod.SMS_OTP && row.method() != ChallengeMethod.EMAIL_OTP) {
            throw new ChallengeRefused("not-resendable", "only a one-time password by e-mail or SMS can be resent");
        }
        if (row.outcome() != null) {
            throw new ChallengeRefused("challenge-over", "the challenge is over");
        }
        Instant now = clock.instant();
        refuseWhenLocked(tenant, row.cardFingerprint(), now);
        if (row.resendsLeft() <= 0) {
            throw new ChallengeRefused("resend-limit", "no more codes can be sent for this transaction");
        }
        if (row.lastSentAt() != null && now.isBefore(row.lastSentAt().plus(settings.resendInterval()))) {
            throw new ChallengeRefused("resend-too-soon", "wait " + settings.resendInterval().toSeconds() + " seconds between codes");
        }
        Enrolment enrolment = enrolments.find(tenant, row.cardFingerprint()).filter(e -> e.methods().contains(row.method()))
                .orElseThrow(() -> new ChallengeRefused("not-enrolled", "the card is no longer enrolled for " + row.method()));
        String code = newCode();
        Instant expires = now.plus(settings.otpTtl());
        if (!challenges.replaceCode(acsTransId, row.resendsLeft(), codeMac(acsTransId, code), expires, settings.attempts(), now)) {
            throw new ChallengeRefused("resend-too-soon", "another code was just sent");
        }
        try {
            deliver(tenant, enrolment, acsTransId, row.method(), code, expires, locale);
        } catch (OtpSender.OtpDeliveryException e) {
            // The old code is gone already; the cardholder may ask again (a resend was spent).
            log.warn("challenge {} resend failed: {}", acsTransId, e.getMessage());
            throw new ChallengeRefused("delivery-failed", "the code could not be sent");
        }
        log.info("challenge {} code resent", acsTransId);
        return new Challenge(row.method(), destination(enrolment, row.method()), expires, settings.attempts(), row.resendsLeft() - 1);
    }

    @Override
    public Verdict verify(TenantId tenant, String acsTransId, String answer) {
        Optional<ChallengeStore.Row> found = challenges.find(tenant, acsTransId);
        if (found.isEmpty()) {
            return new Verdict(Outcome.EXPIRED, 0);
        }
        ChallengeStore.Row row = found.get();
        if (row.outcome() != null) {
            return switch (row.outcome()) {
                case ChallengeStore.FAILED -> new Verdict(Outcome.LOCKED, 0);
                case ChallengeStore.DECLINED -> new Verdict(Outcome.DECLINED, 0);
                // A used code or an approved request is not accepted a second time.
                default -> new Verdict(Outcome.EXPIRED, 0);
            };
        }
        Instant now = clock.instant();
        if (isLocked(tenant, row.cardFingerprint(), now)) {
            challenges.close(acsTransId, ChallengeStore.FAILED, now);
            return new Verdict(Outcome.LOCKED, 0);
        }
        if (row.method() == ChallengeMethod.OUT_OF_BAND) {
            return outOfBand(row, now);
        }
        if (!now.isBefore(row.expiresAt())) {
            challenges.forgetCode(acsTransId);
            return new Verdict(Outcome.EXPIRED, row.attemptsLeft());
        }
        String given = answer == null ? "" : answer.strip();
        boolean wellFormed = given.length() == 6 && given.chars().allMatch(c -> c >= '0' && c <= '9');
        if (wellFormed) {
            if (row.method() == ChallengeMethod.TOTP) {
                if (totpMatches(tenant, row.cardFingerprint(), given, now)) {
                    return challenges.close(acsTransId, ChallengeStore.SUCCEEDED, now) ? succeeded(row) : new Verdict(Outcome.EXPIRED, 0);
                }
            } else if (row.codeMac() != null) {
                String mac = codeMac(acsTransId, given);
                if (MessageDigest.isEqual(mac.getBytes(StandardCharsets.US_ASCII), row.codeMac().getBytes(StandardCharsets.US_ASCII))) {
                    return challenges.succeedWithCode(acsTransId, mac, now) ? succeeded(row) : new Verdict(Outcome.EXPIRED, 0);
                }
            }
        }
        return wrongAnswer(row, now);
    }

    /**
     * Records the issuer app's answer to an out-of-band challenge (the cardholder approved or
     * declined the purchase in the app); the ACS reads it at its next {@link #verify}.
     */
    public OobAnswer answerOutOfBand(TenantId tenant, String acsTransId, boolean approved) {
        Optional<ChallengeStore.Row> found = challenges.find(tenant, acsTransId);
        if (found.isEmpty()) {
            return OobAnswer.UNKNOWN;
        }
        ChallengeStore.Row row = found.get();
        if (row.method() != ChallengeMethod.OUT_OF_BAND) {
            return OobAnswer.NOT_OUT_OF_BAND;
        }
        Instant now = clock.instant();
        if (row.outcome() != null || row.oobVerdict() != null) {
            return OobAnswer.ALREADY_ANSWERED;
        }
        if (!now.isBefore(row.expiresAt())) {
            return OobAnswer.EXPIRED;
        }
        if (challenges.answerOutOfBand(tenant, acsTransId, approved, now)) {
            log.info("challenge {} answered in the issuer's app: {}", acsTransId, approved ? "approved" : "declined");
            return OobAnswer.RECORDED;
        }
        return OobAnswer.ALREADY_ANSWERED;
    }

    /** Until when the card's challenges are locked, if they are. */
    public Optional<Instant> lockedUntil(TenantId tenant, String cardFingerprint) {
        Instant now = clock.instant();
        return challenges.lockedUntil(tenant, cardFingerprint).filter(now::isBefore);
    }

    /** Lifts a lockout and forgets the card's failed challenges (the issuer has spoken to the cardholder). */
    public void unlock(TenantId tenant, String cardFingerprint) {
        challenges.unlock(tenant, cardFingerprint);
    }

    private Verdict outOfBand(ChallengeStore.Row row, Instant now) {
        if (ChallengeStore.APPROVED.equals(row.oobVerdict())) {
            return challenges.close(row.acsTransId(), ChallengeStore.SUCCEEDED, now) ? succeeded(row) : new Verdict(Outcome.EXPIRED, 0);
        }
        if (ChallengeStore.DECLINED.equals(row.oobVerdict())) {
            challenges.close(row.acsTransId(), ChallengeStore.DECLINED, now);
            return new Verdict(Outcome.DECLINED, 0);
        }
        if (!now.isBefore(row.expiresAt())) {
            return new Verdict(Outcome.EXPIRED, 0);
        }
        return new Verdict(Outcome.PENDING, row.attemptsLeft());
    }

    private Verdict succeeded(ChallengeStore.Row row) {
        log.info("challenge {} succeeded", row.acsTransId());
        return new Verdict(Outcome.SUCCESS, row.attemptsLeft());
    }

    private Verdict wrongAnswer(ChallengeStore.Row row, Instant now) {
        if (!challenges.spendAttempt(row.acsTransId(), now)) {
            return new Verdict(Outcome.LOCKED, 0);
        }
        int left = challenges.find(row.tenant(), row.acsTransId()).map(ChallengeStore.Row::attemptsLeft).orElse(0);
        if (left > 0) {
            return new Verdict(Outcome.WRONG, left);
        }
        if (challenges.close(row.acsTransId(), ChallengeStore.FAILED, now)) {
            challenges.recordFailure(row.tenant(), row.cardFingerprint(), now);
            int failures = challenges.failuresSince(row.tenant(), row.cardFingerprint(), now.minus(settings.lockoutWindow()));
            log.info("challenge {} failed: no attempts left", row.acsTransId());
            if (failures >= settings.lockoutFailures()) {
                challenges.lock(row.tenant(), row.cardFingerprint(), now.plus(settings.lockoutDuration()));
                log.warn("card challenges locked after {} failed challenges (tenant {}, last challenge {})", failures, row.tenant(),
                        row.acsTransId());
            }
        }
        return new Verdict(Outcome.LOCKED, 0);
    }

    private boolean totpMatches(TenantId tenant, String fingerprint, String code, Instant now) {
        Optional<EnrolmentStore.Row> enrolment = enrolmentStore.find(tenant, fingerprint);
        if (enrolment.isEmpty() || enrolment.get().sealedTotpSecret() == null) {
            return false;
        }
        byte[] key = sealer.open(enrolment.get().sealedTotpSecret(), ChallengeEnrolments.totpContext(tenant, fingerprint));
        try {
            OptionalLong step = totp.matchingStep(key, code, now, TOTP_WINDOW);
            // A step used once (by this or an earlier challenge) never works again, nor does an older one.
            return step.isPresent() && enrolmentStore.useTotpStep(tenant, fingerprint, step.getAsLong());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void refuseWhenLocked(TenantId tenant, String fingerprint, Instant now) throws ChallengeRefused {
        if (isLocked(tenant, fingerprint, now)) {
            throw new ChallengeRefused("locked-out", "the card's challenges are locked after repeated failures");
        }
    }

    private boolean isLocked(TenantId tenant, String fingerprint, Instant now) {
        return challenges.lockedUntil(tenant, fingerprint).filter(now::isBefore).isPresent();
    }

    private void deliver(TenantId tenant, Enrolment enrolment, String acsTransId, ChallengeMethod method, String code, Instant expires,
                         Locale locale) throws OtpSender.OtpDeliveryException {
        if (method == ChallengeMethod.TOTP) {
            return;
        }
        Purchase purchase = purchase(tenant, acsTransId);
        if (method == ChallengeMethod.OUT_OF_BAND) {
            oob.notify(new OobNotifier.Request(tenant, acsTransId, enrolment.oobDevice(), purchase, enrolment.last4(), expires));
            return;
        }
        boolean byMail = method == ChallengeMethod.EMAIL_OTP;
        OtpMessage message = new OtpMessage(tenant, byMail ? OtpSender.Channel.EMAIL : OtpSender.Channel.SMS,
                byMail ? enrolment.email() : enrolment.phone(), code, purchase, enrolment.last4(), expires, settings.otpTtl(), locale);
        (byMail ? email : sms).send(message);
    }

    private Purchase purchase(TenantId tenant, String acsTransId) {
        try {
            return purchases.find(tenant, acsTransId).orElse(null);
        } catch (RuntimeException e) {
            // The message can go without the purchase line; the challenge must not fail for it.
            log.warn("no purchase details for challenge {}: {}", acsTransId, e.getClass().getSimpleName());
            return null;
        }
    }

    private static String destination(Enrolment enrolment, ChallengeMethod method) {
        return switch (method) {
            case EMAIL_OTP -> Masking.email(enrolment.email());
            case SMS_OTP -> Masking.phone(enrolment.phone());
            case OUT_OF_BAND -> Masking.device(enrolment.oobDevice());
            case TOTP -> null;
        };
    }

    private String newCode() {
        String digits = Integer.toString(random.nextInt(1_000_000));
        return "0".repeat(6 - digits.length()) + digits;
    }

    /** Bound to the transaction, so the hash of one challenge's code says nothing about another's. */
    private String codeMac(String acsTransId, String code) {
        byte[] mac = sealer.mac(("threeds-otp/" + acsTransId + "/" + code).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
