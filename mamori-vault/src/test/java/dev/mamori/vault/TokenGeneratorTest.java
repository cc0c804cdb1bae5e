package dev.mamori.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.vault.internal.TokenGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class TokenGeneratorTest {

    @Property(tries = 5000)
    void formatPreservingTokensKeepTheLastFourAndNeverPassLuhn(@ForAll @NumericChars @StringLength(4) String last4) {
        String token = TokenGenerator.formatPreserving(last4);
        assertThat(token).hasSize(16).endsWith(last4).containsOnlyDigits();
        assertThat(Luhn.isValid(token)).isFalse();
        assertThat(TokenGenerator.looksLikeToken(token)).isTrue();
    }

    @Property(tries = 1000)
    void opaqueTokensAreRecognisedAndDistinct() {
        String a = TokenGenerator.opaque();
        assertThat(a).matches("tok_[A-Za-z0-9_-]{22}");
        assertThat(TokenGenerator.looksLikeToken(a)).isTrue();
        assertThat(TokenGenerator.opaque()).isNotEqualTo(a);
    }

    @org.junit.jupiter.api.Test
    void aCardNumberIsNeverTakenForAToken() {
        assertThat(TokenGenerator.looksLikeToken("4111111111111111")).isFalse();
        assertThat(TokenGenerator.looksLikeToken("4111111111111112")).isTrue();
    }

    @Property
    void otherShapesAreNotTokens(@ForAll @StringLength(max = 80) String text) {
        boolean opaque = text.matches("tok_[A-Za-z0-9_-]{22}");
        boolean digits = text.matches("[0-9]{16}") && !Luhn.isValid(text);
        assertThat(TokenGenerator.looksLikeToken(text)).isEqualTo(opaque || digits);
    }
}
