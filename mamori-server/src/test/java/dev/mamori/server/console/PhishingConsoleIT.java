package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.DomainName;
import dev.mamori.phishing.PhishingModule;
import dev.mamori.phishing.mail.MessageAuthenticatorTest;
import dev.mamori.common.TenantId;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The anti-phishing console: the overview and "check a message", roles and tenant isolation. */
class PhishingConsoleIT extends IntegrationTest {
    @Autowired
    PhishingModule phishing;

    RiskConsoleFixture tenant;
    RiskConsoleFixture other;

    @BeforeEach
    void tenants() {
        tenant = new RiskConsoleFixture(api, port, unique("phishing-console"));
        other = new RiskConsoleFixture(api, port, unique("phishing-other"));
        phishing.brandDomains().register(TenantId.parse(tenant.tenant.id()), DomainName.of("まもり-card.test"), true, "Mamori Card", "test");
        phishing.brandDomains().register(TenantId.parse(other.tenant.id()), DomainName.of("other-brand.test"), false, null, "test");
    }

    @Test
    void everyRoleSeesTheOverviewWithItsOwnTenantsDomainsOnly() {
        ConsoleClient auditor = tenant.logIn(unique("auditor"), "auditor");
        HttpResponse<String> page = auditor.get("/console/phishing");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("まもり-card.test").contains("Mamori Card").doesNotContain("other-brand.test")
                .contains("id=\"nav-phishing\"");
    }

    @Test
    void anAnalystChecksAGenuineAndASpoofedMessage() {
        ConsoleClient analyst = tenant.logIn(unique("analyst"), "analyst");
        String genuine = MessageAuthenticatorTest.RFC8463.replace("\n", "\r\n");
        HttpResponse<String> passed = analyst.submit("/console/phishing/messages", "/console/phishing/messages",
                Map.of("ip", "192.0.2.25", "helo", "mx.football.example.com", "mailFrom", "joe@football.example.com", "message", genuine));
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.body()).contains("id=\"dmarc-ok\"").contains("Authentication-Results: mamori; spf=pass")
                .contains("data-check=\"DKIM\"");

        HttpResponse<String> spoofed = analyst.submit("/console/phishing/messages", "/console/phishing/messages",
                Map.of("ip", "198.18.0.9", "helo", "fake.example", "mailFrom", "joe@football.example.com",
                        "message", genuine.replace("We lost", "We won")));
        assertThat(spoofed.body()).contains("id=\"dmarc-failed\"").contains("dmarc=fail");

        HttpResponse<String> invalid = analyst.submit("/console/phishing/messages", "/console/phishing/messages",
                Map.of("ip", "not-an-ip", "helo", "", "mailFrom", "", "message", genuine));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).contains("id=\"error\"").contains("ip-address");
    }

    @Test
    void anAuditorMayNotCheckMessages() {
        ConsoleClient auditor = tenant.logIn(unique("auditor"), "auditor");
        assertThat(auditor.get("/console/phishing/messages").statusCode()).isEqualTo(403);
    }
}
