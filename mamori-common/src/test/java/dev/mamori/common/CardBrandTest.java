package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardBrandTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "4111111111111111, VISA",
            "5555555555554444, MASTERCARD",
            "2221000000000009, MASTERCARD",
            "2720990000000007, MASTERCARD",
            "378282246310005, AMEX",
            "341111111111111, AMEX",
            "3530111333300000, JCB",
            "3589000000000003, JCB",
            "30569309025904, DINERS",
            "36227206271667, DINERS",
            "6011111111111117, DISCOVER",
            "6445644564456445, DISCOVER",
            "6200000000000005, UNIONPAY",
            "6221260000000000, UNIONPAY",
    })
    void detectsBrandFromLeadingDigits(String pan, CardBrand expected) {
        assertThat(CardBrand.detect(pan)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2220990000000000", "2721000000000000", "3527000000000000", "9999999999999995", "1234", "'abcdefgh'"})
    void unknownRangesHaveNoBrand(String digits) {
        assertThat(CardBrand.detect(digits)).isNull();
    }

    @ParameterizedTest(name = "{0} issues {1} digits: {2}")
    @CsvSource({
            "VISA, 16, true", "VISA, 13, true", "VISA, 19, true", "VISA, 15, false",
            "MASTERCARD, 16, true", "MASTERCARD, 19, false",
            "AMEX, 15, true", "AMEX, 16, false",
            "JCB, 16, true", "JCB, 19, true", "JCB, 15, false",
            "DINERS, 14, true", "DINERS, 13, false",
            "UNIONPAY, 19, true", "DISCOVER, 15, false",
    })
    void knowsTheLengthsEachBrandIssues(CardBrand brand, int length, boolean issued) {
        assertThat(brand.issuesLength(length)).isEqualTo(issued);
    }

    @org.junit.jupiter.api.Test
    void amexHasFourDigitSecurityCode() {
        assertThat(CardBrand.AMEX.securityCodeLength()).isEqualTo(4);
        assertThat(CardBrand.VISA.securityCodeLength()).isEqualTo(3);
    }
}
