package dev.mamori.phishing.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.phishing.dkim.DkimResult;
import dev.mamori.phishing.dkim.Rfc8463Example;
import dev.mamori.phishing.dmarc.DmarcRecord;
import dev.mamori.phishing.dmarc.DmarcResult;
import dev.mamori.phishing.dns.DnsJavaResolver;
import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.spf.SpfResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole-message authentication against a real authoritative DNS server (unbound) with test zones. */
public class MessageAuthenticatorTest {
    static LocalDnsServer dns;
    static MessageAuthenticator authenticator;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    /** RFC 8463 Appendix A.3: signed with ed25519-sha256 and rsa-sha256 by football.example.com. */
    public static final String RFC8463 = Rfc8463Example.SIGNED_MESSAGE;

    @BeforeAll
    static void start() {
        dns = LocalDnsServer.start(MailTestZones.zones());
        authenticator = new MessageAuthenticator(dns.resolver(), CLOCK, "mx.mamori.test");
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    static byte[] bytes(String message) {
        return message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRfc8463MessageFromAnAuthorizedHostPassesEverything() {
        MessageAuthentication result = authenticator.authenticate(bytes(RFC8463),
                SmtpEnvelope.parse("192.0.2.25", "mx.football.example.com", "<joe@football.example.com>"));

        assertThat(result.fromDomain()).isEqualTo("football.example.com");
        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.PASS);
        assertThat(result.dkim()).extracting(DkimResult::result).containsExactly(DkimResult.Result.PASS, DkimResult.Result.PASS);
        assertThat(result.dkim()).extracting(DkimResult::algorithm).containsExactly("ed25519-sha256", "rsa-sha256");
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.PASS);
        assertThat(result.dmarc().spfAligned()).isTrue();
        assertThat(result.dmarcFailed()).isFalse();
        assertThat(result.authenticationResults()).startsWith("mx.mamori.test; spf=pass smtp.mailfrom=joe@football.example.com")
                .contains("dkim=pass header.d=football.example.com header.s=brisbane")
                .contains("dkim=pass header.d=football.example.com header.s=test")
                .contains("dmarc=pass").contains("header.from=football.example.com");
        assertThat(result.reasons()).hasSize(4).first().asString().startsWith("spf=pass for MAIL FROM football.example.com from 192.0.2.25");
    }

