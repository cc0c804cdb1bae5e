package dev.mamori.phishing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhishingUrlsEncodedCardTest {
    @TempDir
    Path dir;

    @Test
    void aCardNumberWithUrlEncodedSeparatorsIsNotPrinted() throws IOException {
        Path sms = Files.writeString(dir.resolve("sms.txt"), "確認 https://kit.evil.example.com/p?c=4111+1111+1111+1111&d=5555%205555%205555%204444 から");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PhishingUrlsCommand.run(new String[] {sms.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("c=4111+11**+****+1111").doesNotContain("4111+1111+1111+1111")
                .doesNotContain("5555%205555%205555%204444");
    }
}
