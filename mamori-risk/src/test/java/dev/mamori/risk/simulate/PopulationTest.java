package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Luhn;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PopulationTest {
    private final Merchants merchants = new Merchants();

    private static List<String> pans(Population p) {
        return p.cardholders.stream().map(c -> c.pan.reveal(InsecurePanAccess.get())).toList();
    }

    @Test
    void theSameSeedPrefixAndCountRegenerateTheSameCards() {
        Population a = Population.generate(42, "412345678", 50, 2026, merchants);
        Population b = Population.generate(42, "412345678", 50, 2026, merchants);
        assertThat(pans(a)).isEqualTo(pans(b));
        for (int i = 0; i < 50; i++) {
            Cardholder x = a.cardholders.get(i);
            Cardholder y = b.cardholders.get(i);
            assertThat(x.expiry).isEqualTo(y.expiry);
            assertThat(x.securityCode).isEqualTo(y.securityCode);
            assertThat(x.creditLimit).isEqualTo(y.creditLimit);
            assertThat(x.home.standard()).isEqualTo(y.home.standard());
            assertThat(x.email).isEqualTo(y.email);
            assertThat(x.devices).isEqualTo(y.devices);
        }
        assertThat(pans(Population.generate(43, "412345678", 50, 2026, merchants))).isNotEqualTo(pans(a));
    }

    @Test
    void cardNumbersAreLuhnValidUniqueSixteenDigitsUnderThePrefixAndDenselyIssued() {
        Population p = Population.generate(7, "498765432", 200, 2026, merchants);
        List<String> pans = pans(p);
        Set<String> unique = new HashSet<>(pans);
        assertThat(unique).hasSize(200);
        assertThat(pans).allSatisfy(pan -> {
            assertThat(pan).hasSize(16).startsWith("498765432");
            assertThat(Luhn.isValid(pan)).isTrue();
        });
        // One card in about every two or three account numbers: enumeration finds cards.
        assertThat(p.lastAccount - p.firstAccount).isBetween(199L, 600L);
        assertThat(p.ownerOf(p.firstAccount)).isZero();
        assertThat(p.ownerOf(p.lastAccount)).isEqualTo(199);
    }

    @Test
    void cardholdersKeepTheirOwnDevicesAndMerchantsAndPrintNoCardNumber() {
        Population p = Population.generate(3, "412345678", 30, 2026, merchants);
        for (Cardholder c : p.cardholders) {
            assertThat(c.devices).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            assertThat(c.usualMerchants).containsKeys(Merchants.Category.values());
            assertThat(c.expiry.getYear()).isBetween(2027, 2030);
            assertThat(c.toString()).doesNotContain(c.pan.reveal(InsecurePanAccess.get()));
        }
    }

    @Test
    void aPrefixThatCannotHoldTheCardsIsRefused() {
        assertThatThrownBy(() -> Population.generate(1, "41234567890", 100_000, 2026, merchants))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> Population.generate(1, "41x", 10, 2026, merchants)).hasMessageContaining("prefix");
    }
}
