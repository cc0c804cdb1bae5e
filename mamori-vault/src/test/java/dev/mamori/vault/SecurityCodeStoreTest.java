package dev.mamori.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecurityCodeStoreTest {
    final VaultTestSupport.MutableClock clock = new VaultTestSupport.MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    final SecurityCodeStore store = new SecurityCodeStore(clock, Duration.ofMinutes(10), 3);
    final TenantId tenant = TenantId.random();

    @Test
    void aHeldCodeIsTakenOnceWithinItsWindow() {
        SecurityCode code = SecurityCode.of("123");
        assertThat(store.hold(tenant, "tok_a", code)).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(store.take(TenantId.random(), "tok_a")).as("another tenant").isEmpty();
        assertThat(store.take(tenant, "tok_a")).containsSame(code);
        assertThat(store.take(tenant, "tok_a")).isEmpty();
    }

    @Test
    void theWindowClosingWipesTheCode() {
        SecurityCode code = SecurityCode.of("123");
        SecurityCode other = SecurityCode.of("456");
        store.hold(tenant, "tok_a", code);
        store.hold(tenant, "tok_b", other);
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.sweep()).isEqualTo(2);
        assertThat(code.isWiped()).isTrue();
        assertThat(other.isWiped()).isTrue();
        assertThat(store.size()).isZero();
    }

    @Test
    void aCodeTakenTooLateIsWipedAndNotReturned() {
        SecurityCode code = SecurityCode.of("123");
        store.hold(tenant, "tok_a", code);
        clock.advance(Duration.ofMinutes(11));
        assertThat(store.take(tenant, "tok_a")).isEmpty();
        assertThat(code.isWiped()).isTrue();
    }

    @Test
    void aFullStoreRefusesAndWipesRatherThanGrowing() {
        for (int i = 0; i < 3; i++) {
            assertThat(store.hold(tenant, "tok_" + i, SecurityCode.of("123"))).isNotNull();
        }
        assertThat(store.hasRoom()).isFalse();
        SecurityCode extra = SecurityCode.of("999");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.hold(tenant, "tok_x", extra)).isInstanceOf(VaultBusyException.class);
        assertThat(extra.isWiped()).isTrue();
    }

    @Test
    void expiredCodesMakeRoomAgain() {
        for (int i = 0; i < 3; i++) {
            store.hold(tenant, "tok_" + i, SecurityCode.of("123"));
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.hasRoom()).isTrue();
        assertThat(store.size()).isZero();
    }

    @Test
    void replacingOrDiscardingWipesTheOldCode() {
        SecurityCode first = SecurityCode.of("123");
        store.hold(tenant, "tok_a", first);
        store.hold(tenant, "tok_a", SecurityCode.of("456"));
        assertThat(first.isWiped()).isTrue();
        SecurityCode kept = SecurityCode.of("789");
        store.hold(TenantId.random(), "tok_a", kept);
        store.discardTenant(tenant);
        assertThat(store.take(tenant, "tok_a")).isEmpty();
        assertThat(kept.isWiped()).isFalse();
        assertThat(kept.matches("789".getBytes(StandardCharsets.US_ASCII))).isTrue();
    }
}
