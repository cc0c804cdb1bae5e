package dev.mamori.threeds.authvalue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.authvalue.AuthenticationValues.Verification;
import dev.mamori.vault.keys.MasterKeyProvider;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every key provider must give the authentication value: the PKCS#12 file and an HSM over PKCS#11. */
abstract class AuthenticationValuesContract {
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency USD = Currency.getInstance("USD");
    static final Pan PAN = Pan.of("4111111111111111");
    static final Pan OTHER_PAN = Pan.of("4012888888881881");

    protected MasterKeyProvider provider;
    protected AuthenticationValues values;
    final TenantId tenant = TenantId.random();

    protected abstract MasterKeyProvider open() throws Exception;

    @BeforeEach
    void openProvider() throws Exception {
        provider = open();
        values = new AuthenticationValues(provider);
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    AuthenticatedPayment payment(String eci) {
        return new AuthenticatedPayment(tenant, PAN, 12_800, JPY, "MERCHANT-0001", UUID.randomUUID().toString(), eci,
                ChallengeMethod.SMS_OTP, Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void anIssuedValueIsTwentyBytesAndVerifiesForItsPayment() {
        String value = values.issue(payment("05"));

        assertThat(value).hasSize(28);
        assertThat(Base64.getDecoder().decode(value)).hasSize(20);
        assertThat(values.verify(tenant, value, PAN, 12_800, JPY, "MERCHANT-0001", "05")).isEqualTo(Verification.VALID);
    }

    @Test
    void theKeyIsCreatedInTheProviderOnFirstUse() throws Exception {
        assertThat(provider.cardVerificationKeys(tenant.toString())).isEmpty();
        values.issue(payment("05"));
        assertThat(provider.cardVerificationKeys(tenant.toString())).containsExactly("3ds-av-1");
    }

    @Test
    void everyBoundFieldChangedMakesAGenuineValueMismatched() {
        String value = values.issue(payment("05"));

        assertThat(values.verify(tenant, value, OTHER_PAN, 12_800, JPY, "MERCHANT-0001", "05")).as("card").isEqualTo(Verification.MISMATCHED);
        assertThat(values.verify(tenant, value, PAN, 12_801, JPY, "MERCHANT-0001", "05")).as("amount").isEqualTo(Verification.MISMATCHED);
        assertThat(values.verify(tenant, value, PAN, 12_800, USD, "MERCHANT-0001", "05")).as("currency").isEqualTo(Verification.MISMATCHED);
        assertThat(values.verify(tenant, value, PAN, 12_800, JPY, "MERCHANT-0002", "05")).as("merchant").isEqualTo(Verification.MISMATCHED);
        assertThat(values.verify(tenant, value, PAN, 12_800, JPY, "MERCHANT-0001", "06")).as("eci").isEqualTo(Verification.MISMATCHED);
    }

    @Test
    void fieldFortyTwosSpacePaddingIsTheSameMerchant() {
        String value = values.issue(payment("05"));
        assertThat(values.verify(tenant, value, PAN, 12_800, JPY, "MERCHANT-0001  ", "05")).isEqualTo(Verification.VALID);
    }

    @Test
    void twoAuthenticationsOfOnePaymentGiveDifferentValues() {
        assertThat(values.issue(payment("05"))).isNotEqualTo(values.issue(payment("05")));
    }

    @Test
    void everySingleBitFlipIsForged() {
        byte[] bytes = Base64.getDecoder().decode(values.issue(payment("05")));
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(values.verify(tenant, Base64.getEncoder().encodeToString(flipped), PAN, 12_800, JPY, "MERCHANT-0001", "05"))
                    .as("bit %d", bit).isEqualTo(Verification.FORGED);
        }
    }

    @Test
    void anotherTenantsKeyDoesNotVerifyIt() {
        String value = values.issue(payment("05"));
        TenantId other = TenantId.random();
        assertThat(values.verify(other, value, PAN, 12_800, JPY, "MERCHANT-0001", "05")).as("tenant without a key")
                .isEqualTo(Verification.FORGED);

        values.issue(new AuthenticatedPayment(other, PAN, 1, JPY, "M", "x", "05", null, Instant.EPOCH)); // creates its key
        assertThat(values.verify(other, value, PAN, 12_800, JPY, "MERCHANT-0001", "05")).as("tenant with its own key")
                .isEqualTo(Verification.FORGED);
    }

    @Test
    void malformedValuesAreForged() {
        values.issue(payment("05"));
        for (String bad : new String[] {null, "", "not base64 at all!!!!!!!!!!!", Base64.getEncoder().encodeToString(new byte[19]),
                Base64.getEncoder().encodeToString(new byte[21]), Base64.getEncoder().encodeToString(new byte[20])}) {
            assertThat(values.verify(tenant, bad, PAN, 12_800, JPY, "MERCHANT-0001", "05")).as("%s", bad).isEqualTo(Verification.FORGED);
        }
    }

    @Test
    void onlyTheCanonicalBase64SpellingVerifies() {
        String value = values.issue(payment("05"));
        char last = value.charAt(26); // 20 bytes: the 27th character carries 4 bits and 2 unused ones
        char other = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(last) ^ 1);
        String respelled = value.substring(0, 26) + other + "=";
        assertThat(Base64.getDecoder().decode(respelled)).as("same bytes").isEqualTo(Base64.getDecoder().decode(value));

        assertThat(values.verify(tenant, respelled, PAN, 12_800, JPY, "MERCHANT-0001", "05")).isEqualTo(Verification.FORGED);
    }

    @Test
    void valuesUnderAnOlderKeyIndexStillVerify() {
        String old = values.issue(payment("02"));
        AuthenticationValues rotated = new AuthenticationValues(provider, 2);
        String fresh = rotated.issue(payment("02"));

        assertThat(Base64.getDecoder().decode(fresh)[3]).isEqualTo((byte) 2);
        assertThat(rotated.verify(tenant, old, PAN, 12_800, JPY, "MERCHANT-0001", "02")).isEqualTo(Verification.VALID);
        assertThat(values.verify(tenant, fresh, PAN, 12_800, JPY, "MERCHANT-0001", "02")).isEqualTo(Verification.VALID);
    }

    @Test
    void noValueIsIssuedForAnEciWithoutAuthentication() {
        assertThatThrownBy(() -> values.issue(payment("07"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eci");
        assertThatThrownBy(() -> values.issue(payment("00"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeaderCarriesVersionEciMethodAndKeyIndex() {
        byte[] bytes = Base64.getDecoder().decode(values.issue(payment("06")));
        assertThat(bytes[0]).as("version").isEqualTo((byte) 1);
        assertThat(bytes[1]).as("eci").isEqualTo((byte) 6);
        assertThat(bytes[2]).as("method: SMS OTP").isEqualTo((byte) 1);
        assertThat(bytes[3]).as("key index").isEqualTo((byte) 1);
    }
}
