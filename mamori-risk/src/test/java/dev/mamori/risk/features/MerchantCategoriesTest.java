package dev.mamori.risk.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MerchantCategoriesTest {
    private final MerchantCategories standard = MerchantCategories.standard();

    @Test
    void guidelineHighRiskGoodsMapFromTheirMccs() {
        assertThat(standard.category("5815")).isEqualTo("digital-content");
        assertThat(standard.category("5816")).isEqualTo("online-games");
        assertThat(standard.category("5818")).isEqualTo("digital-content");
        assertThat(standard.category("5732")).isEqualTo("electronics");
        assertThat(standard.category("5722")).isEqualTo("electronics");
        assertThat(standard.category("6540")).isEqualTo("e-money");
        assertThat(standard.category("4829")).isEqualTo("e-money");
        assertThat(standard.category("7922")).isEqualTo("tickets");
        assertThat(standard.category("7011")).isEqualTo("hotel");
        assertThat(standard.category("3501")).isEqualTo("hotel");
        assertThat(standard.category("3999")).isEqualTo("hotel");
        for (String mcc : new String[] {"5815", "5816", "5817", "5732", "6051", "7922", "7011", "3650"}) {
            assertThat(standard.highRisk(mcc)).as(mcc).isTrue();
        }
    }

    @Test
    void travelIsACategoryButNotHighRiskByDefault() {
        assertThat(standard.category("4511")).isEqualTo("travel");
        assertThat(standard.category("3000")).isEqualTo("travel");
        assertThat(standard.category("4722")).isEqualTo("travel");
        assertThat(standard.highRisk("4511")).isFalse();
    }

    @Test
    void everyOtherMccHasNoCategory() {
        assertThat(standard.category("5411")).isEmpty(); // grocery
        assertThat(standard.highRisk("5411")).isFalse();
        assertThat(standard.category("3500")).isEmpty(); // car rental, just below the hotels
        assertThat(standard.category("4000")).isEmpty();
    }

    @Test
    void malformedMccsHaveNoCategory() {
        assertThat(standard.category(null)).isEmpty();
        assertThat(standard.category("581")).isEmpty();
        assertThat(standard.category("58a5")).isEmpty();
        assertThat(standard.highRisk("58155")).isFalse();
    }

    @Test
    void anIssuerCanChangeTheTable() {
        MerchantCategories custom = MerchantCategories.standardBuilder()
                .range(5411, 5411, "grocery")
                .range(7011, 7011, "")
                .highRisk(Set.of("travel", "grocery"))
                .build();
        assertThat(custom.category("5411")).isEqualTo("grocery");
        assertThat(custom.highRisk("5411")).isTrue();
        assertThat(custom.highRisk("4511")).isTrue();
        assertThat(custom.category("7011")).isEmpty();
        assertThat(custom.highRisk("5816")).isFalse();
        assertThat(standard.category("5411")).isEmpty();
    }
}
