package dev.mamori.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.server.Api;
import dev.mamori.server.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** {@code mamori.security.hsts=true}: every response carries Strict-Transport-Security, also behind a TLS-terminating proxy. */
@TestPropertySource(properties = "mamori.security.hsts=true")
class HstsIT extends IntegrationTest {

    @Test
    void everySurfaceSendsHstsWhenEnabled() {
        for (Api.Reply reply : new Api.Reply[] {
                api.get("/v1/tenants/current", Api.withKey(OPERATOR_API_KEY)),
                api.get("/console/login"),
                api.get("/v3/api-docs"),
                // answered before the security chain (ProtocolMessageFilter)
                api.post("/threeds/acs/areq", "{}"),
                api.post("/threeds/ds/areq", "{}")}) {
            assertThat(reply.header("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
        }
    }

    @Test
    void theConsoleForbidsFramingAndInlineScript() {
        Api.Reply login = api.get("/console/login");
        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
