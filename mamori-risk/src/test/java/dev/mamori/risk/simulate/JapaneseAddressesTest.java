package dev.mamori.risk.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.lists.JapaneseAddressNormalizer;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JapaneseAddressesTest {
    @Test
    void everySpellingOfAnAddressHasTheNormalizersKeyOfTheStandardOne() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            JapaneseAddresses.Address address = i % 2 == 0 ? JapaneseAddresses.drop(random) : JapaneseAddresses.home(random);
            List<String> spellings = address.spellings();
            String key = JapaneseAddressNormalizer.normalize(address.standard());
            assertThat(spellings).as(address.standard()).allSatisfy(s ->
                    assertThat(JapaneseAddressNormalizer.normalize(s)).as(s).isEqualTo(key));
            assertThat(new HashSet<>(spellings)).as("all different").hasSize(spellings.size());
        }
    }

    @Test
    void spellingsVaryTheWaysPeopleWriteAddresses() {
        JapaneseAddresses.Address drop = JapaneseAddresses.drop(new SplittableRandom(5));
        List<String> spellings = drop.spellings();
        assertThat(spellings.get(0)).startsWith(drop.prefecture()).contains("丁目").contains("-");
        assertThat(spellings).anySatisfy(s -> assertThat(s).contains("番").contains("号"));
        assertThat(spellings).anySatisfy(s -> assertThat(s).doesNotContain(drop.prefecture()).matches(".*[０-９].*"));
        assertThat(spellings).anySatisfy(s -> assertThat(s).contains("番地"));
        assertThat(spellings).anySatisfy(s -> assertThat(s).startsWith("〒"));
    }

    @Test
    void aNewAddressIsInAnotherTown() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 50; i++) {
            JapaneseAddresses.Address home = JapaneseAddresses.home(random);
            JapaneseAddresses.Address other = JapaneseAddresses.elsewhere(random, home);
            assertThat(JapaneseAddressNormalizer.normalize(other.standard())).isNotEqualTo(JapaneseAddressNormalizer.normalize(home.standard()));
        }
    }
}
