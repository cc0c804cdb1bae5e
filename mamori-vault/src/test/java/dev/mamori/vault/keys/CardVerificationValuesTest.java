package dev.mamori.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The public-algorithm parts of the CVV that run outside the provider: packing the data and
 * decimalizing. The provider parts, and the whole computation against published vectors, are in
 * {@link MasterKeyProviderContract}.
 */
class CardVerificationValuesTest {

    @Test
    void decimalizationTakesTheDigitsFirstThenTheLettersMinusTen() {
        // http://topic.alibabacloud.com/a/algorithm-generation-7-cvn_8_8_31672247.html: result
        // 8d5625fa78011a0c; digits 85625780110, letters d f a a c -> 3 5 0 0 2.
        byte[] result = HexFormat.of().parseHex("8d5625fa78011a0c");

        assertThat(new String(CardVerificationValues.decimalize(result, 16))).isEqualTo("8562578011035002");
        assertThat(new String(CardVerificationValues.decimalize(result, 3))).isEqualTo("856");
    }

    @Test
    void aResultWithFewDecimalDigitsIsCompletedFromItsLetters() {
        assertThat(new String(CardVerificationValues.decimalize(HexFormat.of().parseHex("abcdef12abcdefab"), 3)))
                .isEqualTo("120");
        assertThat(new String(CardVerificationValues.decimalize(HexFormat.of().parseHex("fedcbafedcbafedc"), 5)))
                .isEqualTo("54321");
    }

    @Test
    void theDataIsPanExpiryAndServiceCodeZeroPaddedToThirtyTwoDigits() {
        assertThat(HexFormat.of().formatHex(CardVerificationValues.packData("4123456789012345", "8701", "101")))
                .isEqualTo("41234567890123458701101000000000");
        assertThat(HexFormat.of().formatHex(CardVerificationValues.packData("4123456789012", "8701", "101")))
                .as("13 digits: the expiry starts mid-byte").isEqualTo("41234567890128701101000000000000");
        assertThat(HexFormat.of().formatHex(CardVerificationValues.packData("4123456789012345678", "2912", "000")))
                .as("19 digits").isEqualTo("41234567890123456782912000000000");
    }

    @Test
    void malformedDataIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> CardVerificationValues.packData("4123 4567", "8701", "101"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the card number must be 1 to 19 digits");
        assertThatThrownBy(() -> CardVerificationValues.packData("4123456789012345", "87-1", "101"))
                .hasMessage("the expiry date must be 4 digits, YYMM");
        assertThatThrownBy(() -> CardVerificationValues.packData("4123456789012345", "8701", "1010"))
                .hasMessage("the service code must be 3 digits");
        assertThatThrownBy(() -> CardVerificationValues.packData(null, "8701", "101"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
