package dev.mamori.risk.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StandardFeatureCatalogTest {
    private final StandardFeatureCatalog catalog = StandardFeatureCatalog.create();

    @Test
    void defaultWindowsAreOneMinuteOneHourOneDayAndOneWeek() {
        assertThat(catalog.windows()).containsExactly(
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(7));
    }

    @Test
    void canonicalNamesPrintTheLargestExactUnitAndOneDayAsTwentyFourHours() {
        assertThat(catalog.aggregate("card", "count", null, Duration.ofHours(1)).name()).isEqualTo("card.count(1h)");
        assertThat(catalog.aggregate("device", "distinct", "card", Duration.ofDays(1)).name())
                .isEqualTo("device.distinct(card,24h)");
        assertThat(catalog.aggregate("merchant", "sequential", null, Duration.ofDays(7)).name())
                .isEqualTo("merchant.sequential(7d)");
        assertThat(StandardFeatureCatalog.formatWindow(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(StandardFeatureCatalog.formatWindow(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(StandardFeatureCatalog.formatWindow(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(StandardFeatureCatalog.formatWindow(Duration.ofMinutes(120))).isEqualTo("2h");
    }

    @Test
    void resolvesWindowsByDurationNotByText() {
        FeatureSlot hour = catalog.aggregate("card", "count", null, Duration.ofHours(1));
        assertThat(catalog.aggregate("card", "count", null, Duration.ofMinutes(60))).isEqualTo(hour);
        assertThat(catalog.aggregate("card", "count", null, StandardFeatureCatalog.parseWindow("60m"))).isEqualTo(hour);
        assertThat(catalog.aggregate("card", "sum", null, StandardFeatureCatalog.parseWindow("1d")))
                .isEqualTo(catalog.slot("card.sum(24h)"));
        assertThat(catalog.aggregate("card", "count", null, Duration.ofHours(2))).isNull();
    }

    @Test
    void parseWindowReadsDigitsAndOneUnitOnly() {
        assertThat(StandardFeatureCatalog.parseWindow("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(StandardFeatureCatalog.parseWindow("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(StandardFeatureCatalog.parseWindow("1w")).isNull();
        assertThat(StandardFeatureCatalog.parseWindow("h")).isNull();
        assertThat(StandardFeatureCatalog.parseWindow("-1h")).isNull();
        assertThat(StandardFeatureCatalog.parseWindow(null)).isNull();
    }

    @Test
    void unknownNamesAndUntrackedCombinationsResolveToNull() {
        assertThat(catalog.fact("nope")).isNull();
        assertThat(catalog.fact(null)).isNull();
        assertThat(catalog.aggregate("phone", "count", null, Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("card", "median", null, Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("card", "sequential", null, Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("bin", "sequential", null, Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("card", "distinct", "card", Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("device", "distinct", "ip", Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("device", "count", "card", Duration.ofHours(1))).isNull();
        assertThat(catalog.aggregate("card", "count", null, null)).isNull();
    }

    @Test
    void distinctIsTrackedForTheDocumentedPairs() {
        assertThat(catalog.distinctOf("card")).containsExactly("device", "ip", "email", "address", "merchant");
        assertThat(catalog.distinctOf("merchant")).containsExactly("card", "bin");
        for (String entity : List.of("device", "ip", "email", "address", "bin")) {
            assertThat(catalog.distinctOf(entity)).containsExactly("card");
        }
        assertThat(catalog.distinctOf("nope")).isEmpty();
        assertThat(catalog.aggregate("merchant", null, "bin", Duration.ofMinutes(1)).name())
                .isEqualTo("merchant.distinct(bin,1m)");
    }

    @Test
    void sequentialOnlyForSourcesThatSeeManyCards() {
        assertThat(catalog.functions()).containsExactly(
                "count", "sum", "declines", "declineRatio", "small", "cvcFailures", "sequential");
        assertThat(catalog.functions("card")).doesNotContain("sequential");
        assertThat(catalog.functions("device")).contains("sequential");
        assertThat(catalog.functions("email")).contains("sequential");
        assertThat(catalog.functions("merchant")).contains("sequential");
    }

    @Test
    void factsHaveTheirTypes() {
        assertThat(catalog.fact("amount").type()).isEqualTo(ValueType.NUMBER);
        assertThat(catalog.fact("merchant.highRisk").type()).isEqualTo(ValueType.BOOLEAN);
        assertThat(catalog.fact("currency").type()).isEqualTo(ValueType.TEXT);
        assertThat(catalog.fact("eci").type()).isEqualTo(ValueType.TEXT);
        assertThat(catalog.fact("card.openToBuy").type()).isEqualTo(ValueType.NUMBER);
        assertThat(catalog.suppliedFactNames()).contains("list.blocked", "cvc.matched", "score", "card.status")
                .doesNotContain("amount", "card.newDevice");
        assertThat(catalog.factNames()).containsAll(catalog.suppliedFactNames())
                .contains("card.sinceLast", "card.amountRatio", "hour", "crossBorder", "merchant.category");
    }

    @Test
    void everySlotHasItsOwnIndexWithinTheVector() {
        Set<Integer> numbers = new HashSet<>();
        Set<Integer> texts = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (FeatureSlot slot : catalog.slots()) {
            assertThat(names.add(slot.name())).as(slot.name()).isTrue();
            assertThat(catalog.slot(slot.name())).isEqualTo(slot);
            if (slot.type() == ValueType.TEXT) {
                assertThat(texts.add(slot.index())).isTrue();
            } else {
                assertThat(numbers.add(slot.index())).isTrue();
            }
        }
        assertThat(numbers).hasSize(catalog.numberCount()).allMatch(i -> i >= 0 && i < catalog.numberCount());
        assertThat(texts).hasSize(catalog.textCount()).allMatch(i -> i >= 0 && i < catalog.textCount());
    }

    @Test
    void customWindowsAreSortedAndValidated() {
        StandardFeatureCatalog custom = StandardFeatureCatalog.create(List.of(Duration.ofDays(30), Duration.ofSeconds(10)));
        assertThat(custom.windows()).containsExactly(Duration.ofSeconds(10), Duration.ofDays(30));
        assertThat(custom.maxWindow()).isEqualTo(Duration.ofDays(30));
        assertThat(custom.slot("ip.count(30d)")).isNotNull();
        assertThatThrownBy(() -> StandardFeatureCatalog.create(List.of(Duration.ofDays(31))))
                .hasMessageContaining("at most 30d");
        assertThatThrownBy(() -> StandardFeatureCatalog.create(List.of(Duration.ofMillis(1500))))
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> StandardFeatureCatalog.create(List.of(Duration.ofHours(1), Duration.ofMinutes(60))))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> StandardFeatureCatalog.create(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
