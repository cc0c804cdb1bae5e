package dev.mamori.threeds.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcsPolicyTest {
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void defaultsAreJapaneseLowValueOfThreeThousandYenFiveInARow() {
        AcsPolicy p = AcsPolicy.defaults();
        assertThat(p.frictionlessBelow()).isEqualTo(300);
        assertThat(p.refuseAt()).isEqualTo(700);
        assertThat(p.lowValueLimit(JPY)).isEqualTo(3_000);
        assertThat(p.lowValueMaxConsecutive()).isEqualTo(5);
        assertThat(p.lowValueLimit(EUR)).isEqualTo(-1);
        assertThat(p.traLimit(JPY)).isEqualTo(30_000);
        assertThat(p.maxChallengesPerDay()).isEqualTo(5);
    }

    @Test
    void eachRuleNamesItsField() {
        expect(() -> policy(-1, 700, 150, Map.of(JPY, 1L), 5), "frictionlessBelow", "range");
        expect(() -> policy(300, 1002, 150, Map.of(JPY, 1L), 5), "refuseAt", "range");
        expect(() -> policy(500, 400, 150, Map.of(JPY, 1L), 5), "refuseAt", "not-below-frictionless");
        expect(() -> policy(300, 700, 800, Map.of(JPY, 1L), 5), "traBelow", "not-above-refuse");
        expect(() -> policy(300, 700, 150, Map.of(JPY, -1L), 5), "lowValueLimits.JPY", "range");
        expect(() -> policy(300, 700, 150, Map.of(JPY, 1L), 0), "maxChallengesPerDay", "range");
        expect(() -> policy(300, 700, 150, null, 5), "lowValueLimits", "required");
        Map<Currency, Long> many = new HashMap<>();
        for (Currency c : List.copyOf(Currency.getAvailableCurrencies()).subList(0, 21)) {
            many.put(c, 1L);
        }
        expect(() -> policy(300, 700, 150, many, 5), "lowValueLimits", "size");
        expect(() -> new AcsPolicy(300, 700, Map.of(), 101, 150, Map.of(), 5, true, true, true, true), "lowValueMaxConsecutive", "range");
    }

    @Test
    void neverRefusingByScoreIsAllowed() {
        AcsPolicy p = policy(300, AcsPolicy.NEVER, 150, Map.of(JPY, 5_000L, EUR, 3_000L), 5);
        assertThat(p.refuseAt()).isEqualTo(1001);
        assertThat(p.lowValueLimits().keySet()).containsExactly(EUR, JPY);
    }

    private static AcsPolicy policy(int frictionless, int refuse, int tra, Map<Currency, Long> lowValue, int maxChallenges) {
        return new AcsPolicy(frictionless, refuse, lowValue, 5, tra, Map.of(), maxChallenges, true, true, true, true);
    }

    private static void expect(Runnable build, String field, String rule) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.getMessage()).contains(field);
        });
    }
}
