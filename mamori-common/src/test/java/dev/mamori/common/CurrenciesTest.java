package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CurrenciesTest {

    @Test
    void findsEveryAvailableCurrencyByItsOwnNumericCode() {
        for (Currency c : Currency.getAvailableCurrencies()) {
            if (c.getNumericCode() <= 0) {
                continue;
            }
            String code = String.format("%03d", c.getNumericCode());
            Currency found = Currencies.byNumericCode(code).orElseThrow();
            assertThat(found.getNumericCode()).as(code).isEqualTo(c.getNumericCode());
        }
        assertThat(Currencies.byNumericCode("392")).contains(Currency.getInstance("JPY"));
        assertThat(Currencies.byNumericCode("840")).contains(Currency.getInstance("USD"));
        assertThat(Currencies.byNumericCode(978)).contains(Currency.getInstance("EUR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "39", "3920", "JPY", "39a", " 392", "000", "-92"})
    void refusesWhatIsNotAThreeDigitCodeOfACurrency(String code) {
        assertThat(Currencies.byNumericCode(code)).isEmpty();
    }

    @Test
    void refusesNull() {
        assertThat(Currencies.byNumericCode((String) null)).isEmpty();
    }
}
