package dev.mamori.phishing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhishingUrlsCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return PhishingUrlsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsTheUrlsOfAnSmsAndAMail() throws IOException {
        Path sms = Files.writeString(dir.resolve("sms.txt"), "【カード】確認 hxxps://evil-card[.]example[.]com/login?c=4111111111111111 から");
        Path eml = dir.resolve("forwarded.eml");
        try (InputStream in = getClass().getResourceAsStream("/phishing/forwarded.eml")) {
            Files.write(eml, in.readAllBytes());
        }
        assertThat(run(sms.toString(), eml.toString())).isEqualTo(PhishingUrlsCommand.FOUND);
        // The file name is masked too, and a random temporary directory name is now and then a Luhn-valid number.
        String smsName = dev.mamori.common.CardNumberDetector.mask(sms.toString());
        String emlName = dev.mamori.common.CardNumberDetector.mask(eml.toString());
        assertThat(out()).contains(smsName + "\thttps://evil-card.example.com/login?c=411111******1111\tevil-card.example.com\t"
                + "hxxps[://]evil-card[.]example[.]com/login?c=411111******1111");
        assertThat(out()).contains(emlName + "\thttps://smbc-card.secure-login.example/verify/\t");
        assertThat(out()).doesNotContain("4111111111111111");
    }

    @Test
    void defangedOnlyPrintsOneSafeLinePerUrl() throws IOException {
        Path sms = Files.writeString(dir.resolve("a.txt"), "https://a.evil.example.com/x and b.evil.example.net/y");
        assertThat(run("--defanged", sms.toString())).isZero();
        assertThat(out().lines()).containsExactly("hxxps[://]a[.]evil[.]example[.]com/x", "hxxp[://]b[.]evil[.]example[.]net/y");
    }

    @Test
    void exitCodesForNothingFoundAndUsageErrors() throws IOException {
        Path none = Files.writeString(dir.resolve("none.txt"), "nothing to see");
        assertThat(run(none.toString())).isEqualTo(PhishingUrlsCommand.NOTHING_FOUND);
        assertThat(run()).isEqualTo(PhishingUrlsCommand.USAGE);
        assertThat(run("--bogus")).isEqualTo(PhishingUrlsCommand.USAGE);
        assertThat(run(dir.resolve("missing.txt").toString())).isEqualTo(PhishingUrlsCommand.USAGE);
        Path notMail = Files.writeString(dir.resolve("x.eml"), "just words");
        assertThat(run(notMail.toString())).isEqualTo(PhishingUrlsCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a mail message");
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: ./mamori phishing-urls");
    }

    @Test
    void mailsAreRecognisedByTheirHeaders() {
        assertThat(PhishingUrlsCommand.looksLikeMail("x.txt", "From: a@b.example\r\nSubject: x\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PhishingUrlsCommand.looksLikeMail("x.txt", "Hello: this is a sentence".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
