package dev.mamori.phishing.cli;

import static dev.mamori.phishing.aggregate.ReportFiles.gzip;
import static dev.mamori.phishing.aggregate.ReportFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmarcReportCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return DmarcReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void readsEachFileAndSummarizesTheSendersPerDomain() throws IOException {
        Path google = Files.write(dir.resolve("google.bin"), gzip(resource("google-mamori.xml")));
        Path microsoft = Files.write(dir.resolve("microsoft.xml"), resource("microsoft-mamori.xml"));

        int code = run(google.toString(), microsoft.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(DmarcReportCommand.OK);
        assertThat(text).contains(google + ": gzip, google.com report 10978945612783452211 for mamori-card.test")
                .contains("mamori-card.test: 1625 messages, 1280 pass DMARC, 345 fail");
        assertThat(text).containsPattern("198\\.51\\.100\\.25 +300 messages +0 pass +300 fail  forgotten-sender")
                .containsPattern("203\\.0\\.113\\.66 +45 messages +0 pass +45 fail  spoofing");
    }

    @Test
    void aRejectedFileIsNamedWithItsRuleAndSetsTheExitCode() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<rss/>");
        Path good = Files.write(dir.resolve("good.xml"), resource("microsoft-mamori.xml"));

        assertThat(run("--quiet", bad.toString(), good.toString())).isEqualTo(DmarcReportCommand.REJECTED);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains(bad + ": rejected: feedback: not a DMARC aggregate report").contains("(not-dmarc)")
                .doesNotContain(good + ": xml").contains("mamori-card.test: 80 messages");
    }

    @Test
    void usageErrors() {
        assertThat(run()).isEqualTo(DmarcReportCommand.USAGE);
        assertThat(run("--bogus")).isEqualTo(DmarcReportCommand.USAGE);
        assertThat(run(dir.resolve("missing.xml").toString())).isEqualTo(DmarcReportCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read");
        assertThat(run("--help")).isEqualTo(DmarcReportCommand.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: ./mamori dmarc-report");
    }
}
