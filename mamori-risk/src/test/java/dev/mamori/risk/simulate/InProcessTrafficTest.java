package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.CardFingerprinter;
import dev.mamori.risk.Channel;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.RiskRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The simulator's traffic handed to a host in the same process: same seed, same payments; set-up as {@code --setup}. */
class InProcessTrafficTest {
    static final LocalDate START = LocalDate.of(2026, 4, 1);

    @Test
    void theSameSeedGivesTheSamePaymentsAtTheirSimulatedTimes() {
        InProcessTraffic a = InProcessTraffic.generate(4, 50, 800, 10, START);
        InProcessTraffic b = InProcessTraffic.generate(4, 50, 800, 10, START);
        assertThat(a.payments()).hasSize(800);
        TenantId tenant = TenantId.random();
        for (int i = 0; i < a.payments().size(); i++) {
            InProcessTraffic.Payment x = a.payments().get(i);
            InProcessTraffic.Payment y = b.payments().get(i);
            assertThat(y.time()).isEqualTo(x.time());
            assertThat(y.scenario()).isEqualTo(x.scenario());
            assertThat(y.amountMinor()).isEqualTo(x.amountMinor());
            AuthorizationRequest request = x.request(tenant);
            assertThat(request.receivedAt()).isEqualTo(x.time()).isBetween(a.start(), a.start().plus(Duration.ofDays(10)));
            assertThat(request.channel()).isEqualTo(x.channel());
            assertThat(request.amountMinor()).isEqualTo(x.amountMinor());
            if (i > 0) {
                assertThat(x.time()).isAfterOrEqualTo(a.payments().get(i - 1).time());
            }
        }
        assertThat(a.payments()).extracting(InProcessTraffic.Payment::scenario).contains(Scenario.LEGIT, Scenario.PHISHED_HIGH_RISK,
                Scenario.ACCOUNT_TAKEOVER, Scenario.RESHIPPING, Scenario.CREDIT_MASTER);
        assertThat(a.payments()).extracting(InProcessTraffic.Payment::channel).contains(Channel.ECOMMERCE, Channel.FACE_TO_FACE);
    }

    @Test
    void aPaymentNeverPrintsItsCardNumber() {
        InProcessTraffic traffic = InProcessTraffic.generate(4, 20, 200, 7, START);
        for (InProcessTraffic.Payment p : traffic.payments()) {
            String pan = p.request(TenantId.random()).card().pan().reveal(InsecurePanAccess.get());
            assertThat(p.toString()).doesNotContain(pan).contains(pan.substring(pan.length() - 4));
        }
    }

    @Test
    void setUpOpensTheCardsAndActivatesTheStarterRules() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:traffic-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).schemas("risk").defaultSchema("risk").createSchemas(true).locations("classpath:db/migration/risk")
                .load().migrate();
        CardFingerprinter fingerprints = (tenant, pan) -> Integer.toHexString(pan.reveal(InsecurePanAccess.get()).hashCode());
        RiskModule module = new RiskModule(db, fingerprints, (t, k, p, e, s, c) -> false,
                Clock.fixed(Instant.parse("2026-03-31T15:00:00Z"), ZoneOffset.UTC), RiskModule.Settings.defaults());
        TenantId tenant = TenantId.random();
        InProcessTraffic traffic = InProcessTraffic.generate(4, 30, 300, 7, START);
        int version = traffic.setUp(module, tenant);
        assertThat(module.cardAccounts().list(tenant, null, false, 100)).hasSize(30);
        assertThat(module.rules().version(tenant, version)).get().extracting(RiskRules.Version::status).isEqualTo(RiskRules.ACTIVE);
        assertThat(module.binRoutes().list(tenant)).extracting(r -> r.prefix()).containsExactly(traffic.binPrefix());
        assertThat(module.lists().list(tenant)).hasSize(1);
    }
}
