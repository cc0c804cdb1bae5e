package dev.mamori.phishing.lookalike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.DomainName;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CandidateGeneratorTest {
    private static final DomainName BRAND = DomainName.of("mamori.jp");

    private static Map<String, Technique> candidates(String brand) {
        return CandidateGenerator.generate(DomainName.of(brand)).stream()
                .collect(Collectors.toMap(Candidate::domain, Candidate::technique, (a, b) -> a));
    }

    @Test
    void typosByKeyboardProximity() {
        Map<String, Technique> all = candidates("mamori.jp");
        assertThat(all).containsEntry("mmaori.jp", Technique.TRANSPOSITION)
                .containsEntry("mamoru.jp", Technique.REPLACEMENT) // u is next to i
                .containsEntry("mammori.jp", Technique.REPETITION)
                .containsEntry("mamri.jp", Technique.OMISSION)
                .containsEntry("mamoiri.jp", Technique.INSERTION)
                .containsEntry("ma-mori.jp", Technique.HYPHENATION);
        // p is not next to i: not a keyboard replacement
        assertThat(all.get("mamorp.jp")).isNotEqualTo(Technique.REPLACEMENT);
    }

    @Test
    void bitsquattingFlipsOneBit() {
        // 'm' (0x6d) ^ 0x01 = 'l' (0x6c); 'o' (0x6f) ^ 0x08 = 'g' (0x67)
        Map<String, Technique> all = candidates("mamori.jp");
        assertThat(all).containsKey("lamori.jp").containsEntry("mamgri.jp", Technique.BITSQUATTING);
        assertThat(all.keySet()).allMatch(d -> d.chars().noneMatch(Character::isUpperCase));
    }

    @Test
    void vowelSwapsAndAsciiHomoglyphs() {
        Map<String, Technique> all = candidates("mamori.jp");
        assertThat(all).containsEntry("mamora.jp", Technique.VOWEL_SWAP)
                .containsEntry("rnamori.jp", Technique.HOMOGLYPH)
                .containsEntry("mam0ri.jp", Technique.HOMOGLYPH)
                .containsEntry("mamor1.jp", Technique.HOMOGLYPH);
        assertThat(candidates("wallet.jp")).containsEntry("vvallet.jp", Technique.HOMOGLYPH).containsEntry("wa1let.jp", Technique.HOMOGLYPH);
    }

    @Test
    void unicodeHomoglyphsFromUts39AreALabels() {
        List<Candidate> idn = CandidateGenerator.generate(BRAND).stream().filter(c -> c.technique() == Technique.IDN_HOMOGLYPH).toList();
        assertThat(idn).isNotEmpty();
        assertThat(idn).allMatch(c -> c.domain().startsWith("xn--") && c.domain().endsWith(".jp"));
        // Cyrillic а (U+0430) in place of the first Latin a
        assertThat(idn).extracting(Candidate::unicode).contains("m\u0430mori.jp");
        assertThat(idn).allSatisfy(c -> assertThat(DomainName.of(c.unicode()).ascii()).isEqualTo(c.domain()));
    }

    @Test
    void suffixSwapsIncludeJapaneseSecondLevelDomains() {
        Map<String, Technique> all = candidates("mamori.co.jp");
        for (String swap : List.of("mamori.jp", "mamori.ne.jp", "mamori.or.jp", "mamori.ac.jp", "mamori.go.jp", "mamori.gr.jp",
                "mamori.ed.jp", "mamori.lg.jp", "mamori.com", "mamori.net", "mamori.shop")) {
            assertThat(all).containsEntry(swap, Technique.TLD_SWAP);
        }
        assertThat(all).doesNotContainKey("mamori.co.jp");
    }

    @Test
    void brandWithPhishingKeywords() {
        Map<String, Technique> all = candidates("mamori.jp");
        assertThat(all).containsEntry("mamori-login.jp", Technique.KEYWORD)
                .containsEntry("secure-mamori.com", Technique.KEYWORD)
                .containsEntry("mamoricard.jp", Technique.KEYWORD)
                .containsEntry("mypage-mamori.jp", Technique.KEYWORD)
                .containsEntry("mamori-verify.com", Technique.KEYWORD);
    }

    @Test
    void neverTheBrandNorItsSubdomainsNorInvalidLabels() {
        for (String brand : List.of("mamori.jp", "shop.mamori.co.jp", "a-b.jp", "jcb.co.jp", "xn--u9jt50g.jp")) {
            DomainName domain = DomainName.of(brand);
            List<Candidate> all = CandidateGenerator.generate(domain);
            assertThat(all).isNotEmpty();
            for (Candidate c : all) {
                DomainName parsed = DomainName.of(c.domain());
                assertThat(parsed.ascii()).isEqualTo(c.domain());
                assertThat(parsed.isWithin(domain)).as(c.domain()).isFalse();
                assertThat(domain.isWithin(parsed)).as(c.domain()).isFalse();
            }
        }
    }

    @Test
    void subdomainBrandVariesItsRegistrableLabel() {
        Map<String, Technique> all = candidates("shop.mamori.co.jp");
        assertThat(all).containsEntry("mamoru.co.jp", Technique.REPLACEMENT).containsEntry("mamori.jp", Technique.TLD_SWAP);
    }
}
