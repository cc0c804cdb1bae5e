package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportedMailTest {

    @Test
    void readsAForwardAsAttachmentDownToThePhishingMail() {
        ReportedMail mail = ReportedMail.parse(CaseFixtures.resource("forwarded.eml"));
        assertThat(mail.subject()).isEqualTo("Fwd: 変なメールが来ました");
        assertThat(mail.attached()).hasSize(1);
        ReportedMail phishing = mail.phishingMail();
        assertThat(phishing.subject()).isEqualTo("【重要】カードご利用確認のお願い");
        assertThat(phishing.from()).contains("三井住友カード").contains("info@smbc-card.secure-login.example");
        assertThat(phishing.messageId()).isEqualTo("<phish-0001@secure-login.example>");
        // quoted-printable UTF-8 text part decoded
        assertThat(phishing.mainText()).contains("お客様のカードのご利用を一時停止しました。");
        assertThat(phishing.htmls()).singleElement().asString().contains("href=\"https://smbc-card.secure-login.example/verify/\"");
    }

    @Test
    void urlsComeFromTheNestedMailsHtmlLinksAndDefangedText() {
        ReportedMail mail = ReportedMail.parse(CaseFixtures.resource("forwarded.eml"));
        assertThat(mail.urls()).extracting(ReportedUrl::url).containsExactly(
                "https://smbc-card.secure-login.example/verify/",
                "https://smbc-card.secure-login.example/verify?id=88");
        // the brand's real address shown as link text is not taken, nor the mailto link
        assertThat(mail.urls()).extracting(ReportedUrl::host).doesNotContain("www.smbc-card.com");
        // both URLs are the same page: one case key
        assertThat(mail.urls().get(0).key()).isEqualTo(mail.urls().get(1).key());
    }

    @Test
    void refusesWhatIsNotAMail() {
        assertThatThrownBy(() -> ReportedMail.parse(new byte[0])).isInstanceOfSatisfying(InvalidReportException.class,
                e -> assertThat(e.rule()).isEqualTo("required"));
        assertThatThrownBy(() -> ReportedMail.parse("just some words\r\nno headers at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidReportException.class, e -> {
                    assertThat(e.field()).isEqualTo("eml");
                    assertThat(e.rule()).isEqualTo("rfc5322");
                });
        assertThatThrownBy(() -> ReportedMail.parse(new byte[Screenshots.MAX_BYTES + 1]))
                .isInstanceOfSatisfying(InvalidReportException.class, e -> assertThat(e.rule()).isEqualTo("max-size"));
    }

    @Test
    void aBrokenMultipartIsReadAsFarAsItGoesOrRefusedNeverThrownRaw() {
        String broken = "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64 https://evil.example.com/x\r\n";
        try {
            ReportedMail mail = ReportedMail.parse(broken.getBytes(StandardCharsets.US_ASCII));
            assertThat(mail.subject()).isEqualTo("x");
        } catch (InvalidReportException e) {
            assertThat(e.field()).isEqualTo("eml");
        }
    }
}