    @Test
    void aMessageSavedFromAMailboxFileStartsWithAnMboxLineThatIsNotPartOfIt() {
        MessageAuthentication result = authenticator.authenticate(bytes("From joe@football.example.com Fri Jul 11 21:00:37 2003\n" + RFC8463),
                SmtpEnvelope.parse("192.0.2.25", "mx.football.example.com", "joe@football.example.com"));
        assertThat(result.dkim()).extracting(DkimResult::result).containsExactly(DkimResult.Result.PASS, DkimResult.Result.PASS);
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.PASS);
    }

    @Test
    void aSignedMessageRelayedByAnotherHostStillPassesDmarcThroughAlignedDkim() {
        MessageAuthentication result = authenticator.authenticate(bytes(RFC8463),
                SmtpEnvelope.parse("203.0.113.50", "relay-mail.test", "bounces@relay-mail.test"));

        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.PASS);
        assertThat(result.dmarc().spfAligned()).isFalse();
        assertThat(result.dmarc().dkimAlignedDomain()).isEqualTo("football.example.com");
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.PASS);
    }

    @Test
    void aSpoofedCopyWithATamperedBodyFromAnUnauthorizedHostFailsAndGetsTheRejectDisposition() {
        String tampered = RFC8463.replace("Are you hungry yet?", "Please confirm your card number at hxxp://evil.example");
        MessageAuthentication result = authenticator.authenticate(bytes(tampered),
                SmtpEnvelope.parse("198.18.0.9", "evil.example", "joe@football.example.com"));

        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.FAIL);
        assertThat(result.dkim()).extracting(DkimResult::result).containsOnly(DkimResult.Result.FAIL);
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.FAIL);
        assertThat(result.dmarc().disposition()).isEqualTo(DmarcRecord.Policy.REJECT);
        assertThat(result.dmarcFailed()).isTrue();
        assertThat(result.authenticationResults()).contains("spf=fail").contains("dkim=fail").contains("dmarc=fail");
    }

    @Test
    void anUnsignedMessageWhoseSpfPassesForAnotherDomainIsNotAligned() {
        String message = """
                From: Shop <info@shop-mail.test>
                To: someone@example.net
                Subject: Your order

                Thank you.
                """;
        MessageAuthentication result = authenticator.authenticate(bytes(message),
                SmtpEnvelope.parse("203.0.113.7", "relay-mail.test", "bounce@relay-mail.test"));

        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.PASS);
        assertThat(result.dkim()).extracting(DkimResult::result).containsExactly(DkimResult.Result.NONE);
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.FAIL);
        assertThat(result.dmarc().disposition()).isEqualTo(DmarcRecord.Policy.QUARANTINE);
        assertThat(result.authenticationResults()).contains("dkim=none").contains("dmarc=fail");
    }

    @Test
    void aBounceIsCheckedForItsHeloNameAndAlignsWithASubdomainInRelaxedMode() {
        String message = """
                From: Mailer <mailer-daemon@bounce.shop-mail.test>
                Subject: Undelivered

                .
                """;
        MessageAuthentication result = authenticator.authenticate(bytes(message), SmtpEnvelope.parse("198.51.100.9", "bounce.shop-mail.test", "<>"));

        assertThat(result.envelope().spfChecksHelo()).isTrue();
        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.PASS);
        assertThat(result.authenticationResults()).contains("spf=pass smtp.helo=bounce.shop-mail.test");
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.PASS);
        assertThat(result.dmarc().policyDomain()).isEqualTo("shop-mail.test");
    }

    @Test
    void aDnsServerThatDoesNotAnswerIsATemporaryErrorNotAFail() {
        MessageAuthenticator unreachable = new MessageAuthenticator(
                DnsJavaResolver.forServer("127.0.0.1:9", Duration.ofMillis(200)), CLOCK, "mx.mamori.test");
        MessageAuthentication result = unreachable.authenticate(bytes(RFC8463), SmtpEnvelope.parse("192.0.2.25", "x.test", "joe@football.example.com"));

        assertThat(result.spf().result()).isEqualTo(SpfResult.Result.TEMPERROR);
        assertThat(result.dmarc().result()).isEqualTo(DmarcResult.Result.TEMPERROR);
        assertThat(result.dmarcFailed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "Hello, this is just a body line.|header-fields",
            "To: a@example.net\\nSubject: no author\\n\\nbody|from-missing",
            "From: a@shop-mail.test\\nFrom: b@shop-mail.test\\n\\nbody|from-multiple",
            "From: a@shop-mail.test, b@shop-mail.test\\n\\nbody|from-mailboxes",
            "From: Friends: a@shop-mail.test, b@shop-mail.test;\\n\\nbody|from-mailboxes",
            "From: <not an address\\n\\nbody|from-syntax",
            "From: someone\\n\\nbody|from-domain",
            "From: a@[192.0.2.1]\\n\\nbody|from-domain",
    })
    void messagesWithoutASingleAuthorAreRefusedNamingTheRule(String message, String rule) {
        byte[] raw = bytes(message.replace("\\n", "\n"));
        SmtpEnvelope envelope = SmtpEnvelope.parse("192.0.2.25", "x.test", "a@shop-mail.test");
        assertThatThrownBy(() -> authenticator.authenticate(raw, envelope)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo("message");
            assertThat(e.rule()).isEqualTo(rule);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|x.test|a@shop-mail.test|ip|required",
            "mail.shop-mail.test|x.test|a@shop-mail.test|ip|ip-address",
            "999.1.1.1|x.test|a@shop-mail.test|ip|ip-address",
            "192.0.2.1|with space|a@shop-mail.test|helo|helo-name",
            "192.0.2.1|x.test|no-at-sign|mailFrom|reverse-path",
            "192.0.2.1|x.test|a@|mailFrom|reverse-path",
    })
    void envelopeValuesAreCheckedWithoutAnyLookup(String ip, String helo, String mailFrom, String field, String rule) {
        assertThatThrownBy(() -> SmtpEnvelope.parse(ip, helo, mailFrom)).isInstanceOfSatisfying(MalformedMessageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
        });
    }

    @Test
    void envelopeValuesAcceptTheirUsualSpellings() {
        assertThat(SmtpEnvelope.parse("[IPv6:2001:db8::1]", "", "<>").ip().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        SmtpEnvelope envelope = SmtpEnvelope.parse(" 192.0.2.1 ", "mx.shop-mail.test", "<Bounce+123@Shop-Mail.TEST>");
        assertThat(envelope.mailFrom()).isEqualTo("Bounce+123@shop-mail.test");
        assertThat(envelope.spfDomain()).isEqualTo("shop-mail.test");
    }
}
