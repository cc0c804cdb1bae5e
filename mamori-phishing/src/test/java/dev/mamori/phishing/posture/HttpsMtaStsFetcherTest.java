package dev.mamori.phishing.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.phishing.DomainName;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link HttpsMtaStsFetcher} against a local HTTPS server: what RFC 8461 section 3.3 asks of a policy fetch. */
class HttpsMtaStsFetcherTest {
    static PostureFixtures.PolicyServer server;

    @BeforeAll
    static void start() {
        server = new PostureFixtures.PolicyServer();
        server.policies.put("ok.test", "version: STSv1\nmode: enforce\nmx: mx.ok.test\nmax_age: 60\n");
        server.policies.put("html.test", "<html>policy</html>");
        server.types.put("html.test", "text/html");
        server.policies.put("moved.test", "moved");
        server.statuses.put("moved.test", 301);
        server.policies.put("huge.test", "x".repeat(MtaStsPolicy.MAX_BYTES + 1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fetchesAPlainTextPolicyOverTrustedHttps() throws IOException {
        assertThat(server.fetcher().fetch(DomainName.of("ok.test"))).startsWith("version: STSv1");
    }

    @Test
    void refusesWhatSendersWouldRefuse() {
        MtaStsFetcher fetcher = server.fetcher();
        assertThatThrownBy(() -> fetcher.fetch(DomainName.of("html.test"))).isInstanceOf(IOException.class).hasMessageContaining("text/plain");
        assertThatThrownBy(() -> fetcher.fetch(DomainName.of("moved.test"))).hasMessageContaining("HTTP 301");
        assertThatThrownBy(() -> fetcher.fetch(DomainName.of("missing.test"))).hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> fetcher.fetch(DomainName.of("huge.test"))).hasMessageContaining("larger than");
    }

    @Test
    void aCertificateNobodyTrustsIsRefused() {
        assertThatThrownBy(() -> server.untrustingFetcher().fetch(DomainName.of("ok.test"))).isInstanceOf(IOException.class)
                .hasMessageContaining("could not fetch");
    }

    @Test
    void theStandardFetcherRefusesHostsInPrivateNetworks() throws Exception {
        MtaStsFetcher guarded = new HttpsMtaStsFetcher(null, java.time.Duration.ofSeconds(5), server::uri, false);
        assertThatThrownBy(() -> guarded.fetch(DomainName.of("ok.test"))).isInstanceOf(IOException.class)
                .hasMessageContaining("private or local address");
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("100.64.0.1"))).isTrue();
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(HttpsMtaStsFetcher.isPrivate(java.net.InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void thePolicyLivesAtTheWellKnownHttpsAddress() {
        assertThat(MtaStsFetcher.policyUri(DomainName.of("Example.JP")).toString()).isEqualTo("https://mta-sts.example.jp/.well-known/mta-sts.txt");
    }
}
