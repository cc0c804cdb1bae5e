package dev.mamori.threeds.challenge;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.common.Totp;
import dev.mamori.threeds.ChallengeAuthenticator.Challenge;
import dev.mamori.threeds.ChallengeAuthenticator.ChallengeRefused;
import dev.mamori.threeds.ChallengeAuthenticator.Outcome;
import dev.mamori.threeds.ChallengeAuthenticator.Verdict;
import dev.mamori.threeds.ChallengeMethod;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardholderChallengesTest {
    private static final String CARD = "fp-card-1";
    private final TenantId tenant = TenantId.random();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T03:00:00Z"));
    private final RecordingSender mail = new RecordingSender(OtpSender.Channel.EMAIL);
    private final RecordingSender sms = new RecordingSender(OtpSender.Channel.SMS);
    private final List<OobNotifier.Request> notified = new ArrayList<>();
    private DataSource db;
    private CardholderChallenges challenges;

    @BeforeEach
    void setUp() {
        db = OtpTestDatabase.create("challenges");
        byte[] sealKey = new byte[32];
        byte[] macKey = new byte[32];
        new SecureRandom().nextBytes(sealKey);
        new SecureRandom().nextBytes(macKey);
        challenges = new CardholderChallenges(db, new AesGcmSecretSealer(sealKey, macKey), mail, sms, notified::add,
                (t, id) -> Optional.of(new Purchase("Demo Shop", 12_000L, Currency.getInstance("JPY"))), ChallengeSettings.defaults(), clock);
        challenges.enrolments().enrol(tenant, CARD, "4242", new EnrolmentChange("taro@example.jp", "+819012345678", null, "app-registration-0001"));
    }

    private String txn() {
        return UUID.randomUUID().toString();
    }

    private Challenge start(String id, ChallengeMethod method) throws ChallengeRefused {
        return challenges.start(tenant, CARD, id, method, Locale.JAPANESE);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "000001" : "000000";
    }

    @Test
    void methodsListTheEnrolledOnesPreferredFirst() {
        assertThat(challenges.methods(tenant, CARD)).containsExactly(ChallengeMethod.OUT_OF_BAND, ChallengeMethod.SMS_OTP, ChallengeMethod.EMAIL_OTP);
        assertThat(challenges.methods(tenant, "other-card")).isEmpty();
        assertThat(challenges.methods(TenantId.random(), CARD)).isEmpty();
    }

    @Test
    void anEmailCodeWorksOnceAndNeverTwice() throws Exception {
        String id = txn();
        Challenge c = start(id, ChallengeMethod.EMAIL_OTP);
        assertThat(c.maskedDestination()).isEqualTo("t***@example.jp");
        assertThat(c.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(c.attemptsLeft()).isEqualTo(3);
        assertThat(c.resendsLeft()).isEqualTo(2);
        OtpMessage sent = mail.sent.get(0);
        assertThat(sent.destination()).isEqualTo("taro@example.jp");
        assertThat(sent.code()).matches("[0-9]{6}");
        assertThat(sent.cardLast4()).isEqualTo("4242");
        assertThat(sent.purchase().merchantName()).isEqualTo("Demo Shop");
        assertThat(sent.toString()).doesNotContain(sent.code());

        assertThat(challenges.verify(tenant, id, sent.code()).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(challenges.verify(tenant, id, sent.code()).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void theCodeIsStoredOnlyAsAKeyedHash() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        String code = sms.lastCode();
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery("select * from threeds.challenges")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getObject(i))).doesNotContain(code);
            }
        }
    }

    @Test
    void anotherTenantCannotAnswerTheChallenge() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        assertThat(challenges.verify(TenantId.random(), id, sms.lastCode()).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(challenges.verify(tenant, id, sms.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void wrongAnswersUseUpTheAttemptsAndThenTheRightCodeNoLongerWorks() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        String code = sms.lastCode();
        assertThat(challenges.verify(tenant, id, wrong(code))).isEqualTo(new Verdict(Outcome.WRONG, 2));
        assertThat(challenges.verify(tenant, id, "12ab56")).isEqualTo(new Verdict(Outcome.WRONG, 1));
        assertThat(challenges.verify(tenant, id, wrong(code))).isEqualTo(new Verdict(Outcome.LOCKED, 0));
        assertThat(challenges.verify(tenant, id, code).outcome()).isEqualTo(Outcome.LOCKED);
        assertThatThrownBy(() -> challenges.resend(tenant, id, Locale.ENGLISH)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("challenge-over"));
    }

    @Test
    void aCodeExpiresAfterItsTimeToLive() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.EMAIL_OTP);
        String code = mail.lastCode();
        clock.advance(Duration.ofMinutes(5));
        assertThat(challenges.verify(tenant, id, code).outcome()).isEqualTo(Outcome.EXPIRED);
        // A fresh code after expiry works.
        challenges.resend(tenant, id, Locale.ENGLISH);
        assertThat(challenges.verify(tenant, id, mail.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aCodeStillWorksJustBeforeItExpires() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.EMAIL_OTP);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(challenges.verify(tenant, id, mail.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void aResentCodeReplacesTheOldOneAndRestoresTheAttempts() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        String first = sms.lastCode();
        assertThat(challenges.verify(tenant, id, wrong(first)).attemptsLeft()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        Challenge again = challenges.resend(tenant, id, Locale.ENGLISH);
        assertThat(again.resendsLeft()).isEqualTo(1);
        assertThat(again.attemptsLeft()).isEqualTo(3);
        String second = sms.lastCode();
        assertThat(sms.sent).hasSize(2);
        if (!second.equals(first)) {
            assertThat(challenges.verify(tenant, id, first)).isEqualTo(new Verdict(Outcome.WRONG, 2));
        }
        assertThat(challenges.verify(tenant, id, second).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void resendsAreLimitedInNumberAndSpacing() throws Exception {
        String id = txn();
        start(id, ChallengeMethod.EMAIL_OTP);
        assertThatThrownBy(() -> challenges.resend(tenant, id, Locale.ENGLISH)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("resend-too-soon"));
        clock.advance(Duration.ofSeconds(30));
        challenges.resend(tenant, id, Locale.ENGLISH);
        clock.advance(Duration.ofSeconds(30));
        assertThat(challenges.resend(tenant, id, Locale.ENGLISH).resendsLeft()).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> challenges.resend(tenant, id, Locale.ENGLISH)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("resend-limit"));
        assertThat(mail.sent).hasSize(3);
        assertThat(challenges.verify(tenant, id, mail.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void fiveFailedChallengesLockTheCardFor24Hours() throws Exception {
        for (int i = 0; i < 5; i++) {
            failChallenge();
        }
        assertThat(challenges.lockedUntil(tenant, CARD)).contains(clock.instant().plus(Duration.ofHours(24)));
        assertThatThrownBy(() -> start(txn(), ChallengeMethod.EMAIL_OTP)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("locked-out"));
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThatThrownBy(() -> start(txn(), ChallengeMethod.SMS_OTP)).isInstanceOf(ChallengeRefused.class);
        clock.advance(Duration.ofSeconds(1));
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        assertThat(challenges.verify(tenant, id, sms.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void fourFailedChallengesDoNotLockAndOldFailuresDropOutOfTheWindow() throws Exception {
        for (int i = 0; i < 4; i++) {
            failChallenge();
        }
        assertThat(challenges.lockedUntil(tenant, CARD)).isEmpty();
        clock.advance(Duration.ofHours(24));
        failChallenge();
        assertThat(challenges.lockedUntil(tenant, CARD)).isEmpty();
    }

    @Test
    void aLockoutEndsAChallengeInProgress() throws Exception {
        String open = txn();
        start(open, ChallengeMethod.EMAIL_OTP);
        String code = mail.lastCode();
        for (int i = 0; i < 5; i++) {
            failChallenge();
        }
        assertThat(challenges.verify(tenant, open, code)).isEqualTo(new Verdict(Outcome.LOCKED, 0));
        challenges.unlock(tenant, CARD);
        assertThat(challenges.lockedUntil(tenant, CARD)).isEmpty();
    }

    private void failChallenge() throws ChallengeRefused {
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        String code = sms.lastCode();
        for (int i = 0; i < 3; i++) {
            challenges.verify(tenant, id, wrong(code));
        }
    }

    @Test
    void aChallengeStartsOnlyForAnEnrolledMethodAndOncePerTransaction() throws Exception {
        assertThatThrownBy(() -> start(txn(), ChallengeMethod.TOTP)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("not-enrolled"));
        assertThatThrownBy(() -> challenges.start(tenant, "unknown", txn(), ChallengeMethod.SMS_OTP, Locale.ENGLISH))
                .isInstanceOfSatisfying(ChallengeRefused.class, e -> assertThat(e.reason()).isEqualTo("not-enrolled"));
        String id = txn();
        start(id, ChallengeMethod.SMS_OTP);
        assertThatThrownBy(() -> start(id, ChallengeMethod.EMAIL_OTP)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("already-started"));
    }

    @Test
    void aChallengeWhoseCodeCannotBeSentDoesNotStart() throws Exception {
        sms.failing = true;
        String id = txn();
        assertThatThrownBy(() -> start(id, ChallengeMethod.SMS_OTP)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("delivery-failed"));
        assertThat(challenges.verify(tenant, id, "123456").outcome()).isEqualTo(Outcome.EXPIRED);
        sms.failing = false;
        start(id, ChallengeMethod.SMS_OTP);
        assertThat(challenges.verify(tenant, id, sms.lastCode()).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void authenticatorAppCodesWorkWithinOneStepAndEachStepOnlyOnce() throws Exception {
        ChallengeEnrolments.Result enrolled = challenges.enrolments().enrol(tenant, CARD, "4242", new EnrolmentChange(null, null, true, null));
        byte[] key = TestBase32.decode(query(enrolled.totpUri(), "secret"));
        Totp totp = Totp.authenticatorApp();
        long step = totp.step(clock.instant());

        String previous = txn();
        start(previous, ChallengeMethod.TOTP);
        assertThat(challenges.verify(tenant, previous, totp.code(key, step - 1)).outcome()).isEqualTo(Outcome.SUCCESS);

        String replay = txn();
        start(replay, ChallengeMethod.TOTP);
        assertThat(challenges.verify(tenant, replay, totp.code(key, step - 1))).isEqualTo(new Verdict(Outcome.WRONG, 2));
        assertThat(challenges.verify(tenant, replay, totp.code(key, step - 3))).isEqualTo(new Verdict(Outcome.WRONG, 1));
        assertThat(challenges.verify(tenant, replay, totp.code(key, step + 1)).outcome()).isEqualTo(Outcome.SUCCESS);

        String older = txn();
        start(older, ChallengeMethod.TOTP);
        // step + 1 was used: the current step is older, so it no longer works either.
        assertThat(challenges.verify(tenant, older, totp.code(key, step)).outcome()).isEqualTo(Outcome.WRONG);
        clock.advance(Duration.ofSeconds(60));
        assertThat(challenges.verify(tenant, older, totp.code(key, step + 2)).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void authenticatorAppAnswersCountAgainstTheLockout() throws Exception {
        challenges.enrolments().enrol(tenant, CARD, "4242", new EnrolmentChange(null, null, true, null));
        for (int i = 0; i < 5; i++) {
            String id = txn();
            start(id, ChallengeMethod.TOTP);
            for (int a = 0; a < 3; a++) {
                challenges.verify(tenant, id, "abcdef");
            }
        }
        assertThat(challenges.lockedUntil(tenant, CARD)).isPresent();
    }

    @Test
    void aNewAuthenticatorSecretReplacesTheOld() throws Exception {
        ChallengeEnrolments.Result first = challenges.enrolments().enrol(tenant, CARD, "4242", new EnrolmentChange(null, null, true, null));
        ChallengeEnrolments.Result second = challenges.enrolments().enrol(tenant, CARD, "4242", new EnrolmentChange(null, null, true, null));
        byte[] oldKey = TestBase32.decode(query(first.totpUri(), "secret"));
        byte[] newKey = TestBase32.decode(query(second.totpUri(), "secret"));
        Totp totp = Totp.authenticatorApp();
        String id = txn();
        start(id, ChallengeMethod.TOTP);
        String oldCode = totp.code(oldKey, totp.step(clock.instant()));
        String newCode = totp.code(newKey, totp.step(clock.instant()));
        if (!oldCode.equals(newCode)) {
            assertThat(challenges.verify(tenant, id, oldCode).outcome()).isEqualTo(Outcome.WRONG);
        }
        assertThat(challenges.verify(tenant, id, newCode).outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void outOfBandIsPendingUntilTheAppApproves() throws Exception {
        String id = txn();
        Challenge c = start(id, ChallengeMethod.OUT_OF_BAND);
        assertThat(c.method().acsUiType()).isEqualTo("04");
        assertThat(notified).singleElement().satisfies(r -> {
            assertThat(r.acsTransId()).isEqualTo(id);
            assertThat(r.device()).isEqualTo("app-registration-0001");
            assertThat(r.cardLast4()).isEqualTo("4242");
        });
        assertThat(challenges.verify(tenant, id, null).outcome()).isEqualTo(Outcome.PENDING);
        assertThat(challenges.answerOutOfBand(TenantId.random(), id, true)).isEqualTo(CardholderChallenges.OobAnswer.UNKNOWN);
        assertThat(challenges.verify(tenant, id, null).outcome()).isEqualTo(Outcome.PENDING);
        assertThat(challenges.answerOutOfBand(tenant, id, true)).isEqualTo(CardholderChallenges.OobAnswer.RECORDED);
        assertThat(challenges.answerOutOfBand(tenant, id, false)).isEqualTo(CardholderChallenges.OobAnswer.ALREADY_ANSWERED);
        assertThat(challenges.verify(tenant, id, "ignored").outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(challenges.verify(tenant, id, null).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void outOfBandDeclinedAndExpired() throws Exception {
        String declined = txn();
        start(declined, ChallengeMethod.OUT_OF_BAND);
        challenges.answerOutOfBand(tenant, declined, false);
        assertThat(challenges.verify(tenant, declined, null).outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(challenges.verify(tenant, declined, null).outcome()).isEqualTo(Outcome.DECLINED);

        String late = txn();
        start(late, ChallengeMethod.OUT_OF_BAND);
        clock.advance(Duration.ofMinutes(5));
        assertThat(challenges.verify(tenant, late, null).outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(challenges.answerOutOfBand(tenant, late, true)).isEqualTo(CardholderChallenges.OobAnswer.EXPIRED);
        assertThat(challenges.verify(tenant, late, null).outcome()).isEqualTo(Outcome.EXPIRED);

        String otp = txn();
        start(otp, ChallengeMethod.SMS_OTP);
        assertThat(challenges.answerOutOfBand(tenant, otp, true)).isEqualTo(CardholderChallenges.OobAnswer.NOT_OUT_OF_BAND);
        assertThatThrownBy(() -> challenges.resend(tenant, late, Locale.ENGLISH)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("not-resendable"));
    }

    @Test
    void unknownTransactionsAreExpiredAndCannotBeResent() {
        assertThat(challenges.verify(tenant, "nope", "123456")).isEqualTo(new Verdict(Outcome.EXPIRED, 0));
        assertThatThrownBy(() -> challenges.resend(tenant, "nope", Locale.ENGLISH)).isInstanceOfSatisfying(ChallengeRefused.class,
                e -> assertThat(e.reason()).isEqualTo("unknown-challenge"));
    }

    static String query(String uri, String name) {
        for (String part : URI.create(uri).getRawQuery().split("&")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in the URI");
    }
}
