package dev.mamori.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.risk.CardTestingPolicy;
import dev.mamori.server.config.MamoriProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CardTestingSettingsTest {

    @Test
    void unsetPropertiesGiveTheDocumentedDefaults() {
        assertThat(RiskConfig.cardTesting(new MamoriProperties.CardTesting(null, null, null, null, null, null, null, null)))
                .isEqualTo(CardTestingPolicy.DEFAULT);
    }

    @Test
    void setPropertiesReachThePolicy() {
        CardTestingPolicy policy = RiskConfig.cardTesting(
                new MamoriProperties.CardTesting(3, 25, 4, 0.8, 10, 50, 2, Duration.ofMinutes(30)));
        assertThat(policy).isEqualTo(new CardTestingPolicy(3, 25, 4, 0.8, 10, 50, 2, Duration.ofMinutes(30)));
    }

    @Test
    void nonsenseIsRefusedAtStart() {
        assertThatThrownBy(() -> new MamoriProperties.CardTesting(1, null, null, null, null, null, null, null))
                .hasMessageContaining("mamori.risk.card-testing");
        assertThatThrownBy(() -> new MamoriProperties.CardTesting(null, null, null, 1.5, null, null, null, null))
                .hasMessageContaining("decline ratio");
        assertThatThrownBy(() -> new MamoriProperties.CardTesting(null, null, null, null, null, null, null, Duration.ZERO))
                .hasMessageContaining("block-for");
    }
}
