package dev.mamori.threeds.challenge;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.ChallengeMethod;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-time passwords by e-mail through a real SMTP server (GreenMail on a free TCP port). */
class SmtpOtpSenderTest {
    private static final String PAN = "4242424242424242";
    private final TenantId tenant = TenantId.random();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T03:00:00Z"));
    private GreenMail smtp;
    private CardholderChallenges challenges;

    @BeforeEach
    void setUp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(a);
        new SecureRandom().nextBytes(b);
        SmtpOtpSender sender = new SmtpOtpSender(new SmtpSettings("127.0.0.1", smtp.getSmtp().getPort(), false, null, null,
                "Mamori ACS <acs@mamori.example>"));
        Outbox outbox = new Outbox(10, clock);
        challenges = new CardholderChallenges(OtpTestDatabase.create("smtp"), new AesGcmSecretSealer(a, b), sender, OutboxOtpSender.sms(outbox),
                OobNotifier.toOutbox(outbox),
                (t, id) -> Optional.of(new Purchase("ネットショップ\r\nBcc: x@evil.example", 12_345L, Currency.getInstance("JPY"))),
                ChallengeSettings.defaults(), clock);
        challenges.enrolments().enrol(tenant, "fp", PAN.substring(12), new EnrolmentChange("hanako@example.jp", null, null, null));
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
    }

    @Test
    void aJapaneseCardholderGetsTheCodeInJapanese() throws Exception {
        String id = UUID.randomUUID().toString();
        challenges.start(tenant, "fp", id, ChallengeMethod.EMAIL_OTP, Locale.JAPAN);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("hanako@example.jp");
        assertThat(mail.getSubject()).isEqualTo("【本人認証】ワンタイムパスワードのお知らせ");
        assertThat(mail.getHeader("Content-Language")[0]).isEqualTo("ja");
        assertThat(mail.getHeader("Bcc")).isNull();
        String body = (String) mail.getContent();
        assertThat(body).contains("ご利用先: ネットショップ  Bcc: x@evil.example", "ご利用金額: JPY 12,345", "カード: 末尾 4242",
                "有効期限: 2026/11/26 12:05 (日本時間、5分間有効)");
        String code = body.replaceAll("(?s).*ワンタイムパスワード: ([0-9]{6}).*", "$1");
        assertThat(code).matches("[0-9]{6}");
        assertThat(body).doesNotContain(PAN).doesNotContain("424242");
        assertThat(challenges.verify(tenant, id, code).outcome()).isEqualTo(dev.mamori.threeds.ChallengeAuthenticator.Outcome.SUCCESS);
    }

    @Test
    void anEnglishCardholderGetsTheCodeInEnglish() throws Exception {
        String id = UUID.randomUUID().toString();
        challenges.start(tenant, "fp", id, ChallengeMethod.EMAIL_OTP, Locale.UK);
        clock.advance(Duration.ofSeconds(30));
        challenges.resend(tenant, id, Locale.UK);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage last = received[1];
        assertThat(last.getSubject()).isEqualTo("Your one-time password for an online purchase");
        String body = (String) last.getContent();
        assertThat(body).contains("Amount: JPY 12,345", "Card: ending in 4242", "Valid until: 2026-11-26 03:05 UTC (5 minutes)")
                .doesNotContain(PAN).doesNotContain("ワンタイム");
        String code = body.replaceAll("(?s).*One-time password: ([0-9]{6}).*", "$1");
        String first = ((String) received[0].getContent()).replaceAll("(?s).*One-time password: ([0-9]{6}).*", "$1");
        if (!first.equals(code)) {
            assertThat(challenges.verify(tenant, id, first).outcome()).isEqualTo(dev.mamori.threeds.ChallengeAuthenticator.Outcome.WRONG);
        }
        assertThat(challenges.verify(tenant, id, code).outcome()).isEqualTo(dev.mamori.threeds.ChallengeAuthenticator.Outcome.SUCCESS);
    }

    @Test
    void anUnreachableServerFailsTheSendWithoutTheCodeInTheError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SmtpOtpSender sender = new SmtpOtpSender(new SmtpSettings("127.0.0.1", closedPort, false, null, null, "acs@mamori.example"));
        OtpMessage message = new OtpMessage(tenant, OtpSender.Channel.EMAIL, "hanako@example.jp", "987654", null, "4242",
                clock.instant(), Duration.ofMinutes(5), Locale.JAPAN);
        assertThatThrownBy(() -> sender.send(message)).isInstanceOf(OtpSender.OtpDeliveryException.class)
                .hasMessageNotContaining("987654");
    }
}
