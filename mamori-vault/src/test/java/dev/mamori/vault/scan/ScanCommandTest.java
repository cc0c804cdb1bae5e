package dev.mamori.vault.scan;

import static dev.mamori.vault.scan.Cards.masked;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ScanCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitsWithZeroAndSaysSoWhenNothingIsFound() throws IOException {
        Files.writeString(dir.resolve("app.log"), "2026-11-25 INFO order 1700000000123 ok\n");
        assertThat(run(dir.toString())).isZero();
        assertThat(out()).contains("No card numbers found.").contains("Scanned 1 file");
        assertThat(err()).isEmpty();
    }

    @Test
    void exitsWithOneAndPrintsMaskedFindingsWithFileLineColumnAndBrand() throws IOException {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "start\nfallback logged pan=" + Cards.VISA + "\n");
        assertThat(run(log.toString())).isEqualTo(1);
        assertThat(out()).startsWith(log + ":2:21: visa " + masked(Cards.VISA) + "\n")
                .contains("1 card number found (visa 1).");
    }

    @Test
    void exitsWithTwoOnAUsageErrorOrWhenNothingCouldBeScanned() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("nothing to scan");
        assertThat(run("--frobnicate", dir.toString())).isEqualTo(2);
        assertThat(err()).contains("unknown option: --frobnicate");
        assertThat(run("--threads", "0", dir.toString())).isEqualTo(2);
        assertThat(run(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err()).contains("missing: no such file or directory");
        assertThat(run("--jdbc", "jdbc:nosuchdriver:x")).isEqualTo(2);
        assertThat(err()).contains("cannot scan the database");
    }

    @Test
    void printsHelpWithTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--json", "--include-test-cards", "--jdbc URL", "--password-env VAR", "--table TABLE",
                "Exit code");
    }

    @Test
    void writesAJsonReport() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "pan\n" + Cards.MASTERCARD + "\n4242424242424242\n");
        Files.writeString(dir.resolve("b \"quoted\".txt"), "nothing");
        assertThat(run("--json", dir.toString(), dir.resolve("gone").toString())).isEqualTo(1);
        String json = out();
        assertThat(json).startsWith("{\n").endsWith("}\n")
                .contains("\"filesScanned\": 2,", "\"bytesScanned\": 45,", "\"findingCount\": 1,",
                        "\"ignoredTestCards\": 1,", "\"durationMillis\": ")
                .contains("{\"file\": \"" + dir.resolve("a.csv") + "\", \"line\": 2, \"column\": 1, \"offset\": 4, "
                        + "\"brand\": \"mastercard\", \"masked\": \"" + masked(Cards.MASTERCARD) + "\", \"testCard\": false}")
                .contains("\"errors\": [\n    {\"location\": \"" + dir.resolve("gone")
                        + "\", \"message\": \"no such file or directory\"}\n  ]");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void reportsTestCardsOnlyWhenAsked() throws IOException {
        Path file = dir.resolve("fixtures.json");
        Files.writeString(file, "{\"card\": \"4111 1111 1111 1111\"}");
        assertThat(run(file.toString())).isZero();
        assertThat(out()).contains("No card numbers found.", "1 public test card number ignored");

        out.reset();
        assertThat(run("--include-test-cards", file.toString())).isEqualTo(1);
        assertThat(out()).contains(file + ":1:11: visa 411111******1111 (test card)");
    }

    @Test
    void neverPrintsAFullCardNumberInTextJsonOrErrors() throws IOException {
        String[] cards = {Cards.VISA, Cards.AMEX, Cards.DINERS, Cards.UNIONPAY_19, "4111111111111111"};
        Path named = dir.resolve("export-" + Cards.JCB + ".csv");
        StringBuilder content = new StringBuilder();
        for (String card : cards) {
            content.append("row ").append(card).append(" and ").append(Cards.grouped(card, '-')).append('\n');
        }
        Files.writeString(named, content);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("backup.zip")))) {
            zip.putNextEntry(new ZipEntry("dump/" + Cards.DISCOVER + ".txt"));
            zip.write(content.toString().getBytes(StandardCharsets.US_ASCII));
        }
        Path missing = dir.resolve(Cards.MASTERCARD);

        assertThat(run("--include-test-cards", dir.toString(), missing.toString())).isEqualTo(1);
        assertThat(run("--json", "--include-test-cards", dir.toString(), missing.toString())).isEqualTo(1);
        assertThat(run("--json", dir.resolve("x").toString(), "--table", Cards.VISA)).isEqualTo(2);

        String everything = out() + err();
        assertThat(everything).contains(masked(Cards.VISA), masked(Cards.JCB), masked(Cards.DISCOVER),
                masked(Cards.MASTERCARD));
        for (String card : new String[] {Cards.VISA, Cards.AMEX, Cards.DINERS, Cards.UNIONPAY_19, "4111111111111111",
                Cards.JCB, Cards.DISCOVER, Cards.MASTERCARD}) {
            assertThat(everything).doesNotContain(card);
        }
    }
}
