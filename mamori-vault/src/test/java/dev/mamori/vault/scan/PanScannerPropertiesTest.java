package dev.mamori.vault.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.CardBrand;
import dev.mamori.common.Luhn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PanScannerPropertiesTest {
    private static final PanScanner SCANNER = new PanScanner(ScanOptions.defaults().withBufferSize(512));

    /** A branded prefix, a length the brand issues, random digits and the right check digit. */
    @Provide
    Arbitrary<String> cardNumbers() {
        Arbitrary<String> prefixes = Arbitraries.of("4", "51", "55", "2221", "2720", "34", "37", "3528", "3589", "36",
                "300", "6011", "65", "644", "62");
        return prefixes.flatMap(prefix -> Arbitraries.integers().between(13, 19)
                .filter(length -> length > prefix.length() + 6 && CardBrand.detect(prefix + "000000") != null
                        && CardBrand.detect(prefix + "000000").issuesLength(length))
                .flatMap(length -> Arbitraries.strings().numeric().ofLength(length - 1 - prefix.length())
                        .map(body -> prefix + body + Luhn.checkDigit(prefix + body))));
    }

    /** Text without digits, letters or dots at its ends (those make a number a decimal or a hex id). */
    @Provide
    Arbitrary<String> surroundings() {
        Arbitrary<String> inner = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', 'あ', '円')
                .ofMaxLength(700);
        Arbitrary<Character> edge = Arbitraries.of(' ', '\n', ',', ';', '"', '=', ':', '(', '[', '\t', '/');
        return Combinators.combine(inner, edge).as((text, c) -> text + c);
    }

    @Property(tries = 300)
    void anyBrandedLuhnValidNumberBetweenNonDigitTextIsFoundAndNeverPrinted(
            @ForAll("cardNumbers") String card, @ForAll("surroundings") String before,
            @ForAll("surroundings") String after) throws IOException {
        String text = before + card + new StringBuilder(after).reverse();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int offset = before.getBytes(StandardCharsets.UTF_8).length;

        ScanReport report = new PanScanner(ScanOptions.defaults().withBufferSize(512).withIncludeTestCards(true))
                .scan(new ByteArrayInputStream(bytes), "p");
        assertThat(report.findings()).extracting(ScanFinding::offset).contains((long) offset);

        Path file = Files.createTempFile("scan", ".txt");
        try {
            Files.write(file, bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            ScanCommand.run(new String[] {"--include-test-cards", file.toString()}, print, print);
            ScanCommand.run(new String[] {"--json", "--include-test-cards", file.toString()}, print, print);
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(card);
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void aCardNumberGluedInsideALongerDigitRunIsNeverFound(@ForAll("cardNumbers") String card,
            @ForAll("digitsBefore") String before, @ForAll("digitsBefore") String after) {
        String text = "x " + before + card + after + " y";
        ScanReport report = SCANNER.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "p");
        assertThat(report.findings()).extracting(ScanFinding::offset).doesNotContain(2L + before.length());
    }

    @Provide
    Arbitrary<String> digitsBefore() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
    }
}
