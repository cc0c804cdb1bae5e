package dev.mamori.vault.scan;

import static dev.mamori.vault.scan.Cards.masked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mamori.common.CardBrand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanScannerTest {
    private final PanScanner scanner = new PanScanner(ScanOptions.defaults());

    @TempDir
    Path dir;

    private ScanReport scanText(String text) {
        return scanner.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "text");
    }

    private List<String> maskedFound(String text) {
        return scanText(text).findings().stream().map(ScanFinding::masked).toList();
    }

    @Test
    void findsCardNumbersOfEveryBrandAndLengthWithLineAndColumn() {
        String text = "visa " + Cards.VISA + "\n"
                + "short visa " + Cards.VISA_13 + "\n"
                + "long visa " + Cards.VISA_19 + "\n"
                + "mc " + Cards.MASTERCARD + " and " + Cards.MASTERCARD_2_SERIES + "\n"
                + "amex " + Cards.AMEX + "\n"
                + "jcb " + Cards.JCB + "\n"
                + "diners " + Cards.DINERS + "\n"
                + "discover " + Cards.DISCOVER + "\n"
                + "unionpay " + Cards.UNIONPAY + " " + Cards.UNIONPAY_19 + "\n";
        ScanReport report = scanText(text);

        assertThat(report.findings()).extracting(ScanFinding::line, ScanFinding::column, ScanFinding::brand,
                ScanFinding::masked).containsExactly(
                tuple(1L, 6L, CardBrand.VISA, masked(Cards.VISA)),
                tuple(2L, 12L, CardBrand.VISA, masked(Cards.VISA_13)),
                tuple(3L, 11L, CardBrand.VISA, masked(Cards.VISA_19)),
                tuple(4L, 4L, CardBrand.MASTERCARD, masked(Cards.MASTERCARD)),
                tuple(4L, 25L, CardBrand.MASTERCARD, masked(Cards.MASTERCARD_2_SERIES)),
                tuple(5L, 6L, CardBrand.AMEX, masked(Cards.AMEX)),
                tuple(6L, 5L, CardBrand.JCB, masked(Cards.JCB)),
                tuple(7L, 8L, CardBrand.DINERS, masked(Cards.DINERS)),
                tuple(8L, 10L, CardBrand.DISCOVER, masked(Cards.DISCOVER)),
                tuple(9L, 10L, CardBrand.UNIONPAY, masked(Cards.UNIONPAY)),
                tuple(9L, 27L, CardBrand.UNIONPAY, masked(Cards.UNIONPAY_19)));
        assertThat(report.findings().get(0).offset()).isEqualTo(5);
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.location()).isEqualTo("text"));
        assertThat(report.bytesScanned()).isEqualTo(text.length());
    }

    @Test
    void findsCardNumbersInCsvJsonAndLogLines() {
        assertThat(maskedFound("id,name,pan,amount\n1,Taro," + Cards.VISA + ",1200\n"))
                .containsExactly(masked(Cards.VISA));
        assertThat(maskedFound("{\"card\":\"" + Cards.MASTERCARD + "\",\"exp\":\"12/29\"}"))
                .containsExactly(masked(Cards.MASTERCARD));
        assertThat(maskedFound("2026-11-25T22:31:51.123Z WARN [exec-1] d.m.s.Legacy - pan=" + Cards.JCB
                + " rrn=123456789012 stan=004711 took 12 ms"))
                .containsExactly(masked(Cards.JCB));
        assertThat(maskedFound("Visa" + Cards.VISA + " <" + Cards.AMEX + ">"))
                .containsExactly(masked(Cards.VISA), masked(Cards.AMEX));
    }

    @Test
    void findsNumbersGroupedWithSpacesOrHyphens() {
        String amex = Cards.AMEX.substring(0, 4) + "-" + Cards.AMEX.substring(4, 10) + "-" + Cards.AMEX.substring(10);
        ScanReport report = scanText("a " + Cards.grouped(Cards.VISA, ' ') + "\nb " + Cards.grouped(Cards.MASTERCARD, '-')
                + "\nc " + amex + "\nqty 2 " + Cards.grouped(Cards.DISCOVER, ' ') + "\n");

        assertThat(report.findings()).extracting(ScanFinding::line, ScanFinding::column, ScanFinding::masked)
                .containsExactly(tuple(1L, 3L, masked(Cards.VISA)), tuple(2L, 3L, masked(Cards.MASTERCARD)),
                        tuple(3L, 3L, masked(Cards.AMEX)), tuple(4L, 7L, masked(Cards.DISCOVER)));
    }

    @Test
    void doesNotJoinGroupsAcrossTwoSeparatorsOrShortInnerGroups() {
        String visa = Cards.VISA;
        assertThat(maskedFound(visa.substring(0, 8) + "  " + visa.substring(8))).isEmpty();
        assertThat(maskedFound(visa.substring(0, 4) + " " + visa.substring(4, 6) + " " + visa.substring(6))).isEmpty();
        assertThat(maskedFound(String.join(" ", visa.split("")))).isEmpty();
        // A long id followed by an HTTP status: 13 Luhn-valid digits, but no card is written 10-3.
        String thirteen = Cards.VISA_13;
        assertThat(maskedFound("GET /orders/" + thirteen.substring(0, 10) + " " + thirteen.substring(10) + " in 5 ms"))
                .isEmpty();
        assertThat(maskedFound("GET /orders/" + thirteen)).containsExactly(masked(thirteen));
    }

    @Test
    void findsANumberSplitAcrossTheReadBuffer() {
        PanScanner small = new PanScanner(ScanOptions.defaults().withBufferSize(512));
        for (int at = 380; at < 1100; at += 7) {
            String text = "x".repeat(at) + " " + Cards.grouped(Cards.VISA, ' ') + " " + "y".repeat(300) + "\n"
                    + "line two " + Cards.MASTERCARD;
            ScanReport report = small.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t");

            assertThat(report.findings()).as("card at %d", at)
                    .extracting(ScanFinding::line, ScanFinding::column, ScanFinding::offset, ScanFinding::masked)
                    .containsExactly(tuple(1L, at + 2L, at + 1L, masked(Cards.VISA)),
                            tuple(2L, 10L, text.indexOf("line two") + 9L, masked(Cards.MASTERCARD)));
        }
    }

    @Test
    void aLongDigitRunSplitAcrossBuffersHidesNoCardAndMakesNoneUp() {
        PanScanner small = new PanScanner(ScanOptions.defaults().withBufferSize(512));
        String digits = "1234567890".repeat(200);
        String text = digits + Cards.VISA + digits + " " + Cards.VISA;
        ScanReport report = small.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "t");
        assertThat(report.findings()).extracting(ScanFinding::offset).containsExactly((long) text.length() - 16);
    }

    @Test
    void leavesADigitRunLongerThanACardNumberAlone() {
        String thirty = "12345678901234" + Cards.VISA;
        assertThat(maskedFound("ref " + thirty + " end")).isEmpty();
        assertThat(maskedFound(Cards.VISA + "7")).isEmpty();
        assertThat(maskedFound("9" + Cards.VISA)).isEmpty();
    }

    @Test
    void leavesUuidsAndHexIdentifiersAlone() {
        // Digit groups of these UUIDs pass Luhn and start like a brand: 1234-123456789012 is 16 digits.
        String digitsOnly = "12345678-4111-1111-1111-" + "411111111111";
        StringBuilder text = new StringBuilder("request " + digitsOnly + " done\n");
        for (int i = 0; i < 5000; i++) {
            text.append("trace ").append(UUID.randomUUID()).append(' ').append(UUID.randomUUID().toString().toUpperCase())
                    .append('\n');
        }
        text.append("sha ").append("9f86d081").append(Cards.VISA).append("a08e\n");
        text.append("obj 0x").append(Cards.MASTERCARD).append('\n');
        text.append("span deadbeef").append(Cards.DISCOVER).append('\n');
        text.append("tok_7710aa").append(Cards.grouped(Cards.MASTERCARD, ' ')).append('\n');
        assertThat(scanText(text.toString()).findings()).isEmpty();
    }

    @Test
    void leavesDecimalNumbersAlone() {
        assertThat(maskedFound("score=0." + Cards.VISA + " ratio=" + Cards.VISA + ".25 x=1." + Cards.AMEX + "E-5"))
                .isEmpty();
        assertThat(maskedFound("card " + Cards.VISA + ". next")).containsExactly(masked(Cards.VISA));
    }

    @Test
    void leavesOrderIdsThatFailLuhnAndLuhnValidNumbersOfNoBrandAlone() {
        assertThat(maskedFound("order " + Cards.withWrongCheckDigit(Cards.VISA) + " "
                + Cards.withWrongCheckDigit(Cards.AMEX))).isEmpty();
        // Luhn-valid but no brand (epoch millis, 9-prefixed ids) or a length the brand does not issue.
        assertThat(maskedFound("ts " + Cards.withCheckDigit("170000000012") + " id "
                + Cards.withCheckDigit("990000000000001") + " mc17 " + Cards.withCheckDigit("5318872645097121")
                + " amex16 " + Cards.withCheckDigit("374245238176531"))).isEmpty();
    }

    @Test
    void countsPublicTestCardsAsIgnoredAndReportsThemOnRequest() {
        String text = "stripe 4242424242424242 paypal 4111 1111 1111 1111 amex 378282246310005 jcb 3530111333300000"
                + " discover 6011111111111117 mc 5555555555554444 real " + Cards.VISA;
        ScanReport report = scanText(text);
        assertThat(report.findings()).extracting(ScanFinding::masked).containsExactly(masked(Cards.VISA));
        assertThat(report.ignoredTestCards()).isEqualTo(6);

        ScanReport all = new PanScanner(ScanOptions.defaults().withIncludeTestCards(true))
                .scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "text");
        assertThat(all.ignoredTestCards()).isZero();
        assertThat(all.findings()).hasSize(7);
        assertThat(all.findings()).filteredOn(ScanFinding::testCard).extracting(ScanFinding::masked)
                .contains("424242******4242", "411111******1111", "378282*****0005");
    }

    @Test
    void scansDirectoriesRecursivelyAndNamesFilesAsFound() throws IOException {
        Files.createDirectories(dir.resolve("logs/old"));
        Files.writeString(dir.resolve("logs/app.log"), "ok\nnothing here 2026-11-25\n");
        Files.writeString(dir.resolve("logs/old/app.log.1"), "line\npan " + Cards.VISA + "\n");
        Files.writeString(dir.resolve("export.csv"), "a,b\n" + Cards.AMEX + ",x\n");

        ScanReport report = scanner.scan(List.of(dir));
        assertThat(report.filesScanned()).isEqualTo(3);
        assertThat(report.findings()).extracting(ScanFinding::location, ScanFinding::line, ScanFinding::column)
                .containsExactly(tuple(dir.resolve("export.csv").toString(), 2L, 1L),
                        tuple(dir.resolve("logs/old/app.log.1").toString(), 2L, 5L));
    }

    @Test
    void findsNumbersInZipEntriesNestedZipsAndGzipFiles() throws IOException {
        byte[] inner = zip("c.txt", ("card " + Cards.MASTERCARD + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] middle = zip("b.zip", inner);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(outer)) {
            zip.putNextEntry(new ZipEntry("docs/readme.txt"));
            zip.write(("x\ny " + Cards.VISA).getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("b.zip"));
            zip.write(middle);
            zip.putNextEntry(new ZipEntry("logs/app.log.gz"));
            zip.write(gzip(("\n\n" + Cards.JCB).getBytes(StandardCharsets.US_ASCII)));
        }
        Path archive = dir.resolve("a.zip");
        Files.write(archive, outer.toByteArray());

        ScanReport report = scanner.scan(List.of(archive));
        String a = archive.toString();
        assertThat(report.findings()).extracting(ScanFinding::location, ScanFinding::line, ScanFinding::column,
                ScanFinding::masked).containsExactly(
                tuple(a + "!/docs/readme.txt", 2L, 3L, masked(Cards.VISA)),
                tuple(a + "!/b.zip!/b.zip!/c.txt", 1L, 6L, masked(Cards.MASTERCARD)),
                tuple(a + "!/logs/app.log.gz!/app.log", 3L, 1L, masked(Cards.JCB)));
        assertThat(report.filesScanned()).isEqualTo(3);
    }

    @Test
    void reportsUnreadableAndMissingPathsAsErrorsWithoutTheNumberInTheName() throws IOException {
        Path corrupt = dir.resolve("broken.zip");
        Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path named = dir.resolve("card-" + Cards.VISA + ".txt");
        Files.writeString(named, "pan " + Cards.VISA);

        ScanReport report = scanner.scan(List.of(corrupt, dir.resolve("missing"), named));
        assertThat(report.errors()).extracting(ScanError::location)
                .containsExactly(dir.resolve("missing").toString(), corrupt.toString());
        assertThat(report.errors().get(0).message()).isEqualTo("no such file or directory");
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.location()).doesNotContain(Cards.VISA).contains(masked(Cards.VISA));
            assertThat(f.toString()).doesNotContain(Cards.VISA);
        });
    }

    @Test
    void scansManyFilesInParallelInAStableOrder() throws IOException {
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve(String.format("f%02d.log", i)), "x".repeat(i * 100) + " " + Cards.VISA);
        }
        ScanReport report = new PanScanner(ScanOptions.defaults().withThreads(4)).scan(List.of(dir));
        assertThat(report.findings()).hasSize(40);
        assertThat(report.findings()).extracting(ScanFinding::location).isSorted();
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }
}
