package dev.mamori.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.vault.keys.KeyCheckValue;
import dev.mamori.vault.keys.MasterKeyInfo;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyCeremonyTest {
    final VaultTestSupport.MutableClock clock = new VaultTestSupport.MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    final AtomicReference<byte[]> imported = new AtomicReference<>();

    KeyCeremony.Result importer(byte[] key) {
        imported.set(key.clone());
        return new KeyCeremony.Result(new MasterKeyInfo(7, KeyCheckValue.of(key)), UUID.randomUUID());
    }

    static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void threeCustodiansMakeTheXorOfTheirComponentsAndTheComponentsAreWiped() {
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), 3, "op", clock, Duration.ofHours(1));
        byte[] a = random(), b = random(), c = random();
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) (a[i] ^ b[i] ^ c[i]);
        }
        String kcvA = KeyCheckValue.of(a), kcvB = KeyCheckValue.of(b), kcvC = KeyCheckValue.of(c);
        assertThat(ceremony.submit("alice", a, kcvA.toLowerCase(), this::importer).state()).isEqualTo("open");
        assertThat(a).containsOnly(0);
        ceremony.submit("bob", b, kcvB, this::importer);
        KeyCeremony.View done = ceremony.submit("carol", c, kcvC, this::importer);
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.componentCheckValues()).containsExactly(kcvA, kcvB, kcvC);
        assertThat(imported.get()).isEqualTo(expected);
        assertThat(done.result().checkValue()).isEqualTo(KeyCheckValue.of(expected));
        assertThatThrownBy(() -> ceremony.submit("dave", random(), "000000", this::importer))
                .isInstanceOfSatisfying(KeyStateException.class, e -> assertThat(e.rule()).isEqualTo("ceremony-closed"));
    }

    @Test
    void oneCustodianCannotGiveTwoComponents() {
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), 2, "op", clock, Duration.ofHours(1));
        byte[] a = random();
        ceremony.submit("alice", a.clone(), KeyCheckValue.of(a), this::importer);
        byte[] b = random();
        assertThatThrownBy(() -> ceremony.submit("alice", b, KeyCheckValue.of(b), this::importer))
                .isInstanceOfSatisfying(KeyStateException.class, e -> assertThat(e.rule()).isEqualTo("ceremony-custodian"));
        assertThat(imported.get()).isNull();
    }

    @Test
    void aMistypedComponentIsRefusedByItsCheckValue() {
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), 2, "op", clock, Duration.ofHours(1));
        byte[] a = random();
        String kcv = KeyCheckValue.of(a);
        a[5] ^= 1;
        assertThatThrownBy(() -> ceremony.submit("alice", a, kcv, this::importer))
                .isInstanceOfSatisfying(KeyStateException.class, e -> assertThat(e.rule()).isEqualTo("component-check-value"));
        assertThat(ceremony.view().custodians()).isEmpty();
    }

    @Test
    void aFailedImportEndsTheCeremonyInsteadOfKeepingTheKey() {
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), 2, "op", clock, Duration.ofHours(1));
        byte[] a = random(), b = random();
        ceremony.submit("alice", a, KeyCheckValue.of(a), this::importer);
        assertThatThrownBy(() -> ceremony.submit("bob", b, KeyCheckValue.of(b), key -> {
            throw new IllegalStateException("HSM down");
        })).hasMessage("HSM down");
        assertThat(ceremony.view().state()).isEqualTo("failed");
        byte[] c = random();
        assertThatThrownBy(() -> ceremony.submit("carol", c, KeyCheckValue.of(c), this::importer)).isInstanceOf(KeyStateException.class);
    }

    @Test
    void dualControlNeedsAtLeastTwoCustodians() {
        assertThatThrownBy(() -> new KeyCeremony(UUID.randomUUID(), 1, "op", clock, Duration.ofHours(1)))
                .isInstanceOf(KeyStateException.class);
    }

    @Test
    void anUnfinishedCeremonyExpires() {
        KeyCeremony ceremony = new KeyCeremony(UUID.randomUUID(), 2, "op", clock, Duration.ofHours(1));
        byte[] a = random();
        ceremony.submit("alice", a.clone(), KeyCheckValue.of(a), this::importer);
        clock.advance(Duration.ofHours(1));
        assertThat(ceremony.view().state()).isEqualTo("expired");
        byte[] b = random();
        assertThatThrownBy(() -> ceremony.submit("bob", b, KeyCheckValue.of(b), this::importer)).isInstanceOf(KeyStateException.class);
        assertThat(imported.get()).isNull();
    }
}
