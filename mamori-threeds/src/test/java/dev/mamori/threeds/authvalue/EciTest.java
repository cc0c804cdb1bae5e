package dev.mamori.threeds.authvalue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.CardBrand;
import dev.mamori.threeds.TransStatus;
import org.junit.jupiter.api.Test;

class EciTest {
    @Test
    void visaJcbAmexDinersDiscoverAndUnionPayUseFiveSixSeven() {
        for (CardBrand brand : new CardBrand[] {CardBrand.VISA, CardBrand.JCB, CardBrand.AMEX, CardBrand.DINERS, CardBrand.DISCOVER,
                CardBrand.UNIONPAY}) {
            assertThat(Eci.of(brand, TransStatus.Y)).as("%s Y", brand).isEqualTo("05");
            assertThat(Eci.of(brand, TransStatus.A)).as("%s A", brand).isEqualTo("06");
            for (TransStatus other : new TransStatus[] {TransStatus.N, TransStatus.U, TransStatus.R, TransStatus.C}) {
                assertThat(Eci.of(brand, other)).as("%s %s", brand, other).isEqualTo("07");
            }
        }
    }

    @Test
    void mastercardUsesTwoOneZero() {
        assertThat(Eci.of(CardBrand.MASTERCARD, TransStatus.Y)).isEqualTo("02");
        assertThat(Eci.of(CardBrand.MASTERCARD, TransStatus.A)).isEqualTo("01");
        assertThat(Eci.of(CardBrand.MASTERCARD, TransStatus.N)).isEqualTo("00");
        assertThat(Eci.of(CardBrand.MASTERCARD, TransStatus.U)).isEqualTo("00");
    }

    @Test
    void fullyAuthenticatedAttemptedAndLiabilityShift() {
        assertThat(Eci.fullyAuthenticated("05")).isTrue();
        assertThat(Eci.fullyAuthenticated("02")).isTrue();
        assertThat(Eci.fullyAuthenticated("06")).isFalse();
        assertThat(Eci.fullyAuthenticated(null)).isFalse();
        assertThat(Eci.attempted("06")).isTrue();
        assertThat(Eci.attempted("01")).isTrue();
        assertThat(Eci.attempted("07")).isFalse();
        assertThat(Eci.attempted("00")).isFalse();
        assertThat(Eci.shiftsLiability("01")).isTrue();
        assertThat(Eci.shiftsLiability("07")).isFalse();
        assertThat(Eci.known("00")).isTrue();
        assertThat(Eci.known("08")).isFalse();
    }
}
