package dev.mamori.threeds.challenge;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.threeds.ChallengeMethod;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChallengeEnrolmentsTest {
    private final TenantId tenant = TenantId.random();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T03:00:00Z"));
    private DataSource db;
    private ChallengeEnrolments enrolments;

    @BeforeEach
    void setUp() {
        db = OtpTestDatabase.create("enrolments");
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(a);
        new SecureRandom().nextBytes(b);
        Outbox outbox = new Outbox(10, clock);
        enrolments = new CardholderChallenges(db, new AesGcmSecretSealer(a, b), OutboxOtpSender.email(outbox), OutboxOtpSender.sms(outbox),
                OobNotifier.toOutbox(outbox), PurchaseLookup.NONE, ChallengeSettings.defaults(), clock).enrolments();
    }

    @Test
    void enrolsReadsChangesAndDeletesACard() {
        ChallengeEnrolments.Result created = enrolments.enrol(tenant, "fp1", "1111", new EnrolmentChange(" hanako@example.com ", null, null, null));
        assertThat(created.created()).isTrue();
        assertThat(created.totpUri()).isNull();
        assertThat(created.enrolment().email()).isEqualTo("hanako@example.com");
        assertThat(created.enrolment().methods()).containsExactly(ChallengeMethod.EMAIL_OTP);

        ChallengeEnrolments.Result changed = enrolments.enrol(tenant, "fp1", "1111", new EnrolmentChange(null, "+819012345678", null, null));
        assertThat(changed.created()).isFalse();
        assertThat(changed.enrolment().methods()).containsExactly(ChallengeMethod.SMS_OTP, ChallengeMethod.EMAIL_OTP);
        assertThat(changed.enrolment().createdAt()).isEqualTo(created.enrolment().createdAt());

        enrolments.enrol(tenant, "fp1", "1111", new EnrolmentChange("", null, null, null));
        assertThat(enrolments.find(tenant, "fp1").orElseThrow().methods()).containsExactly(ChallengeMethod.SMS_OTP);
        assertThat(enrolments.find(TenantId.random(), "fp1")).isEmpty();

        assertThat(enrolments.delete(TenantId.random(), "fp1")).isFalse();
        assertThat(enrolments.delete(tenant, "fp1")).isTrue();
        assertThat(enrolments.find(tenant, "fp1")).isEmpty();
        assertThat(enrolments.delete(tenant, "fp1")).isFalse();
    }

    @Test
    void theAuthenticatorSecretIsShownOnceAndStoredSealed() throws Exception {
        ChallengeEnrolments.Result r = enrolments.enrol(tenant, "fp2", "2222", new EnrolmentChange(null, null, true, null));
        assertThat(r.totpUri()).startsWith("otpauth://totp/Mamori%203-D%20Secure%3Acard%202222?secret=")
                .contains("&issuer=Mamori%203-D%20Secure&algorithm=SHA1&digits=6&period=30");
        String secret = CardholderChallengesTest.query(r.totpUri(), "secret");
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(r.toString()).doesNotContain(secret);
        assertThat(r.enrolment().totp()).isTrue();
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery("select totp_secret from threeds.challenge_enrolments")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("g1:").doesNotContain(secret);
        }
        // Changing another method keeps the secret and shows nothing again.
        ChallengeEnrolments.Result later = enrolments.enrol(tenant, "fp2", "2222", new EnrolmentChange("a@example.com", null, null, null));
        assertThat(later.totpUri()).isNull();
        assertThat(later.enrolment().totp()).isTrue();
        assertThat(enrolments.enrol(tenant, "fp2", "2222", new EnrolmentChange(null, null, false, null)).enrolment().totp()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "email, format, not-an-address,,",
        "email, format, a@b,,",
        "phone, e164, , 09012345678,",
        "phone, e164, , +0901234,",
        "oobDevice, format, , , bad device id",
        "oobDevice, format, , , short",
    })
    void badValuesNameTheFieldAndRule(String field, String rule, String email, String phone, String device) {
        assertThatThrownBy(() -> enrolments.enrol(tenant, "fp3", "3333", new EnrolmentChange(email, phone, null, device)))
                .isInstanceOfSatisfying(InvalidEnrolmentException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.rule()).isEqualTo(rule);
                    if (email != null) {
                        assertThat(e.getMessage()).doesNotContain(email);
                    }
                });
        assertThat(enrolments.find(tenant, "fp3")).isEmpty();
    }

    @Test
    void anEnrolmentNeedsAtLeastOneMethod() {
        assertThatThrownBy(() -> enrolments.enrol(tenant, "fp4", "4444", new EnrolmentChange(null, null, false, null)))
                .isInstanceOfSatisfying(InvalidEnrolmentException.class, e -> assertThat(e.rule()).isEqualTo("one-required"));
        enrolments.enrol(tenant, "fp4", "4444", new EnrolmentChange(null, "+819012345678", null, null));
        assertThatThrownBy(() -> enrolments.enrol(tenant, "fp4", "4444", new EnrolmentChange(null, "", null, null)))
                .isInstanceOf(InvalidEnrolmentException.class);
        assertThat(enrolments.find(tenant, "fp4").map(Enrolment::phone)).isEqualTo(Optional.of("+819012345678"));
    }

    @Test
    void theEnrolmentsToStringShowsNoAddress() {
        Enrolment e = enrolments.enrol(tenant, "fp5", "5555", new EnrolmentChange("secret.person@example.com", "+819012345678", null, null))
                .enrolment();
        assertThat(e.toString()).doesNotContain("secret.person").doesNotContain("9012345678").contains("5555");
    }
}
