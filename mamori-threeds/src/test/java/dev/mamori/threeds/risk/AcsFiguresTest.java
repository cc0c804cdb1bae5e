package dev.mamori.threeds.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AcsFiguresTest {
    private static final Instant T = Instant.parse("2026-11-20T00:00:00Z");
    private final Jdbc jdbc = new Jdbc(AcsRiskTestDatabase.create("figures"));
    private final AcsFigures figures = new AcsFigures(jdbc);
    private final TenantId tenant = TenantId.random();

    private void tx(String channel, String ares, String fin, String state, String exemption, int minutes) {
        AcsRiskTestDatabase.acsTransaction(jdbc, tenant, "fp", channel, ares, fin, state, exemption, T.plus(Duration.ofMinutes(minutes)));
    }

    @Test
    void countsAndRatesOfAPeriodByChannel() {
        tx("02", "Y", "Y", "frictionless", "NONE", 1);
        tx("02", "Y", "Y", "frictionless", "LOW_VALUE", 2);
        tx("02", "Y", "Y", "frictionless", "TRANSACTION_RISK_ANALYSIS", 3);
        tx("02", "C", "Y", "completed", "NONE", 4);
        tx("02", "C", "N", "completed", "NONE", 5);
        tx("02", "C", "U", "timed-out", "NONE", 6);
        tx("01", "C", "N", "abandoned", "NONE", 7);
        tx("01", "C", "C", "challenge", "NONE", 8);
        tx("01", "N", "N", "rejected", "NONE", 9);
        tx("03", "R", "R", "rejected", "NONE", 10);
        // Outside the period, and another tenant's.
        tx("02", "Y", "Y", "frictionless", "NONE", -5);
        AcsRiskTestDatabase.acsTransaction(jdbc, TenantId.random(), "fp", "02", "Y", "Y", "frictionless", null, T.plusSeconds(60));

        AcsFigures.Figures f = figures.figures(tenant, T, T.plus(Duration.ofHours(1)));
        AcsFigures.Counts all = f.total();
        assertThat(all.areqs()).isEqualTo(10);
        assertThat(all.frictionless()).isEqualTo(3);
        assertThat(all.challenged()).isEqualTo(5);
        assertThat(all.refused()).isEqualTo(2);
        assertThat(all.challengeSucceeded()).isEqualTo(1);
        assertThat(all.challengeFailed()).isEqualTo(1);
        assertThat(all.challengeAbandoned()).isEqualTo(2);
        assertThat(all.frictionlessRate()).isCloseTo(0.3, within(1e-9));
        assertThat(all.challengeRate()).isCloseTo(0.5, within(1e-9));
        assertThat(all.refusalRate()).isCloseTo(0.2, within(1e-9));
        assertThat(all.challengeSuccessRate()).isCloseTo(0.25, within(1e-9));
        assertThat(all.abandonmentRate()).isCloseTo(0.5, within(1e-9));
        assertThat(f.exemptions()).containsEntry("LOW_VALUE", 1L).containsEntry("TRANSACTION_RISK_ANALYSIS", 1L);
        assertThat(f.byChannel()).extracting(AcsFigures.Counts::channel).containsExactly("app", "browser", "3ri");
        assertThat(f.byChannel().get(0).areqs()).isEqualTo(3);
        assertThat(f.byChannel().get(1).areqs()).isEqualTo(6);
        assertThat(f.byChannel().get(1).challengeSuccessRate()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(f.byChannel().get(2).refused()).isEqualTo(1);
    }

    @Test
    void anEmptyPeriodHasZeroRatesRatherThanErrors() {
        AcsFigures.Figures f = figures.figures(tenant, T, T.plusSeconds(1));
        assertThat(f.total().areqs()).isZero();
        assertThat(f.total().frictionlessRate()).isZero();
        assertThat(f.total().challengeSuccessRate()).isZero();
    }
}
