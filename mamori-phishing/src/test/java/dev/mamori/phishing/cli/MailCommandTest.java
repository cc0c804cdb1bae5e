package dev.mamori.phishing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dns.LocalDnsServer;
import dev.mamori.phishing.mail.MailTestZones;
import dev.mamori.phishing.mail.MessageAuthenticatorTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./mamori mail verify} against a real authoritative DNS server given with --dns. */
class MailCommandTest {
    static LocalDnsServer dns;
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        dns = LocalDnsServer.start(MailTestZones.zones());
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    int run(String stdin, String... args) {
        return MailCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path eml(String name, String message) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, message.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aGenuineMessagePrintsItsAuthenticationResultsAndExitsZero() throws Exception {
        Path file = eml("genuine.eml", MessageAuthenticatorTest.RFC8463);
        int code = run("", "verify", file.toString(), "--ip", "192.0.2.25", "--helo", "mx.football.example.com",
                "--mail-from", "joe@football.example.com", "--dns", dns.hostAndPort(), "--authserv-id", "mx.mamori.test");

        assertThat(code).as(err()).isEqualTo(MailCommand.PASSED);
        assertThat(out()).startsWith("Authentication-Results: mx.mamori.test; spf=pass").contains("dmarc=pass")
                .contains("  dkim=pass d=football.example.com s=brisbane");
    }

    @Test
    void aSpoofedMessageExitsOneAndSaysWhatTheDomainAsks() throws Exception {
        Path file = eml("spoof.eml", MessageAuthenticatorTest.RFC8463.replace("We lost", "We won"));
        int code = run("", "verify", file.toString(), "--ip", "198.18.0.1", "--helo", "evil.example", "--mail-from", "<>",
                "--dns", dns.hostAndPort(), "--json");

        assertThat(code).isEqualTo(MailCommand.DMARC_FAILED);
        JsonNode json = JsonMapper.builder().build().readTree(out());
        assertThat(json.get("dmarc").asString()).isEqualTo("fail");
        assertThat(json.get("disposition").asString()).isEqualTo("reject");
        assertThat(json.get("dkim").size()).isEqualTo(2);
    }

    @Test
    void usageErrorsAndMalformedMessagesExitTwoNamingTheProblem() throws Exception {
        assertThat(run("", "verify", "x.eml", "--helo", "h")).isEqualTo(MailCommand.USAGE);
        assertThat(err()).contains("--ip");
        Path noFrom = eml("nofrom.eml", "Subject: hi\n\nbody\n");
        assertThat(run("", "verify", noFrom.toString(), "--ip", "192.0.2.1", "--mail-from", "a@shop-mail.test", "--dns", dns.hostAndPort()))
                .isEqualTo(MailCommand.USAGE);
        assertThat(err()).contains("message (from-missing)");
        assertThat(run("", "verify", dir.resolve("missing.eml").toString(), "--ip", "192.0.2.1", "--mail-from", "a@shop-mail.test"))
                .isEqualTo(MailCommand.USAGE);
        assertThat(err()).contains("no such file");
        assertThat(run("", "verify", "--batch", "--dns", "not a server:x")).isEqualTo(MailCommand.USAGE);
        assertThat(run("", "frobnicate")).isEqualTo(MailCommand.USAGE);
        assertThat(run("", "--help")).isZero();
        assertThat(out()).contains("Usage: ./mamori mail verify");
    }

    @Test
    void theBatchChecksEveryLineAndABadLineNeverStopsIt() throws Exception {
        Path genuine = eml("genuine.eml", MessageAuthenticatorTest.RFC8463);
        Path noFrom = eml("nofrom.eml", "Subject: hi\n\nbody\n");
        String stdin = String.join("\n",
                "{\"ip\":\"192.0.2.25\",\"helo\":\"mx.football.example.com\",\"mailFrom\":\"joe@football.example.com\",\"eml\":\"" + genuine + "\"}",
                "{\"ip\":\"198.18.0.1\",\"helo\":\"evil.example\",\"mailFrom\":\"joe@football.example.com\"}",
                "this is not json",
                "",
                "{\"ip\":\"mail.example\",\"helo\":\"x\",\"mailFrom\":\"a@shop-mail.test\"}",
                "{\"ip\":\"192.0.2.1\",\"helo\":\"x\",\"mailFrom\":\"a@shop-mail.test\",\"eml\":\"" + noFrom + "\"}",
                "{\"ip\":\"192.0.2.1\",\"helo\":\"x\",\"mailFrom\":\"a@shop-mail.test\",\"eml\":\"" + dir.resolve("gone.eml") + "\"}",
                "{\"ip\":198,\"helo\":\"x\",\"mailFrom\":\"a@shop-mail.test\"}");
        int code = run(stdin, "verify", "--batch", "--dns", dns.hostAndPort());

        List<JsonNode> lines = out().lines().map(l -> JsonMapper.builder().build().readTree(l)).toList();
        assertThat(lines).extracting(l -> l.get("line").asInt()).containsExactly(1, 2, 3, 5, 6, 7, 8);
        assertThat(lines.get(0).get("dmarc").asString()).isEqualTo("pass");
        assertThat(lines.get(1).get("spf").asString()).isEqualTo("fail");
        assertThat(lines.get(1).get("dmarc").isNull()).isTrue();
        assertThat(lines.get(2).at("/error/rule").asString()).isEqualTo("json");
        assertThat(lines.get(3).at("/error/field").asString()).isEqualTo("ip");
        assertThat(lines.get(4).at("/error/rule").asString()).isEqualTo("from-missing");
        assertThat(lines.get(5).at("/error/rule").asString()).isEqualTo("unreadable");
        assertThat(lines.get(6).at("/error/rule").asString()).isEqualTo("string");
        assertThat(code).isEqualTo(MailCommand.DMARC_FAILED);
    }

    @Test
    void aBatchOfPassingMessagesExitsZero() throws Exception {
        Path genuine = eml("genuine.eml", MessageAuthenticatorTest.RFC8463);
        String line = "{\"ip\":\"192.0.2.25\",\"helo\":\"h\",\"mailFrom\":\"joe@football.example.com\",\"eml\":\"" + genuine + "\"}";
        assertThat(run(line + "\n" + line + "\n", "verify", "--batch", "--dns", dns.hostAndPort())).isZero();
        assertThat(out().lines()).hasSize(2);
    }
}
