package dev.mamori.server.phishing;

import static dev.mamori.server.Api.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Totp;
import dev.mamori.server.Api;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.server.Tenants;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The domain posture pages of the console: register with field errors, check, findings and history, roles, tenants. */
class DomainPostureConsoleIT extends IntegrationTest {
    static final String PASSWORD = "Twelve-chars-or-more-1";
    static final String DOMAINS = "/console/phishing/domains";

    Tenants.TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = Tenants.create(api, unique("posture-console"));
    }

    ConsoleClient logIn(Tenants.TestTenant in, String role) {
        String username = unique(role);
        Api.Reply created = api.post("/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\""
                + role + "\"]}", withKey(in.adminKey()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ConsoleClient browser = new ConsoleClient(port);
        browser.password(username, PASSWORD);
        String secret = browser.enrolmentSecret();
        Totp totp = Totp.authenticatorApp();
        assertThat(ConsoleClient.location(browser.totp(totp.code(new Base32().decode(secret), totp.step(Instant.now()))))).endsWith("/console");
        return browser;
    }

    @Test
    void anAnalystRegistersChecksAndSeesFindingsFixesAndHistory() {
        ConsoleClient analyst = logIn(tenant, "analyst");
        HttpResponse<String> page = analyst.get(DOMAINS);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"domain-form\"", "href=\"/console/phishing/domains\"");

        HttpResponse<String> bad = analyst.submit(DOMAINS, DOMAINS, Map.of("domain", "bad_name.test", "sendsMail", "true"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"domain-name-error\"", "invalid-characters");
        HttpResponse<String> badSelector = analyst.submit(DOMAINS, DOMAINS, Map.of("domain", "posture-weak.test", "selectors", "a b!"));
        assertThat(badSelector.statusCode()).isEqualTo(400);
        assertThat(badSelector.body()).contains("id=\"domain-selectors-error\"");
        HttpResponse<String> card = analyst.submit(DOMAINS, DOMAINS, Map.of("domain", "4242424242424242.test", "selectors", "4242424242424242"));
        assertThat(card.statusCode()).isEqualTo(400);
        assertThat(card.body()).contains("id=\"domain-name-error\"", "id=\"domain-selectors-error\"").doesNotContain("4242424242424242");
        assertThat(analyst.get(DOMAINS).body()).doesNotContain("data-domain=\"posture-weak.test\"");

        HttpResponse<String> registered = analyst.submit(DOMAINS, DOMAINS,
                Map.of("domain", "posture-weak.test", "label", "Weak", "sendsMail", "true", "selectors", "s1, s2"));
        assertThat(registered.statusCode()).isEqualTo(302);
        assertThat(analyst.get(DOMAINS).body()).contains("data-domain=\"posture-weak.test\"", "s1, s2");

        HttpResponse<String> checked = analyst.submit(DOMAINS, DOMAINS + "/posture-weak.test/check", Map.of());
        assertThat(checked.statusCode()).isEqualTo(302);
        assertThat(ConsoleClient.location(checked)).endsWith(DOMAINS + "/posture-weak.test");
        HttpResponse<String> detail = analyst.get(DOMAINS + "/posture-weak.test");
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("id=\"domain-grade\"", ">F<", "data-code=\"spf.pass-all\"", "data-code=\"dmarc.policy-none\"",
                "Replace +all with -all", "v=spf1 +all", "dkim.selector-missing");
        assertThat(detail.body()).contains("data-check=");
        HttpResponse<String> japanese = analyst.get(DOMAINS + "/posture-weak.test?lang=ja");
        assertThat(japanese.body()).contains("対処方法", "インターネット上のすべてのホストが SPF に合格します", "+all を -all に変更してください");
        analyst.get(DOMAINS + "?lang=en");

        HttpResponse<String> removed = analyst.submit(DOMAINS, DOMAINS + "/posture-weak.test/remove", Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(analyst.get(DOMAINS + "/posture-weak.test").statusCode()).isEqualTo(404);
    }

    @Test
    void anAuditorReadsButCannotChangeAndAnotherTenantSeesNothing() {
        assertThat(api.post("/v1/phishing/domains", "{\"domain\":\"posture-good.test\",\"sendsMail\":true}",
                withKey(tenant.key(dev.mamori.common.Role.ANALYST))).status()).isEqualTo(201);
        ConsoleClient auditor = logIn(tenant, "auditor");
        HttpResponse<String> list = auditor.get(DOMAINS);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("data-domain=\"posture-good.test\"").doesNotContain("id=\"domain-form\"", "remove-domain");
        assertThat(auditor.get(DOMAINS + "/posture-good.test").statusCode()).isEqualTo(200);
        assertThat(auditor.submit(DOMAINS, DOMAINS, Map.of("domain", "posture-weak.test", "sendsMail", "true")).statusCode()).isEqualTo(403);
        assertThat(auditor.submit(DOMAINS, DOMAINS + "/posture-good.test/check", Map.of()).statusCode()).isEqualTo(403);
        assertThat(auditor.submit(DOMAINS, DOMAINS + "/posture-good.test/remove", Map.of()).statusCode()).isEqualTo(403);

        Tenants.TestTenant other = Tenants.create(api, unique("posture-console-other"));
        ConsoleClient stranger = logIn(other, "analyst");
        assertThat(stranger.get(DOMAINS).body()).doesNotContain("posture-good.test");
        assertThat(stranger.get(DOMAINS + "/posture-good.test").statusCode()).isEqualTo(404);
        assertThat(stranger.submit(DOMAINS, DOMAINS + "/posture-good.test/check", Map.of()).statusCode()).isEqualTo(404);
        assertThat(stranger.submit(DOMAINS, DOMAINS + "/posture-good.test/remove", Map.of()).statusCode()).isEqualTo(404);
        assertThat(api.get("/v1/phishing/domains/posture-good.test", withKey(tenant.key(dev.mamori.common.Role.AUDITOR))).status())
                .isEqualTo(200);
    }
}
