package dev.mamori.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecurityCodeTest {

    @Test
    void toStringRevealsNothing() {
        assertThat(SecurityCode.of("739").toString()).isEqualTo("SecurityCode[***]").doesNotContain("739");
    }

    @Test
    void acceptsThreeOrFourDigitsIncludingFullWidth() {
        assertThat(new String(SecurityCode.of("\uFF17\uFF13\uFF19").reveal(InsecurePanAccess.get()), StandardCharsets.US_ASCII)).isEqualTo("739");
        assertThat(SecurityCode.of("7391").length()).isEqualTo(4);
    }

    @Test
    void rejectsOtherInputWithoutEchoingIt() {
        for (String bad : new String[] {"12", "12345", "12a", " 123", ""}) {
            assertThatThrownBy(() -> SecurityCode.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .message().isEqualTo("security code must have 3 or 4 digits");
        }
        assertThatThrownBy(() -> SecurityCode.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wipeOverwritesTheDigitsSoNothingMatchesAfterwards() {
        SecurityCode code = SecurityCode.of("739");
        assertThat(code.matches("739".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(code.matches("738".getBytes(StandardCharsets.US_ASCII))).isFalse();
        code.wipe();
        assertThat(code.isWiped()).isTrue();
        assertThat(code.matches("739".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(code.reveal(InsecurePanAccess.get())).containsOnly(0);
    }
}
