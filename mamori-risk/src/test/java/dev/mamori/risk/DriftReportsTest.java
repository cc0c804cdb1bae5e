package dev.mamori.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DriftReportsTest {
    private final HostTestSupport.Issuer issuer = new HostTestSupport.Issuer();
    private final DriftReports reports = issuer.module.driftReports();
    private final Instant to = HostTestSupport.START;

    private DriftReport report(TenantId tenant, String level, Double scorePsi, Instant createdAt) {
        return new DriftReport(UUID.randomUUID(), tenant, 2, to.minusSeconds(86_400), to, createdAt, "analyst", scorePsi, 120, 130, level,
                "[{\"name\":\"amount\",\"psi\":0.4,\"rows\":130,\"level\":\"" + level + "\"}]");
    }

    @Test
    void aMajorReportRaisesOneAlertAndOthersNone() {
        DriftReport stable = report(issuer.tenant, "stable", 0.01, to);
        DriftReport major = report(issuer.tenant, "major", null, to.plusSeconds(60));
        assertThat(reports.save(stable, "unused")).isFalse();
        assertThat(issuer.module.decisionLog().alerts(issuer.tenant, 10)).isEmpty();
        assertThat(reports.save(major, "model version 2: major drift")).isTrue();
        assertThat(issuer.module.decisionLog().alerts(issuer.tenant, 10)).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("model-drift");
            assertThat(a.detail()).isEqualTo("model version 2: major drift");
        });
        assertThat(reports.recent(issuer.tenant, 10)).containsExactly(major, stable);
        assertThat(reports.get(issuer.tenant, stable.id())).contains(stable);
        assertThat(reports.get(issuer.tenant, major.id()).orElseThrow().scorePsi()).isNull();
    }

    @Test
    void anotherTenantSeesNothing() {
        DriftReport mine = report(issuer.tenant, "moderate", 0.12, to);
        reports.save(mine, "");
        TenantId other = TenantId.random();
        assertThat(reports.recent(other, 10)).isEmpty();
        assertThat(reports.get(other, mine.id())).isEmpty();
    }
}
