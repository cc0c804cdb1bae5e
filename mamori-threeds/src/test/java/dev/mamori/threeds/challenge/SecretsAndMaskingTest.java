package dev.mamori.threeds.challenge;

import dev.mamori.risk.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.TenantId;
import dev.mamori.threeds.challenge.internal.Base32;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsAndMaskingTest {
    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private final AesGcmSecretSealer sealer = new AesGcmSecretSealer(key(1), key(2));

    @Test
    void aSealedSecretOpensOnlyForItsContextAndKey() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        String sealed = sealer.seal(secret, "tenant-a/card-1");
        assertThat(sealed).doesNotContain("1234567890");
        assertThat(sealer.open(sealed, "tenant-a/card-1")).isEqualTo(secret);
        assertThat(sealer.seal(secret, "tenant-a/card-1")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> sealer.open(sealed, "tenant-a/card-2")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AesGcmSecretSealer(key(3), key(2)).open(sealed, "tenant-a/card-1")).isInstanceOf(IllegalStateException.class);
        char[] tampered = sealed.toCharArray();
        tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> sealer.open(new String(tampered), "tenant-a/card-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMacIsKeyed() {
        byte[] data = "123456".getBytes(StandardCharsets.US_ASCII);
        assertThat(sealer.mac(data)).hasSize(32).isEqualTo(sealer.mac(data));
        assertThat(new AesGcmSecretSealer(key(1), key(4)).mac(data)).isNotEqualTo(sealer.mac(data));
        assertThatThrownBy(() -> new AesGcmSecretSealer(key(1), key(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32MatchesTheRfc4648Vectors(String text, String encoded) {
        assertThat(Base32.encode(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(TestBase32.decode(encoded)).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void masksAddressesNumbersAndDevices() {
        assertThat(Masking.email("taro.yamada@example.jp")).isEqualTo("t***@example.jp");
        assertThat(Masking.phone("+819012345678")).isEqualTo("+81******5678");
        assertThat(Masking.device("app-registration-0001")).isEqualTo("app-***");
        assertThat(Masking.email(null)).isNull();
    }

    @Test
    void theOutboxKeepsTheNewestMessagesOfEachTenant() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-26T00:00:00Z"));
        Outbox outbox = new Outbox(3, clock);
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        for (int i = 1; i <= 4; i++) {
            outbox.add(a, "sms", "+81*****" + i, null, "text " + i);
        }
        outbox.add(b, "email", "x", "s", "other tenant");
        assertThat(outbox.list(a)).extracting(Outbox.Message::text).containsExactly("text 4", "text 3");
        assertThat(outbox.list(b)).extracting(Outbox.Message::text).containsExactly("other tenant");
        assertThat(outbox.list(b).get(0).toString()).doesNotContain("other tenant");
    }

    @Test
    void theOutboxSenderKeepsTheTextButMasksTheNumber() {
        Outbox outbox = new Outbox(5, new MovableClock(Instant.parse("2026-11-26T00:00:00Z")));
        TenantId tenant = TenantId.random();
        OtpMessage message = new OtpMessage(tenant, OtpSender.Channel.SMS, "+819012345678", "123456",
                new Purchase("Shop", 1500L, java.util.Currency.getInstance("JPY")), "4242", Instant.parse("2026-11-26T00:05:00Z"),
                java.time.Duration.ofMinutes(5), java.util.Locale.ENGLISH);
        OutboxOtpSender.sms(outbox).send(message);
        Outbox.Message kept = outbox.list(tenant).get(0);
        assertThat(kept.to()).isEqualTo("+81******5678");
        assertThat(kept.text()).isEqualTo("One-time password 123456 Shop JPY 1,500 card ending 4242, valid 5 min. Do not share it.");
    }
}
