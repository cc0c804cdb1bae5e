package dev.mamori.phishing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.DomainName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookalikeCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LookalikeCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("observed.txt"), text);
    }

    @Test
    void printsMatchesAsATableAndExitsOne() throws IOException {
        Path observed = file("mmaori.jp\nwww.mamori.jp\nexample.com\n" + DomainName.of("m\u0430mori.jp").ascii() + "\nsakuracrad.co.jp\nbad..name\n");
        assertThat(run("--brand", "mamori.jp", "sakuracard.co.jp", "--observed", observed.toString())).isEqualTo(LookalikeCommand.FOUND);
        assertThat(out()).contains("SCORE", "0.900  transposition  mmaori.jp", "sakuracrad.co.jp", "0.970  idn-homoglyph  m\u0430mori.jp (xn--")
                .doesNotContain("www.mamori.jp").doesNotContain("example.com");
        assertThat(err()).contains("line 6 skipped (empty-label)", "5 names checked against 2 brands, 3 matches");
    }

    @Test
    void jsonLinesAndMinScore() throws IOException {
        Path observed = file("mmaori.jp\nmamori-shopping-deals.net\n");
        assertThat(run("--brand", "mamori.jp", "--observed", observed.toString(), "--json", "--min-score", "0.8")).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                "{\"observed\":\"mmaori.jp\",\"unicode\":\"mmaori.jp\",\"brand\":\"mamori.jp\",\"score\":0.9,\"technique\":\"transposition\"}");
    }

    @Test
    void noMatchExitsZero() throws IOException {
        assertThat(run("--brand", "mamori.jp", "--observed", file("example.com\nmamori.jp\n").toString())).isEqualTo(0);
        assertThat(out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        Path observed = file("mmaori.jp\n");
        assertThat(run("--observed", observed.toString())).isEqualTo(2);
        assertThat(err()).contains("--brand is required");
        assertThat(run("--brand", "--observed", observed.toString())).isEqualTo(2);
        assertThat(run("--brand", "not_a_domain", "--observed", observed.toString())).isEqualTo(2);
        assertThat(run("--brand", "mamori.jp", "--observed", observed.toString(), "--min-score", "2")).isEqualTo(2);
        assertThat(err()).contains("--min-score is a number from 0 to 1");
        assertThat(run("--brand", "mamori.jp", "--observed", dir.resolve("missing.txt").toString())).isEqualTo(2);
        assertThat(err()).contains("no such file");
        assertThat(run("--brand", "mamori.jp", "--observed", dir.toString())).isEqualTo(2);
        assertThat(run("--brand", "mamori.jp", "--frobnicate")).isEqualTo(2);
    }

    @Test
    void help() {
        assertThat(run("--help")).isZero();
        assertThat(out()).isEqualTo(LookalikeCommand.HELP);
    }
}
