package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PanTest {

    @Test
    void toStringShowsOnlyFirstSixAndLastFour() {
        Pan pan = Pan.of("4111 1111 1111 1111");
        assertThat(pan.toString()).isEqualTo("Pan[411111******1111]").doesNotContain("4111111111111111");
        assertThat(pan.masked()).isEqualTo("411111******1111");
        assertThat(pan.bin()).isEqualTo("411111");
        assertThat(pan.last4()).isEqualTo("1111");
        assertThat(pan.length()).isEqualTo(16);
    }

    @Test
    void revealNeedsTheAccessTokenAndReturnsTheDigitsWithoutSeparators() {
        assertThat(Pan.of("3782-822463-10005").reveal(InsecurePanAccess.get())).isEqualTo("378282246310005");
        assertThatThrownBy(() -> Pan.of("4111111111111111").reveal(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsFullWidthDigitsAndJapaneseSeparatorsAsTypedByJapaneseInputMethods() {
        Pan pan = Pan.of("\uFF14\uFF11\uFF11\uFF11\u3000\uFF11\uFF11\uFF11\uFF11\uFF0D1111 1111");
        assertThat(pan.reveal(InsecurePanAccess.get())).isEqualTo("4111111111111111");
        assertThat(pan.brand()).isEqualTo(CardBrand.VISA);
    }

    @Test
    void rejectsLuhnFailureWithoutEchoingTheInput() {
        assertThatThrownBy(() -> Pan.of("4111111111111112"))
                .isInstanceOfSatisfying(InvalidPanException.class, e -> assertThat(e.rule()).isEqualTo("luhn"))
                .message().doesNotContain("4111111111111112").doesNotContain("1112");
    }

    @Test
    void rejectsWrongLengthAndNonDigits() {
        assertThatThrownBy(() -> Pan.of("411111111111"))
                .isInstanceOfSatisfying(InvalidPanException.class, e -> assertThat(e.rule()).isEqualTo("length"));
        assertThatThrownBy(() -> Pan.of("41111111111111111111"))
                .isInstanceOfSatisfying(InvalidPanException.class, e -> assertThat(e.rule()).isEqualTo("length"));
        assertThatThrownBy(() -> Pan.of("4111x11111111111"))
                .isInstanceOfSatisfying(InvalidPanException.class, e -> assertThat(e.rule()).isEqualTo("digits"));
        assertThatThrownBy(() -> Pan.of(null))
                .isInstanceOfSatisfying(InvalidPanException.class, e -> assertThat(e.rule()).isEqualTo("required"));
    }

    @Test
    void wipeOverwritesTheDigits() {
        Pan pan = Pan.of("5555555555554444");
        pan.wipe();
        assertThat(pan.reveal(InsecurePanAccess.get())).isEqualTo("0000000000000000");
    }
}
