package dev.mamori.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.server.ConsoleClient;
import dev.mamori.server.IntegrationTest;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.AuthenticationValueIssuer;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's decision page says what the host made of the 3-D Secure authentication value and whether liability shifted. */
class AuthenticationValueConsoleIT extends IntegrationTest {
    @Autowired
    AuthenticationValueIssuer values;

    @Test
    void theDecisionPageShowsTheValuesCheckAndTheLiabilityShiftInBothLanguages() {
        RiskConsoleFixture issuer = new RiskConsoleFixture(api, port, unique("av-console"));
        String pan = issuer.openCard(100_000)[0];
        String value = values.issue(new AuthenticatedPayment(TenantId.parse(issuer.tenant.id()), Pan.of(pan), 1_500,
                Currency.getInstance("JPY"), "SHOP001", UUID.randomUUID().toString(), "05", null, Instant.now()));
        String valid = issuer.authorize(pan, 1_500, ",\"ec\":{\"threeDs\":{\"eci\":\"05\",\"authenticationValue\":\"" + value
                + "\",\"transStatus\":\"Y\"}}").json().get("id").asString();
        String forged = issuer.authorize(pan, 1_500, ",\"ec\":{\"threeDs\":{\"eci\":\"05\",\"authenticationValue\":\""
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"transStatus\":\"Y\"}}").json().get("id").asString();

        ConsoleClient analyst = issuer.logIn(unique("analyst"), "analyst");
        String page = analyst.get("/console/risk/authorizations/" + valid).body();
        assertThat(page).contains("id=\"decision-3ds-value\"").contains("authentication value verified")
                .contains("id=\"decision-liability-shift\"").contains("liability shifted to the issuer");

        String forgedPage = analyst.get("/console/risk/authorizations/" + forged).body();
        assertThat(forgedPage).contains("authentication value forged").doesNotContain("id=\"decision-liability-shift\"");
        assertThat(analyst.get("/console/risk/authorizations/" + valid + "?lang=ja").body()).contains("責任はイシュアーに移転");
    }
}
