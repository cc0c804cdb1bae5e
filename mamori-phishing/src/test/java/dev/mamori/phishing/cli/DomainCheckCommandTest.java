package dev.mamori.phishing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.dns.LocalDnsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code ./mamori domain check} against a real authoritative DNS server. */
class DomainCheckCommandTest {
    static LocalDnsServer dns;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        dns = LocalDnsServer.start(Map.of(
                "fine.test", """
                        @ IN TXT "v=spf1 ip4:192.0.2.1 -all"
                        _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@fine.test"
                        mamori._domainkey IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                        """,
                "parked.test", """
                        @ IN TXT "v=spf1 -all"
                        _dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@parked.test"
                        """,
                "weak.test", """
                        @ IN TXT "v=spf1 +all"
                        _dmarc IN TXT "v=DMARC1; p=none"
                        """));
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    int run(String... args) {
        return DomainCheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodDomainExitsZeroAndShowsItsGradeAndKeys() {
        assertThat(run("fine.test", "--dns", dns.hostAndPort(), "--selector", "mamori")).isZero();
        assertThat(out()).contains("fine.test  grade A (100/100)", "no findings", "dkim mamori: key ed25519 256 bits");
    }

    @Test
    void aHighOrCriticalFindingExitsOneWithMessageAndFix() {
        assertThat(run("fine.test", "weak.test", "--dns", dns.hostAndPort())).isEqualTo(1);
        assertThat(out()).contains("weak.test  grade F", "critical  spf.pass-all", "high      dmarc.policy-none",
                "fix: Replace +all with -all", "detail: v=spf1 +all");
    }

    @Test
    void nonSendingDomainsAreHeldToSpfMinusAllAndReject() {
        assertThat(run("--non-sending", "parked.test", "--dns", dns.hostAndPort())).isZero();
        assertThat(run("--non-sending", "fine.test", "--dns", dns.hostAndPort())).isEqualTo(1);
        assertThat(out()).contains("non-sending.spf");
    }

    @Test
    void jsonAndJapanese() {
        assertThat(run("weak.test", "--json", "--lang", "ja", "--dns", dns.hostAndPort())).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new Yaml().load(out());
        @SuppressWarnings("unchecked")
        Map<String, Object> domain = ((List<Map<String, Object>>) json.get("domains")).get(0);
        assertThat(domain).containsEntry("domain", "weak.test").containsEntry("grade", "F").containsEntry("complete", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) domain.get("findings");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f).containsEntry("code", "spf.pass-all").containsEntry("severity", "critical").containsEntry("detail", "v=spf1 +all");
            assertThat((String) f.get("message")).contains("すべてのホスト");
        });
    }

    @Test
    void usageErrorsAndDnsFailuresExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("bad_name.test")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("(invalid-characters)");
        assertThat(run("fine.test", "--selector", "bad selector")).isEqualTo(2);
        assertThat(run("fine.test", "--dns")).isEqualTo(2);
        assertThat(run("fine.test", "--dns", "127.0.0.1:99999")).isEqualTo(2);
        assertThat(run("fine.test", "--frobnicate")).isEqualTo(2);
        // The server answers for *.test only and refuses this name: the posture is unknown, not good.
        err.reset();
        assertThat(run("elsewhere.example", "--dns", dns.hostAndPort())).isEqualTo(2);
        assertThat(out()).contains("dns.temporary-failure");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DNS lookup failed temporarily");
    }

    @Test
    void helpExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: ./mamori domain check");
    }
}
