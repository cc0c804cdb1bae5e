package dev.mamori.threeds.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.TenantId;
import dev.mamori.common.jdbc.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AcsPoliciesTest {
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency USD = Currency.getInstance("USD");
    private final Jdbc jdbc = new Jdbc(AcsRiskTestDatabase.create("policies"));
    private final AcsPolicies policies = new AcsPolicies(jdbc, Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aTenantWithoutAPolicyGetsTheDefaults() {
        assertThat(policies.get(TenantId.random())).isEqualTo(AcsPolicy.defaults());
    }

    @Test
    void aSavedPolicyIsReadBackWholeAndOnlyForItsTenant() {
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        AcsPolicy policy = new AcsPolicy(250, 900, Map.of(JPY, 5_000L, USD, 3_000L), 3, 120, Map.of(JPY, 50_000L), 4, false, true, false,
                false);
        policies.save(tenant, policy, "admin@issuer");
        assertThat(policies.get(tenant)).isEqualTo(policy);
        assertThat(policies.get(other)).isEqualTo(AcsPolicy.defaults());
        assertThat(jdbc.queryOne("select updated_by from threeds.acs_policies where tenant_id = ?", ps -> ps.setObject(1, tenant.value()),
                rs -> rs.getString(1))).contains("admin@issuer");
    }

    @Test
    void savingReplacesTheLimitsRatherThanAddingToThem() {
        TenantId tenant = TenantId.random();
        policies.save(tenant, new AcsPolicy(250, 900, Map.of(JPY, 5_000L, USD, 3_000L), 3, 120, Map.of(JPY, 50_000L), 4, true, true, true,
                true), "a");
        AcsPolicy second = new AcsPolicy(300, 700, Map.of(), 0, 0, Map.of(USD, 100L), 5, true, true, true, true);
        policies.save(tenant, second, "b");
        assertThat(policies.get(tenant)).isEqualTo(second);
        assertThat(policies.get(tenant).lowValueLimits()).isEmpty();
    }

    @Test
    void aReadThatRacedWithASaveIsForgottenOnceTheSaveCommits() {
        TenantId tenant = TenantId.random();
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        List<Runnable> onCommit = new ArrayList<>();
        AcsPolicies policies = new AcsPolicies(jdbc, clock, onCommit::add, () -> 0L);
        AcsPolicy saved = new AcsPolicy(250, 900, Map.of(JPY, 5_000L), 3, 120, Map.of(JPY, 50_000L), 4, true, true, true, true);

        policies.save(tenant, saved, "admin@issuer");
        // Until the save's transaction commits, other requests see no row: simulated by removing it.
        jdbc.update("delete from threeds.acs_policy_limits where tenant_id = ?", ps -> ps.setObject(1, tenant.value()));
        jdbc.update("delete from threeds.acs_policies where tenant_id = ?", ps -> ps.setObject(1, tenant.value()));
        assertThat(policies.get(tenant)).as("an AReq reading before the commit").isEqualTo(AcsPolicy.defaults());
        // The commit: the row becomes visible (written here through another instance, whose cache is its own).
        new AcsPolicies(jdbc, clock).save(tenant, saved, "admin@issuer");
        assertThat(policies.get(tenant)).as("the stale read, still kept").isEqualTo(AcsPolicy.defaults());

        assertThat(onCommit).hasSize(1);
        onCommit.get(0).run();
        assertThat(policies.get(tenant)).as("after the commit").isEqualTo(saved);
    }

    @Test
    void anotherInstancesSaveIsSeenOnceTheReadIsOlderThanTheRereadPeriod() {
        TenantId tenant = TenantId.random();
        AtomicLong nanos = new AtomicLong();
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
        AcsPolicies here = new AcsPolicies(jdbc, clock, AcsPolicies.AfterCommit.NO_TRANSACTION, nanos::get);
        AcsPolicies elsewhere = new AcsPolicies(jdbc, clock, AcsPolicies.AfterCommit.NO_TRANSACTION, nanos::get);
        assertThat(elsewhere.get(tenant)).isEqualTo(AcsPolicy.defaults());

        AcsPolicy saved = new AcsPolicy(250, 900, Map.of(JPY, 5_000L), 3, 120, Map.of(JPY, 50_000L), 4, true, true, true, true);
        here.save(tenant, saved, "admin@issuer");
        assertThat(here.get(tenant)).as("the instance that saved").isEqualTo(saved);
        assertThat(elsewhere.get(tenant)).as("another instance, within the period").isEqualTo(AcsPolicy.defaults());

        nanos.addAndGet(AcsPolicies.REREAD_AFTER.toNanos());
        assertThat(elsewhere.get(tenant)).as("another instance, after the period").isEqualTo(saved);
    }
}
