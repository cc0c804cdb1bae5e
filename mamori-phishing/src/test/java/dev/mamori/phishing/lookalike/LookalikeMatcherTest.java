package dev.mamori.phishing.lookalike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.DomainName;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookalikeMatcherTest {
    private final LookalikeMatcher matcher = LookalikeMatcher.of(List.of(DomainName.of("mamori.jp"), DomainName.of("sakuracard.co.jp"),
            DomainName.of("jcb.co.jp")));

    private LookalikeMatch match(String observed) {
        return matcher.match(ObservedDomainReader.canonical(observed));
    }

    @Test
    void theBrandsAndTheirSubdomainsNeverMatch() {
        assertThat(match("mamori.jp")).isNull();
        assertThat(match("www.mamori.jp")).isNull();
        assertThat(match("login.secure.sakuracard.co.jp")).isNull();
        assertThat(match("jcb.co.jp")).isNull();
    }

    @Test
    void unrelatedNamesDoNotMatch() {
        assertThat(match("example.com")).isNull();
        assertThat(match("tokyo-ramen.jp")).isNull();
        assertThat(match("co.jp")).isNull();
    }

    @Test
    void typoExplainedByTechnique() {
        assertThat(match("mmaori.jp")).extracting(LookalikeMatch::technique, LookalikeMatch::score).containsExactly(Technique.TRANSPOSITION, 0.9);
        assertThat(match("sakuracrad.co.jp").technique()).isEqualTo(Technique.TRANSPOSITION);
        assertThat(match("sakuracard.co.jp.")).isNull();
        LookalikeMatch omission = match("sakurcard.com");
        assertThat(omission.brand()).isEqualTo(DomainName.of("sakuracard.co.jp"));
        assertThat(omission.technique()).isEqualTo(Technique.OMISSION);
        // another suffix lowers the score
        assertThat(omission.score()).isLessThan(Technique.OMISSION.baseScore());
    }

    @Test
    void suffixSwapScoresHigh() {
        LookalikeMatch swap = match("mamori.co.jp");
        assertThat(swap.technique()).isEqualTo(Technique.TLD_SWAP);
        assertThat(swap.score()).isEqualTo(0.95);
        assertThat(match("jcb.com").technique()).isEqualTo(Technique.TLD_SWAP);
    }

    @Test
    void idnHomographFoundBySkeleton() {
        // Cyrillic а (U+0430) in both places of a Latin brand, a combination the generator does not list
        String observed = DomainName.of("m\u0430m\u043eri.jp").ascii();
        assertThat(observed).startsWith("xn--");
        LookalikeMatch match = matcher.match(observed);
        assertThat(match.brand()).isEqualTo(DomainName.of("mamori.jp"));
        assertThat(match.technique()).isEqualTo(Technique.IDN_HOMOGLYPH);
        assertThat(match.score()).isEqualTo(0.97);
        // the brand label in front of a look-alike suffix (Greek omicron in "co"): another registrable domain
        LookalikeMatch suffixTrick = match("sakuracard.c\u03bf.jp");
        assertThat(suffixTrick.brand()).isEqualTo(DomainName.of("sakuracard.co.jp"));
        assertThat(suffixTrick.technique()).isEqualTo(Technique.SUBDOMAIN);
    }

    @Test
    void asciiHomoglyphFoundBySkeleton() {
        assertThat(match("rnamori.jp").technique()).isEqualTo(Technique.HOMOGLYPH);
        // rn for m twice is not generated but has the brand's skeleton
        LookalikeMatch both = match("rnarnori.jp");
        assertThat(both.technique()).isEqualTo(Technique.HOMOGLYPH);
        assertThat(both.brand()).isEqualTo(DomainName.of("mamori.jp"));
    }

    @Test
    void brandInsideLongerNames() {
        LookalikeMatch keyword = match("mamori-card-login.com");
        assertThat(keyword.brand()).isEqualTo(DomainName.of("mamori.jp"));
        assertThat(keyword.technique()).isIn(Technique.KEYWORD, Technique.EMBEDDED);
        assertThat(match("mamori-login.jp")).extracting(LookalikeMatch::technique, LookalikeMatch::score)
                .containsExactly(Technique.KEYWORD, 0.85);
        LookalikeMatch subdomain = match("secure.mamori.jp.evil.com");
        assertThat(subdomain.technique()).isEqualTo(Technique.SUBDOMAIN);
        assertThat(subdomain.score()).isEqualTo(0.85);
        assertThat(match("sakuracard-campaign2026.xyz").technique()).isEqualTo(Technique.EMBEDDED);
        // a three-letter brand only counts as a whole token, not inside a word
        assertThat(match("jcb-mypage.net").brand()).isEqualTo(DomainName.of("jcb.co.jp"));
        assertThat(match("ajcbx.net")).isNull();
    }

    @Test
    void variantInsideHyphenatedLabel() {
        LookalikeMatch match = match("rnamori-support.com");
        assertThat(match.brand()).isEqualTo(DomainName.of("mamori.jp"));
        assertThat(match.technique()).isEqualTo(Technique.HOMOGLYPH);
        assertThat(match.score()).isLessThan(Technique.HOMOGLYPH.baseScore());
    }

    @Test
    void editDistanceCatchesWhatTheGeneratorDoesNot() {
        // two replacements by far-away keys: no generated candidate, distance 2 from a 10-letter name
        LookalikeMatch match = match("sakurazerd.co.jp");
        assertThat(match.technique()).isEqualTo(Technique.SIMILAR);
        assertThat(match.score()).isEqualTo(0.8);
        // short brands get no fuzzy matching
        assertThat(match("jqz.co.jp")).isNull();
    }

    @Test
    void matchAllKeepsOrderAcrossThreads() {
        String[] names = new String[30_000];
        for (int i = 0; i < names.length; i++) {
            names[i] = i % 1000 == 7 ? "mmaori.jp" : "site" + i + ".com";
        }
        List<LookalikeMatch> matches = matcher.matchAll(names, names.length, 2);
        assertThat(matches).hasSize(30).allMatch(m -> m.observed().equals("mmaori.jp"));
    }
}
