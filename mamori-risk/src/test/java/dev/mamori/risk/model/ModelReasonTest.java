package dev.mamori.risk.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The model's reasons: the features that raised the score most, their log form, and their words in Japanese and English. */
class ModelReasonTest {
    private static final List<String> NAMES = List.of("amount", "card.count(1h)", "device.distinct(card,24h)", "card.newDevice", "hour");

    @Test
    void theTopReasonsAreTheLargestRaisesInOrderAndNothingThatLoweredTheScore() {
        float[] row = {60_000, 3, 2, 1, 14};
        double[] contributions = {0.4, 1.2, -0.9, 0.7, 0.0, -0.1};
        List<ModelReason> top = ModelReason.top(NAMES, row, contributions, 3);
        assertThat(top).extracting(ModelReason::feature).containsExactly("card.count(1h)", "card.newDevice", "amount");
        assertThat(ModelReason.top(NAMES, row, contributions, 1)).extracting(ModelReason::feature).containsExactly("card.count(1h)");
        assertThat(ModelReason.top(NAMES, row, new double[] {-1, -2, 0, 0, 0, 3}, 3)).as("the bias is not a feature").isEmpty();
    }

    @Test
    void theLogFormReadsBackAndSkipsAClippedItem() {
        List<ModelReason> reasons = List.of(new ModelReason("amount", 60_000, 1.23456), new ModelReason("card.amountRatio", 2.5, 0.25),
                new ModelReason("card.sinceLast", Double.NaN, 0.1));
        String text = ModelReason.format(reasons);
        assertThat(text).isEqualTo("amount|60000|1.2346;card.amountRatio|2.5|0.25;card.sinceLast|NaN|0.1");
        List<ModelReason> back = ModelReason.parse(text);
        assertThat(back.get(0)).isEqualTo(new ModelReason("amount", 60_000, 1.2346));
        assertThat(back.get(1)).isEqualTo(new ModelReason("card.amountRatio", 2.5, 0.25));
        assertThat(back.get(2).value()).isNaN();
        assertThat(ModelReason.parse("amount|60000|1.2;card.count(1h)|3")).as("clipped").hasSize(1);
        assertThat(ModelReason.parse(null)).isEmpty();
    }

    @Test
    void reasonsReadAsSentencesInBothLanguages() {
        assertThat(ReasonTexts.explain(new ModelReason("card.count(1h)", 7, 0.8), Locale.ENGLISH))
                .isEqualTo("Payments with this card in the last 1 hour: 7 (raised the risk)");
        assertThat(ReasonTexts.explain(new ModelReason("card.count(1h)", 7, 0.8), Locale.JAPANESE))
                .isEqualTo("直近1時間のこのカードの利用回数：7（リスクを上げた）");
        assertThat(ReasonTexts.describe("device.distinct(card,24h)", Locale.ENGLISH))
                .isEqualTo("Different cards used with this device in the last 24 hours");
        assertThat(ReasonTexts.describe("device.distinct(card,24h)", Locale.JAPANESE)).isEqualTo("直近24時間にこの端末で使われたカードの数");
        assertThat(ReasonTexts.explain(new ModelReason("card.newDevice", 1, 0.5), Locale.ENGLISH))
                .isEqualTo("Device new to this card: yes (raised the risk)");
        assertThat(ReasonTexts.explain(new ModelReason("card.amountRatio", 4.25, -0.5), Locale.JAPANESE))
                .isEqualTo("通常の利用額との比：4.25（リスクを下げた）");
        assertThat(ReasonTexts.describe("email.sum(7d)", Locale.ENGLISH)).isEqualTo("Amount approved with this e-mail address in the last 7 days");
        assertThat(ReasonTexts.describe("something.new", Locale.ENGLISH)).as("unknown names as they are").isEqualTo("something.new");
    }
}
