package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CardNumberDetectorTest {

    @Test
    void masksContiguousAndGroupedCardNumbers() {
        assertThat(CardNumberDetector.mask("pan=4111111111111111 end"))
                .isEqualTo("pan=411111******1111 end");
        assertThat(CardNumberDetector.mask("card 5555 5555 5555 4444."))
                .isEqualTo("card 5555 55** **** 4444.");
        assertThat(CardNumberDetector.mask("amex 3782-822463-10005"))
                .isEqualTo("amex 3782-82****-*0005");
    }

    @Test
    void findsACardNumberWrittenAfterAnotherNumber() {
        assertThat(CardNumberDetector.mask("qty 2 4111 1111 1111 1111"))
                .isEqualTo("qty 2 4111 11** **** 1111");
        assertThat(CardNumberDetector.mask("1234 4111111111111111"))
                .isEqualTo("1234 411111******1111");
    }

    @Test
    void leavesNonCardNumbersAlone() {
        String text = "order 4111111111111112 at 1700000000000 id 12345678901234567890123";
        assertThat(CardNumberDetector.mask(text)).isSameAs(text);
        assertThat(CardNumberDetector.containsCardNumber(text)).isFalse();
    }

    @Test
    void leavesTheDigitGroupsOfUuidsAlone() {
        // 4137 9847 9439713 passes Luhn; inside a UUID it is not a card number.
        String id = "api-key:b4a6de9b-cd5e-4137-9847-9439713d3867";
        assertThat(Luhn.isValid("413798479439713")).isTrue();
        assertThat(CardNumberDetector.mask(id)).isSameAs(id);
        for (int i = 0; i < 2000; i++) {
            String uuid = java.util.UUID.randomUUID().toString();
            assertThat(CardNumberDetector.mask(uuid)).isSameAs(uuid);
        }
        assertThat(CardNumberDetector.mask("id4111111111111111x")).isEqualTo("id411111******1111x");
    }

    @Test
    void returnsTheSameInstanceWhenNothingIsFound() {
        String line = "GET /v1/tenants/current 200 in 3 ms";
        assertThat(CardNumberDetector.mask(line)).isSameAs(line);
    }

    @Property
    void noValidCardNumberSurvivesMasking(@ForAll("cardNumbers") String pan,
                                          @ForAll @AlphaChars @StringLength(max = 20) String before,
                                          @ForAll @AlphaChars @StringLength(max = 20) String after) {
        String masked = CardNumberDetector.mask(before + " " + pan + " " + after);
        assertThat(masked).doesNotContain(pan);
        assertThat(masked).contains(pan.substring(0, 6)).contains(pan.substring(pan.length() - 4));
        assertThat(CardNumberDetector.containsCardNumber(before + pan + after)).isTrue();
    }

    @Provide
    Arbitrary<String> cardNumbers() {
        return Arbitraries.integers().between(12, 18).flatMap(length ->
                Arbitraries.strings().numeric().ofLength(length).map(payload -> payload + Luhn.checkDigit(payload)));
    }
}
