package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LuhnTest {

    @Test
    void acceptsPublishedTestCardNumbers() {
        assertThat(Luhn.isValid("4111111111111111")).isTrue();
        assertThat(Luhn.isValid("5555555555554444")).isTrue();
        assertThat(Luhn.isValid("378282246310005")).isTrue();
        assertThat(Luhn.isValid("3530111333300000")).isTrue();
    }

    @Test
    void rejectsNonDigitsAndTooShortInput() {
        assertThat(Luhn.isValid("4111-1111")).isFalse();
        assertThat(Luhn.isValid("0")).isFalse();
        assertThat(Luhn.isValid("")).isFalse();
    }

    @Property
    void appendingTheCheckDigitMakesAnyPayloadValid(@ForAll @NumericChars @StringLength(min = 1, max = 30) String payload) {
        assertThat(Luhn.isValid(payload + Luhn.checkDigit(payload))).isTrue();
    }

    @Property
    void changingOneDigitBreaksTheCheck(@ForAll @NumericChars @StringLength(min = 12, max = 18) String payload,
                                        @ForAll @IntRange(min = 0, max = 17) int position,
                                        @ForAll @IntRange(min = 1, max = 9) int delta) {
        String valid = payload + Luhn.checkDigit(payload);
        int at = position % valid.length();
        char changed = (char) ('0' + (valid.charAt(at) - '0' + delta) % 10);
        String corrupted = valid.substring(0, at) + changed + valid.substring(at + 1);
        assertThat(Luhn.isValid(corrupted)).isFalse();
    }
}
